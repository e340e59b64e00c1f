#!/usr/bin/env bash
# `make bench`: durable accept throughput and latency, then the delivery drain rate: SQLite with 1 and 64 clients
# (BENCH_MESSAGES, default 4,000); 1, 2 and 3 instances on one PostgreSQL (BENCH_PG_MESSAGES, default 100,000; the
# bench starts its own throwaway PostgreSQL server); SAPHIR's outage backlog of signed webhooks from 64 senders
# (BENCH_SAPHIR_EVENTS for BENCH_SAPHIR_PEOPLE, default 50,000 for 15,000); a GENESIS backlog polled into the store
# (BENCH_GENESIS_MOVEMENTS for BENCH_GENESIS_PEOPLE, default 20,000 for 2,000; goal ≥ 2,000 movements/s); SMS reminders
# planned per second for BENCH_SMS_APPOINTMENTS (default 100,000) and BENCH_SMS_SENDS summons (default 200) sent to the
# provider stub at BENCH_SMS_RATE per second (default 20), with the busiest one-second window checked against the limit.
set -euo pipefail
cd "$(dirname "$0")/.."
.build/release/PasserelleBench
