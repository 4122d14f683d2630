#!/usr/bin/env bash
# make bench-app: launch -> dashboard, every screen's first rows, a filter change, a search keystroke
# and the memory (PSS) of the app and its WebKit processes, on the sample mission and generated
# 1,500- and 20,000-visit missions (BENCH_SIZES), under Xvfb. Prints a Markdown table (also written
# to $OUT, the figures as JSON to $OUT_JSON). APP: the release app; EOM_CLI: the eom binary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${APP:?set APP to the app binary}"
: "${EOM_CLI:?set EOM_CLI to the eom binary}"
# Keys and data of the runs stay out of the user's own folders.
export XDG_DATA_HOME="${XDG_DATA_HOME:-$(mktemp -d)}"
export APP EOM_CLI RUNS="${RUNS:-5}" GTK_USE_PORTAL=0
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  port=$(( 4944 + RANDOM % 500 ))
  WebKitWebDriver --port=$port >/tmp/eom-bench-driver.log 2>&1 &
  drv=$!
  trap "kill $drv 2>/dev/null" EXIT
  for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  cd "'"$here"'" && WEBDRIVER_PORT=$port node bench.js
'
