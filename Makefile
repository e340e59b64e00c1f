# Passerelle — `make run` and `make test` do all set-up on a fresh Debian machine.
SHELL := /bin/bash
SWIFT ?= swift
BUILD_FLAGS ?=
APT_PACKAGES := libxml2-dev libcurl4-openssl-dev libsqlite3-dev pkg-config postgresql python3-pip curl chromium chromium-driver
# The package and its test: promtool checks the alert rules, systemd-analyze the unit, man renders the man page,
# strip (binutils) slims the packaged binary.
APT_PACKAGES += prometheus systemd man-db adduser binutils
BIN := .build/debug/passerelle

.PHONY: setup build run test bench package clean help

help:
	@echo "make run    build and start the gateway with the demo configuration and a stand-in home system"
	@echo "make test   build and run every test (unit, end to end over HTTP, crash test, both stores, three instances"
	@echo "            on one PostgreSQL); tests start a throwaway PostgreSQL server themselves"
	@echo "make package  build passerelle_<version>_amd64.deb (release binary, systemd unit, man page) in .build/package/"
	@echo "make bench  accept and delivery throughput with full durability: SQLite, then 1, 2 and 3 instances on PostgreSQL; SMS planning and sends at the rate limit"

setup:
	@scripts/setup.sh $(APT_PACKAGES)

build: setup
	$(SWIFT) build $(BUILD_FLAGS)

run: build
	@scripts/run-demo.sh

test: setup
	SWIFT=$(SWIFT) BUILD_FLAGS="$(BUILD_FLAGS)" scripts/test.sh

bench: setup
	$(SWIFT) build -c release $(BUILD_FLAGS)
	scripts/bench.sh

package: setup
	$(SWIFT) build -c release --static-swift-stdlib --product passerelle $(BUILD_FLAGS)
	scripts/package.sh .build/release/passerelle .build/package

clean:
	rm -rf .build var
