# EOM Reporter. The two commands a new machine needs:
#   make run    install what is missing, build, open the app on the default database
#   make test   install what is missing, then formatting, lints and every test
# Everything installs itself on a fresh Debian/Ubuntu machine (apt, npm); Rust comes from rustup.

SHELL := /bin/bash
.DEFAULT_GOAL := test
CARGO ?= cargo
# libssl-dev: SQLCipher (encryption at rest) links the system's libcrypto; see docs/benchmarks.md.
CORE_APT := build-essential pkg-config libssl-dev poppler-utils python3

.PHONY: all deps test test-core lint lint-desktop fmt run run-cli bench clean

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

lint: deps
	$(CARGO) fmt --all --check
	$(CARGO) clippy -p eom-core -p eom-cli -p eom-report --all-targets -- -D warnings

test-core: deps
	$(CARGO) test
	python3 docs/check_templates.py

lint-desktop: ui-build
	cd src-tauri && $(CARGO) fmt --check
	cd src-tauri && $(CARGO) clippy --all-targets --features $(APP_FEATURES) -- -D warnings

test: lint test-core lint-desktop test-desktop

# The CLI alone: load the sample mission into the default database and print its statistics.
run-cli: deps
	$(CARGO) build --release -p eom-cli
	./target/release/eom demo
	./target/release/eom stats

run: deps run-app

bench: deps
	$(CARGO) bench -p eom-core --bench mission
	$(CARGO) bench -p eom-report --bench report

clean:
	$(CARGO) clean
