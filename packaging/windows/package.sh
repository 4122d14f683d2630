#!/usr/bin/env bash
# Packs the cross-built Windows binaries (make package-windows builds them) into
#   OUT/EOM-Reporter-VERSION-setup.exe           the NSIS installer (Debian's makensis)
#   OUT/EOM-Reporter-VERSION-windows-x64.zip     the portable zip
# after checking eom-app.exe's resources (check-app.sh). Nothing is downloaded.
#
# usage: package.sh RELEASE_DIR OUT_DIR
#   RELEASE_DIR  <cargo target dir>/x86_64-pc-windows-gnu/release
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
release=$1
out=$(mkdir -p "$2" && cd "$2" && pwd)
version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
  "$root/src-tauri/tauri.conf.json")

for f in eom-app.exe eom.exe WebView2Loader.dll; do
  [ -f "$release/$f" ] || { echo "missing $release/$f: build first (make package-windows)"; exit 1; }
done
bash "$here/check-app.sh" "$release/eom-app.exe" "$release/eom.exe" "$version"

stage="$out/stage"
rm -rf "$stage" && mkdir -p "$stage"
cp "$release/eom-app.exe" "$release/eom.exe" "$release/WebView2Loader.dll" "$stage/"
cp "$root/src-tauri/icons/icon.ico" "$stage/"
# Windows line endings for Notepad.
sed 's/$/\r/' "$here/README-windows.txt" > "$stage/README-windows.txt"

installer="$out/EOM-Reporter-$version-setup.exe"
makensis -V2 -WX -INPUTCHARSET UTF8 -DVERSION="$version" -DSTAGE="$stage" -DOUTFILE="$installer" \
  "$here/installer.nsi"

# The portable zip: one folder, the same files as the installer; fixed times, so the same
# binaries give the same zip.
zipdir="$out/zip/EOM Reporter"
rm -rf "$out/zip" && mkdir -p "$zipdir"
cp "$stage/eom-app.exe" "$stage/eom.exe" "$stage/WebView2Loader.dll" "$stage/README-windows.txt" "$zipdir/"
find "$out/zip" -exec touch -d @315532800 {} +
portable="$out/EOM-Reporter-$version-windows-x64.zip"
rm -f "$portable"
(cd "$out/zip" && TZ=UTC zip -q -X -r -9 "$portable" "EOM Reporter")

ls -l "$installer" "$portable"
