#!/usr/bin/env bash
# make bench-app: launch -> dashboard painted with the sample mission, and memory (PSS) of the app
# and its WebKit processes, under Xvfb. Prints a Markdown table (also written to $OUT if set).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${APP:?set APP to the app binary}"
export APP RUNS="${RUNS:-5}"
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  port=$(( 4944 + RANDOM % 500 ))
  WebKitWebDriver --port=$port >/tmp/eom-bench-driver.log 2>&1 &
  drv=$!
  trap "kill $drv 2>/dev/null" EXIT
  for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  cd "'"$here"'" && WEBDRIVER_PORT=$port node bench.js
'
