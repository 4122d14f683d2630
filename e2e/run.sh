#!/usr/bin/env bash
# Runs the end-to-end journeys in the real app window:
# node:test -> WebdriverIO -> WebKitWebDriver -> the app built with `make app-build`,
# under a private D-Bus session and Xvfb at 1280x800.
#   APP=path/to/eom-app (the e2e build)   EOM_CLI=path/to/eom (for `eom stats --json`)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${APP:?set APP to the app binary built with the e2e feature}"
export GTK_USE_PORTAL=0 APP EOM_CLI="${EOM_CLI:-}" SCREENSHOTS="${SCREENSHOTS:-$here/../docs/screenshots}"
mkdir -p "$SCREENSHOTS"
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  port=$(( 4444 + RANDOM % 500 ))
  WebKitWebDriver --port=$port >/tmp/eom-webkitwebdriver.log 2>&1 &
  drv=$!
  trap "kill $drv 2>/dev/null" EXIT
  for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  cd "'"$here"'" && WEBDRIVER_PORT=$port node --test --test-concurrency=1 --test-reporter=spec ${E2E_TESTS:-tests/} 2>&1
' 2>"${E2E_NOISE_LOG:-/tmp/eom-e2e-desktop-noise.log}"   # GTK/D-Bus/portal chatter of the headless session
