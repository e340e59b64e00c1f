#!/usr/bin/env bash
# `make bench`: durable accept throughput and latency, 1 and 64 clients, then the delivery drain rate; then SAPHIR's
# outage backlog (signed webhooks from 64 senders, 50,000 events for 15,000 people by default).
set -euo pipefail
cd "$(dirname "$0")/.."
.build/release/PasserelleBench "${BENCH_MESSAGES:-4000}" "${BENCH_SAPHIR_EVENTS:-50000}" "${BENCH_SAPHIR_PEOPLE:-15000}"
