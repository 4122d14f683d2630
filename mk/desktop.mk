# Desktop app (src-tauri/ + ui/ + e2e/). Included from the root Makefile.
#
#   make desktop-deps   apt packages (only those missing), npm modules (only when missing)
#   make ui-build       build the Svelte UI into ui/dist
#   make app-build      build the app for the e2e tests (debug, embedded UI, cargo feature `e2e`)
#   make run-app        build and open the app on the default database (EOM_DB overrides it)
#   make test-desktop   Rust tests of the shell, vitest, the e2e journeys in the real window, and
#                       the README's `make run` itself (headless and under Xvfb)
#   make package        the .deb (release build, no test features)
#   make bench-app      every screen's timings and memory (PSS) under Xvfb at 42, 1,500 and 20,000
#                       visits, release build (docs/benchmarks.md)
#   make bindings       regenerate ui/src/lib/bindings/{types,app}.ts from the Rust types

DESKTOP_APT := libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libsoup-3.0-dev \
  libjavascriptcoregtk-4.1-dev libayatana-appindicator3-dev libxdo-dev libssl-dev build-essential \
  pkg-config file xvfb xauth webkit2gtk-driver dbus-x11 imagemagick xdotool
TAURI := ../ui/node_modules/.bin/tauri
APP_DEBUG := target/debug/eom-app
APP_E2E := target/e2e/eom-app
# Every cargo invocation of `make test` selects the whole workspace with the same features, so
# dependencies (typst, tauri) resolve identically and compile once for checking, once for building.
APP_FEATURES := eom-app/custom-protocol,eom-app/e2e
WORKSPACE := --workspace --features $(APP_FEATURES)
# `make run`: the same workspace and dependency features (nothing but eom-app recompiles), without
# the test-only dialog override.
RUN_BUILD := --workspace --features eom-app/custom-protocol

.PHONY: desktop-deps ui-build app-build run-app test-desktop test-desktop-unit test-e2e test-make-run package bench-app bindings

desktop-deps:
	@missing=""; for p in $(DESKTOP_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' 2>/dev/null || \
	  { echo "Node.js 20 or newer is needed (Debian 12's nodejs 18 is too old for Vite 8)"; exit 1; }
	@[ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund)
	@[ -d e2e/node_modules ] || (cd e2e && npm ci --no-audit --no-fund --ignore-scripts)

ui-build: desktop-deps
	cd ui && npm run build

# Debug build with the embedded UI (not the dev server: see the cfg(dev) trap) and the e2e
# dialog override; copied aside so `run-app` (without the feature) does not replace it.
app-build: ui-build
	$(CARGO) build $(WORKSPACE)
	mkdir -p $(dir $(APP_E2E)) && cp $(APP_DEBUG) $(APP_E2E)

run-app: ui-build
	$(CARGO) build $(RUN_BUILD)
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display: the app is built ($(APP_DEBUG)) but cannot open a window here."; \
	  echo "Run it on a desktop session, or headless for a look:"; \
	  echo "  dbus-run-session -- xvfb-run -a -s '-screen 0 1280x800x24' $(APP_DEBUG)"; \
	  echo "Its database: $${EOM_DB:-$${XDG_DATA_HOME:-$$HOME/.local/share}/org.eom-reporter.app/mission.eom}"; \
	else \
	  exec $(APP_DEBUG); \
	fi

# Writes ui/src/lib/bindings/types.ts (the library crates' types, crates/eom-bindings; checked by a
# plain `cargo test`) and app.ts (the shell's own command types, src-tauri/src/bindings.rs).
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test $(WORKSPACE) --lib typescript_bindings_are_fresh

# The shell's Rust tests run with the rest of the workspace in `test-core`.
test-desktop-unit: ui-build
	cd ui && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings
	cd ui && npx vitest run

test-e2e: app-build
	APP=$(CURDIR)/$(APP_E2E) EOM_CLI=$(CURDIR)/target/debug/eom bash e2e/run.sh

# The README's `make run`, without a display and under Xvfb (e2e/make-run.sh). After test-e2e:
# its build differs from the e2e build in the eom-app crate only.
test-make-run: test-e2e
	bash e2e/make-run.sh

test-desktop: test-desktop-unit test-e2e test-make-run

# The app and the `eom` CLI in one release build (one feature resolution, so typst compiles once),
# then `tauri bundle` packs both: the .deb installs /usr/bin/eom-app and /usr/bin/eom.
package: ui-build
	$(CARGO) build --release $(RUN_BUILD) --bin eom-app --bin eom
	cd src-tauri && $(TAURI) bundle --bundles deb
	@ls -l target/release/bundle/deb/*.deb
	@dpkg-deb -c target/release/bundle/deb/*.deb | grep -E 'usr/bin/eom(-app)?$$'

# Measured on the release build (what observers run), not the debug e2e build.
bench-app: ui-build
	$(CARGO) build --release $(RUN_BUILD) --bin eom-app --bin eom
	APP=$(CURDIR)/target/release/eom-app EOM_CLI=$(CURDIR)/target/release/eom bash e2e/bench.sh
