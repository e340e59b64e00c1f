# Passerelle — `make run` and `make test` do all set-up on a fresh Debian machine.
SHELL := /bin/bash
SWIFT ?= swift
BUILD_FLAGS ?=
APT_PACKAGES := libxml2-dev libcurl4-openssl-dev libsqlite3-dev pkg-config postgresql python3-pip curl chromium chromium-driver prometheus
BIN := .build/debug/passerelle

.PHONY: setup build run test bench clean help

help:
	@echo "make run    build and start the gateway with the demo configuration and a stand-in home system"
	@echo "make test   build and run every test (unit, end to end over HTTP, crash test, both stores, three instances"
	@echo "            on one PostgreSQL); tests start a throwaway PostgreSQL server themselves"
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

clean:
	rm -rf .build var
