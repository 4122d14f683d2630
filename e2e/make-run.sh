#!/usr/bin/env bash
# `make test` runs the README's first command itself (issue 17), so it cannot break unseen:
#  1. `make run` without a display: builds, says so, prints the headless command, exits 0;
#  2. `make run` under Xvfb with a temporary data folder: the app opens on the default database
#     there and shows the first-start screen (checked through WebDriver, screenshot taken), then
#     the test closes it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
tmp=$(mktemp -d /tmp/eom-make-run-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# As a user types it: no make state, no EOM_DB, a data folder of its own.
clean_env=(env -u DISPLAY -u WAYLAND_DISPLAY -u EOM_DB -u MAKEFLAGS -u MFLAGS -u MAKELEVEL
  XDG_DATA_HOME="$tmp/headless")

echo "make run without a display:"
if ! out=$("${clean_env[@]}" make -C "$repo" --no-print-directory run 2>&1); then
  echo "$out" | tail -40
  echo "FAIL: make run exited with an error without a display" >&2
  exit 1
fi
expect() {
  grep -qF -- "$1" <<<"$out" || { echo "$out" | tail -20; echo "FAIL: make run did not print: $1" >&2; exit 1; }
}
expect "No display"
expect "xvfb-run -a -s '-screen 0 1280x800x24' target/debug/eom-app"
expect "Its database: $tmp/headless/org.eom-reporter.app/mission.eom"
echo "  ok: exit 0, the message and the headless command"

echo "make run under Xvfb:"
MAKE_RUN_REPO="$repo" MAKE_RUN_DATA="$tmp/desktop" APP="make run" SCREENSHOTS="${SCREENSHOTS:-$tmp}" \
  E2E_TESTS=make-run/ bash "$here/run.sh"
