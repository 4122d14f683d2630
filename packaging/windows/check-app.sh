#!/usr/bin/env bash
# Checks what the window of eom-app.exe needs and wine cannot show here (no WebView2): the GUI
# subsystem (no console window behind the app), the icon, the version information, and DLL imports
# that Windows has or the package ships (WebView2Loader.dll). Same for eom.exe, a console program.
#
# usage: check-app.sh EOM_APP_EXE EOM_EXE VERSION
set -euo pipefail
app=$1; cli=$2; version=$3
objdump=x86_64-w64-mingw32-objdump
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "check-app: $*" >&2; exit 1; }

subsystem() { "$objdump" -p "$1" | awk '$1 == "Subsystem" { print $2 }'; }
[ "$(subsystem "$app")" = 00000002 ] || fail "eom-app.exe: subsystem $(subsystem "$app"), not 2 (Windows GUI): a console window would open behind the app"
[ "$(subsystem "$cli")" = 00000003 ] || fail "eom.exe: subsystem $(subsystem "$cli"), not 3 (console)"

# Windows' own DLLs (and the API sets that stand for them); anything else must ship beside the exe.
system='^(kernel32|ntdll|combase|advapi32|user32|gdi32|shell32|ole32|oleaut32|comctl32|comdlg32|crypt32|bcrypt|bcryptprimitives|ws2_32|userenv|secur32|shlwapi|uxtheme|dwmapi|version|winmm|msvcrt|imm32|rpcrt4|dbghelp|propsys|setupapi|winspool\.drv|api-ms-win-[a-z0-9-]+)\.dll$'
imports() { "$objdump" -p "$1" | awk '/DLL Name:/ { print tolower($3) }' | sort -u; }
extra=$(imports "$cli" | grep -Ev "$system" || true)
[ -z "$extra" ] || fail "eom.exe imports DLLs Windows does not have: $extra"
extra=$(imports "$app" | grep -Ev "$system" | grep -vx 'webview2loader.dll' || true)
[ -z "$extra" ] || fail "eom-app.exe imports DLLs Windows does not have and the package does not ship: $extra"
imports "$app" | grep -qx 'webview2loader.dll' || fail "eom-app.exe does not load WebView2Loader.dll: update the package list"

# The icon group (resource type 14) holds every size of icon.ico.
wrestool -x -t 14 "$app" -o "$tmp/app.ico" 2>/dev/null || true
[ -s "$tmp/app.ico" ] || fail "eom-app.exe has no icon"
sizes=$(icotool -l "$tmp/app.ico" | sed -n 's/.*--width=\([0-9]*\).*/\1/p' | sort -n | paste -sd' ')
want=$(icotool -l "$(dirname "$0")/../../src-tauri/icons/icon.ico" | sed -n 's/.*--width=\([0-9]*\).*/\1/p' | sort -n | paste -sd' ')
[ "$sizes" = "$want" ] || fail "eom-app.exe's icon has sizes $sizes, icon.ico $want"

# The version information (type 16): product name and version as Explorer shows them.
wrestool -x --raw -t 16 "$app" -o "$tmp/version.res" 2>/dev/null || true
[ -s "$tmp/version.res" ] || fail "eom-app.exe has no version information"
python3 - "$tmp/version.res" "$version" <<'PY' || fail "eom-app.exe's version information is incomplete"
import sys
text = open(sys.argv[1], "rb").read().decode("utf-16-le", "replace")
version = sys.argv[2]
want = {"ProductName": "EOM Reporter", "ProductVersion": version, "FileVersion": version}
missing = [f"{k} {v}" for k, v in want.items() if k not in text or v not in text.split(k, 1)[1][:64]]
if missing:
    print("missing:", ", ".join(missing), file=sys.stderr)
    sys.exit(1)
PY
echo "check-app: eom-app.exe GUI subsystem, icon ($sizes px), version $version, imports ok; eom.exe console, system DLLs only"
