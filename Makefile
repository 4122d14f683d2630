# EOM Reporter. The two commands a new machine needs:
#   make run    install what is missing, build, open the app on the default database
#   make test   install what is missing, then formatting, lints and every test
# Everything installs itself on a fresh Debian/Ubuntu machine (apt, npm); Rust comes from rustup.

SHELL := /bin/bash
.DEFAULT_GOAL := test
CARGO ?= cargo
# libssl-dev: SQLCipher (encryption at rest) links the system's libcrypto; see docs/benchmarks.md.
CORE_APT := build-essential pkg-config libssl-dev poppler-utils python3

.PHONY: all deps test test-core lint fmt run run-cli bench clean stress fuzz

# The desktop app's targets: desktop-deps, ui-build, app-build, run-app, test-desktop, package,
# bench-app, bindings.
include mk/desktop.mk

all: test

# apt packages only when missing (root or sudo), so repeated runs stay fast and offline.
deps:
	@missing=""; for p in $(CORE_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi
	@command -v $(CARGO) >/dev/null || { echo "Rust is missing: install it with rustup (https://rustup.rs)"; exit 1; }

fmt:
	$(CARGO) fmt --all

# The app embeds ui/dist, so even checking the workspace needs the UI built first.
lint: deps ui-build
	$(CARGO) fmt --all --check
	$(CARGO) clippy $(WORKSPACE) --all-targets -- -D warnings

test-core: deps ui-build
	$(CARGO) test $(WORKSPACE)
	python3 docs/check_templates.py

test: lint test-core test-desktop

# The CLI alone: load the sample mission into the default database and print its statistics.
# Built with the features of `make test` (the whole workspace selected, only the `eom` binary
# built), so after `make test` nothing compiles again; `--release -p eom-cli` would rebuild typst.
run-cli: deps
	$(CARGO) build $(WORKSPACE) --bin eom
	./target/debug/eom demo
	./target/debug/eom stats

run: deps run-app

bench: deps
	$(CARGO) bench -p eom-core --bench mission
	$(CARGO) bench -p eom-report --bench report

# The crash test at full length: 200 random SIGKILLs during autosave (docs/security.md).
EOM_CRASH_ITERATIONS ?= 200
stress: deps
	EOM_CRASH_ITERATIONS=$(EOM_CRASH_ITERATIONS) $(CARGO) test -p eom-core --test crash -- --nocapture

# Each fuzz target for FUZZ_SECONDS. cargo-fuzz needs nightly features: a rustup nightly when there
# is one, otherwise stable told to allow them. New inputs go to fuzz/work (the committed seed
# corpus stays small), crashes to fuzz/artifacts. The template target is also seeded from the
# built-in templates where they live, so the seeds are never stale copies of them.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := stations_csv bundle template
FUZZ_TARGET_DIR ?= $(CURDIR)/target-fuzz
FUZZ_CARGO := $(shell rustup run nightly rustc --version >/dev/null 2>&1 && echo "cargo +nightly" || echo "RUSTC_BOOTSTRAP=1 cargo")
fuzz: deps
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p work/$$t && seeds=corpus/$$t && \
	  if [ $$t = template ]; then seeds="$$seeds ../crates/eom-core/templates"; fi && \
	  CARGO_TARGET_DIR=$(FUZZ_TARGET_DIR) $(FUZZ_CARGO) fuzz run $$t work/$$t $$seeds -- \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 || exit 1; \
	done

clean:
	$(CARGO) clean

# Windows (issue 16, docs/platforms.md): cross-built here with mingw-w64, packed with Debian's
# makensis, tested under Debian's wine. Own cargo target folder (WIN_TARGET_DIR), so neither the
# Linux build nor another cargo run waits on its lock; point it outside the clone to keep it
# incremental between clones on one machine.
#   make package-windows  WIN_TARGET_DIR/package/: EOM-Reporter-VERSION-setup.exe (per-user NSIS
#                         installer) and EOM-Reporter-VERSION-windows-x64.zip (portable); checks
#                         eom-app.exe's resources and installs, runs and uninstalls the installer
#                         under wine
#   make test-windows     the CLI's scenarios against eom.exe under wine, compared byte for byte
#                         with the Linux build (EOM_LINUX=path uses that Linux eom instead of
#                         building target/debug/eom as `make run-cli` does)
WIN_TRIPLE := x86_64-pc-windows-gnu
WIN_TARGET_DIR ?= $(CURDIR)/target-windows
WIN_RELEASE := $(WIN_TARGET_DIR)/$(WIN_TRIPLE)/release
WIN_APT := mingw-w64 nsis wine wine64 zip icoutils python3-pil
WIN_BUILD := CARGO_TARGET_DIR=$(WIN_TARGET_DIR) $(CARGO) build --release --target $(WIN_TRIPLE)

.PHONY: windows-deps package-windows test-windows

windows-deps: deps
	@missing=""; for p in $(WIN_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi
	@rustup target list --installed | grep -qx $(WIN_TRIPLE) || rustup target add $(WIN_TRIPLE)
	@[ -f src-tauri/icons/icon.ico ] || /usr/bin/python3 packaging/windows/make-icon.py

# The app and the CLI in one build (one feature resolution: typst compiles once), OpenSSL vendored
# for SQLCipher (Windows has no system libcrypto).
package-windows: windows-deps ui-build
	$(WIN_BUILD) -p eom-app -p eom-cli --features eom-app/custom-protocol,eom-core/vendored-openssl
	bash packaging/windows/package.sh $(WIN_RELEASE) $(WIN_TARGET_DIR)/package
	bash packaging/windows/test/test-installer.sh $(WIN_TARGET_DIR)/package

test-windows: windows-deps
	$(WIN_BUILD) -p eom-cli --features eom-core/vendored-openssl
	@if [ -z "$(EOM_LINUX)" ]; then echo "$(CARGO) build $(WORKSPACE) --bin eom"; $(CARGO) build $(WORKSPACE) --bin eom; fi
	bash packaging/windows/test/test-wine.sh $(WIN_RELEASE)/eom.exe $(or $(EOM_LINUX),target/debug/eom)
