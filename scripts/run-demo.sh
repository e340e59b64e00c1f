#!/usr/bin/env bash
# `make run`: the gateway on an SQLite file with the demo configuration and stand-ins for the home system and Cassiopée.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
token() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
export PASSERELLE_TOKEN_HOME="${PASSERELLE_TOKEN_HOME:-$(token)}"
export PASSERELLE_TOKEN_OPS="${PASSERELLE_TOKEN_OPS:-$(token)}"
export PASSERELLE_TOKEN_AUDITOR="${PASSERELLE_TOKEN_AUDITOR:-$(token)}"
export PASSERELLE_TOKEN_CASSIOPEE="${PASSERELLE_TOKEN_CASSIOPEE:-$(token)}"
export PASSERELLE_SAPHIR_HMAC_SECRET="${PASSERELLE_SAPHIR_HMAC_SECRET:-$(token)}"
export PASSERELLE_TOKEN_OFFICER="${PASSERELLE_TOKEN_OFFICER:-$(token)}"
export PASSERELLE_SMS_PHONE_KEY="${PASSERELLE_SMS_PHONE_KEY:-$(head -c 32 /dev/urandom | base64)}"
export PASSERELLE_SMS_HASH_KEY="${PASSERELLE_SMS_HASH_KEY:-$(token)$(token)}"
export PASSERELLE_SMS_TWILIO_TOKEN="${PASSERELLE_SMS_TWILIO_TOKEN:-$(token)}"
export PASSERELLE_SMS_JSON_KEY="${PASSERELLE_SMS_JSON_KEY:-$(token)}"
export PASSERELLE_SMS_JSON_SECRET="${PASSERELLE_SMS_JSON_SECRET:-$(token)}"
cat <<TXT
Passerelle demo — tokens for this run only (set PASSERELLE_TOKEN_HOME/OPS/AUDITOR/CASSIOPEE to choose your own):
  export PASSERELLE_TOKEN_HOME=$PASSERELLE_TOKEN_HOME
  export PASSERELLE_TOKEN_OPS=$PASSERELLE_TOKEN_OPS
  export PASSERELLE_TOKEN_CASSIOPEE=$PASSERELLE_TOKEN_CASSIOPEE
  export PASSERELLE_TOKEN_OFFICER=$PASSERELLE_TOKEN_OFFICER

Try, in another terminal (after the three exports above):
  curl -s -X POST http://127.0.0.1:8080/v1/messages -H "Authorization: Bearer \$PASSERELLE_TOKEN_HOME" \\
       -H 'Content-Type: application/json' --data @examples/measure-mandated.json
  curl -s http://127.0.0.1:9101/_stub/requests            # what the stand-in home system received
  curl -s -X POST http://127.0.0.1:8080/inbound/cassiopee -H "Authorization: Bearer \$PASSERELLE_TOKEN_CASSIOPEE" \\
       -H 'Content-Type: application/xml' --data-binary @examples/cassiopee-transmission.xml   # a court decision
  curl -s -X POST http://127.0.0.1:8080/v1/messages -H "Authorization: Bearer \$PASSERELLE_TOKEN_HOME" \\
       -H 'Content-Type: application/json' --data @examples/report-submitted.json         # a report for the parquet
  curl -s http://127.0.0.1:9102/_stub/requests            # what the Cassiopée stub received (XML, no notes)
  curl -s -X POST http://127.0.0.1:8080/v1/messages -H "Authorization: Bearer \$PASSERELLE_TOKEN_HOME" \\
       -H 'Content-Type: application/json' --data @examples/placement-ordered.json
  curl -s http://127.0.0.1:9103/_stub/requests            # the placement order the stand-in SAPHIR received
  # GENESIS is polled: its stand-in on :9104 serves contracts/genesis/feed; the movements, the fiches' updates and
  # the measure suspended by an écrou are already at the home stand-in (kinds custody.movement, penal-record.updated,
  # measure.status-changed):
  curl -s http://127.0.0.1:9104/genesis/mouvements?taille=3   # the feed as GENESIS serves it
  .build/debug/passerelle adapters disable genesis --reason "maintenance" --config config/demo.yaml   # the poller stops
  # SMS: an appointment booked in the home system gets its summon now and a reminder 48 h before
  curl -s -X POST http://127.0.0.1:8080/v1/messages -H "Authorization: Bearer \$PASSERELLE_TOKEN_HOME" \\
       -H 'Content-Type: application/json' --data @examples/appointment-scheduled.json
  curl -s http://127.0.0.1:9105/_stub/messages            # the SMS the provider stand-in received
  .build/debug/passerelle sms remind 0190f3a2-7b1c-7000-8000-0000000000b1   # an officer's reminder, now or at the next allowed time
  curl -s http://127.0.0.1:8080/v1/appointments/0190f3a2-7b1c-7000-8000-0000000000b1/sms -H "Authorization: Bearer \$PASSERELLE_TOKEN_OFFICER"
  curl -s -X POST http://127.0.0.1:9105/_stub/replies -H 'Content-Type: application/json' \\
       --data '{"from":"+262639980001","text":"STOP"}'   # the handset answers STOP: pending reminders withdrawn
  # the console: open http://127.0.0.1:8080/console/login and sign in with \$PASSERELLE_TOKEN_OPS
  # the officer page (upcoming appointments, their SMS, "Send reminder"): sign in there with \$PASSERELLE_TOKEN_OFFICER,
  #   you land on http://127.0.0.1:8080/console/appointments (post examples/appointment-scheduled.json first)
  curl -s http://127.0.0.1:8080/health/ready
  curl -s http://127.0.0.1:8080/metrics -H "Authorization: Bearer \$PASSERELLE_TOKEN_OPS"
  .build/debug/passerelle messages show MESSAGE_ID --config config/demo.yaml
  .build/debug/passerelle adapters disable home --reason "maintenance" --config config/demo.yaml
  .build/debug/passerelle deliveries list --config config/demo.yaml
  .build/debug/passerelle audit verify --config config/demo.yaml

TXT
exec .build/debug/passerelle serve --config config/demo.yaml
