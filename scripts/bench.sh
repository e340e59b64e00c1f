#!/usr/bin/env bash
# `make bench`: durable accept throughput and latency, 1 and 64 clients, then the delivery drain rate.
set -euo pipefail
cd "$(dirname "$0")/.."
.build/release/PasserelleBench "${BENCH_MESSAGES:-4000}"
