#!/usr/bin/env bash
# `make bench`: durable accept throughput and latency, then the delivery drain rate: SQLite with 1 and 64 clients
# (BENCH_MESSAGES, default 4,000), then 1, 2 and 3 instances on one PostgreSQL (BENCH_PG_MESSAGES, default 100,000;
# the bench starts its own throwaway PostgreSQL server).
set -euo pipefail
cd "$(dirname "$0")/.."
.build/release/PasserelleBench "${BENCH_MESSAGES:-4000}" "${BENCH_PG_MESSAGES:-100000}"
