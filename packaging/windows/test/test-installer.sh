#!/usr/bin/env bash
# The end of `make package-windows`: the installer and the zip it wrote, tried under wine in a new
# prefix as a user would (silent mode, since there is no display): installed per user without
# administrator rights, Start-menu entry, uninstall entry, the CLI on the PATH when asked (/CLI) and
# working from there, then uninstalled with the user's data kept. The zip holds the same programs.
#
# usage: test-installer.sh PACKAGE_DIR   (the folder package.sh wrote)
#
# eom.exe needs ProcessPrng, which wine 8 lacks: the test-only stand-in (processprng.c) goes into
# the test prefix's system32, never into the installed folder.
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 PACKAGE_DIR"; exit 2; }
pkg=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
setup=$(ls "$pkg"/EOM-Reporter-*-setup.exe 2>/dev/null | head -1)
zip=$(ls "$pkg"/EOM-Reporter-*-windows-x64.zip 2>/dev/null | head -1)
[ -n "$setup" ] && [ -n "$zip" ] || { echo "no installer or zip in $pkg: run package.sh first"; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/eom-setup.XXXXXX")
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko installers (they would download), no Linux menu entries for the shortcuts.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
export LC_ALL=C.UTF-8 LANG=C.UTF-8 HOME="$work/home"
unset DISPLAY WAYLAND_DISPLAY EOM_DB EOM_PASSPHRASE_FILE EOM_KEY_DIR
mkdir -p "$HOME"
cleanup() { wineserver -k >/dev/null 2>&1; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

wine wineboot --init >"$work/wineboot.log" 2>&1; wineserver -w
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  "$here/processprng.c" "$here/processprng.def" -ladvapi32 || { echo "building the stand-in failed"; exit 2; }

user=$(id -un)
profile="$WINEPREFIX/drive_c/users/$user"
inst="$profile/AppData/Local/Programs/EOM Reporter"
inst_win="C:\\users\\$user\\AppData\\Local\\Programs\\EOM Reporter"
menu="$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/EOM Reporter.lnk"
data="$profile/AppData/Roaming/org.eom-reporter.app"
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\org.eom-reporter.app'

pass=0; fail=0
check() {
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); echo "ok    $name"
  else fail=$((fail + 1)); echo "FAIL  $name ($*)"; fi
}
reg_value() { wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | awk -v k="$2" '$1 == k { $1 = ""; $2 = ""; sub(/^ +/, ""); print }'; }

echo "== the installer"
wrestool -x --raw -t 24 "$setup" 2>/dev/null | grep -q 'level="asInvoker"'
check "it asks for no administrator rights (manifest: asInvoker)" test "${PIPESTATUS[1]}" = 0
wine "$setup" /S /CLI >"$work/setup.log" 2>&1; rc=$?; wineserver -w
check "silent install with /CLI exits 0" test "$rc" = 0
for f in eom-app.exe WebView2Loader.dll cli/eom.exe uninstall.exe README-windows.txt; do
  check "installed for this user: $f" test -s "$inst/$f"
done
check "the test stand-in is not in the installed folder" bash -c "! find '$inst' -iname 'bcryptprimitives*' | grep -q ."
check "Start-menu entry" test -s "$menu"
check "\"Apps & features\" entry" test "$(reg_value "$uninstall_key" DisplayName)" = "EOM Reporter"
check "its uninstaller" test "$(reg_value "$uninstall_key" UninstallString)" = "\"$inst_win\\uninstall.exe\""
path=$(reg_value 'HKCU\Environment' Path)
check "the CLI's folder is on the user's PATH" bash -c "[[ '$path' == *'$inst_win\\cli'* ]]"

echo "== the installed CLI"
(cd "$work" && wine cmd /c "eom demo" >"$work/eom.out" 2>"$work/eom.err" </dev/null); rc=$?
check "\`eom demo\` from the PATH in a new cmd" test "$rc" = 0
check "it writes %APPDATA%\\org.eom-reporter.app\\mission.eom" test -s "$data/mission.eom"

echo "== uninstall"
wine "$inst/uninstall.exe" /S >"$work/uninstall.log" 2>&1; wineserver -w
check "the program is gone" test ! -e "$inst/eom-app.exe" -a ! -e "$inst/cli/eom.exe"
check "the folder is gone" test ! -e "$inst"
check "the Start-menu entry is gone" test ! -e "$menu"
check "the \"Apps & features\" entry is gone" bash -c "! wine reg query '$uninstall_key' >/dev/null 2>&1"
path=$(reg_value 'HKCU\Environment' Path)
check "the CLI's folder is off the PATH" bash -c "[[ '$path' != *'EOM Reporter'* ]]"
check "the user's mission is kept" test -s "$data/mission.eom"
check "and the signing key" test -s "$data/signing-key.ed25519"

echo "== the portable zip"
unzip -Z1 "$zip" | sort >"$work/zip.list"
printf '%s\n' "EOM Reporter/" "EOM Reporter/README-windows.txt" "EOM Reporter/WebView2Loader.dll" \
  "EOM Reporter/eom-app.exe" "EOM Reporter/eom.exe" | sort >"$work/zip.want"
check "it holds the app, WebView2Loader.dll, eom.exe and the readme, nothing else" \
  cmp -s "$work/zip.list" "$work/zip.want"
mkdir -p "$work/unzip" && (cd "$work/unzip" && unzip -q "$zip")
check "its eom.exe is the installer's" cmp -s "$work/unzip/EOM Reporter/eom.exe" "$pkg/stage/eom.exe"

echo
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
