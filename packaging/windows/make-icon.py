#!/usr/bin/env python3
"""Writes src-tauri/icons/icon.ico from the app's PNG icon (Debian's python3-pil).

tauri-build refuses a Windows target without icon.ico; the installer and the Start-menu entry use it
too. Sizes 16 to 256 pixels, each resampled from the 256-pixel PNG, so Explorer never scales one.
Run by `make package-windows` only when the .ico is missing; the committed file is its output.
"""
import sys
from pathlib import Path

from PIL import Image

root = Path(__file__).resolve().parents[2]
src = root / "src-tauri" / "icons" / "icon.png"
out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "src-tauri" / "icons" / "icon.ico"
image = Image.open(src).convert("RGBA")
sizes = [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
image.save(out, format="ICO", sizes=sizes)
print(f"{out}: {', '.join(str(s[0]) for s in sizes)} px")
