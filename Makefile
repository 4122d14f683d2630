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
# corpus stays small), crashes to fuzz/artifacts.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := stations_csv bundle template
FUZZ_TARGET_DIR ?= $(CURDIR)/target-fuzz
FUZZ_CARGO := $(shell rustup run nightly rustc --version >/dev/null 2>&1 && echo "cargo +nightly" || echo "RUSTC_BOOTSTRAP=1 cargo")
fuzz: deps
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p work/$$t && \
	  CARGO_TARGET_DIR=$(FUZZ_TARGET_DIR) $(FUZZ_CARGO) fuzz run $$t work/$$t corpus/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 || exit 1; \
	done

clean:
	$(CARGO) clean
