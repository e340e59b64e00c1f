import Logging
import PostgresNIO

/// The schema, as named migrations applied in order and recorded in `schema_migrations`; the names are those of the
/// SQLite store. Applied under an advisory lock, so instances starting together apply each migration once.
enum PostgresMigrations {
    static let lockKey: Int64 = 0x5041_5353_4d49_4752  // "PASSMIGR"

    /// Each migration is a list of statements: the extended protocol takes one statement per query.
    static let all: [(name: String, statements: [String])] = [
        ("0001-messages-deliveries-audit", [
            """
            CREATE TABLE messages (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                source_system TEXT NOT NULL,
                source_site TEXT NOT NULL,
                source_message_id TEXT NOT NULL,
                subject_key TEXT NOT NULL,
                purpose TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                body BYTEA NOT NULL,
                received_at BIGINT NOT NULL,
                UNIQUE (source_system, source_message_id)
            )
            """,
            """
            CREATE TABLE deliveries (
                seq BIGSERIAL PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                message_id TEXT NOT NULL REFERENCES messages(id),
                destination TEXT NOT NULL,
                subject_key TEXT NOT NULL,
                payload BYTEA,
                categories TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                cycle_attempts BIGINT NOT NULL DEFAULT 0,
                cycle BIGINT NOT NULL DEFAULT 1,
                next_attempt_at BIGINT NOT NULL,
                lease_owner TEXT,
                lease_expires_at BIGINT,
                last_error TEXT,
                last_http_status BIGINT,
                delivered_at BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX deliveries_by_message ON deliveries(message_id)",
            "CREATE INDEX deliveries_open ON deliveries(destination, seq) WHERE status IN ('pending', 'in_flight')",
            """
            CREATE INDEX deliveries_open_subject ON deliveries(destination, subject_key, seq)
                WHERE status IN ('pending', 'in_flight')
            """,
            "CREATE INDEX deliveries_by_status ON deliveries(status, destination)",
            // Several instances claim at once: whatever the interleaving, one lane (destination, subject) never has
            // two deliveries in flight, so its order cannot be broken by a race between claims.
            """
            CREATE UNIQUE INDEX deliveries_one_in_flight_per_lane ON deliveries(destination, subject_key)
                WHERE status = 'in_flight'
            """,
            """
            CREATE TABLE attempts (
                id BIGSERIAL PRIMARY KEY,
                delivery_id TEXT NOT NULL REFERENCES deliveries(id),
                attempt BIGINT NOT NULL,
                cycle BIGINT NOT NULL,
                outcome TEXT NOT NULL,
                http_status BIGINT,
                error TEXT,
                started_at BIGINT NOT NULL,
                finished_at BIGINT,
                actor TEXT,
                reason TEXT
            )
            """,
            "CREATE INDEX attempts_by_delivery ON attempts(delivery_id)",
            """
            CREATE TABLE audit (
                seq BIGINT PRIMARY KEY,
                at BIGINT NOT NULL,
                operation TEXT NOT NULL,
                actor TEXT NOT NULL,
                actor_function TEXT NOT NULL,
                purpose TEXT,
                subject TEXT,
                categories TEXT NOT NULL,
                fields TEXT NOT NULL,
                recipients TEXT NOT NULL,
                outcome TEXT NOT NULL,
                message_id TEXT,
                correlation_id TEXT,
                origin TEXT,
                detail TEXT,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_by_subject ON audit(subject, seq)",
            """
            CREATE TABLE adapter_states (
                name TEXT PRIMARY KEY,
                mode TEXT NOT NULL,
                actor TEXT,
                reason TEXT,
                changed_at BIGINT
            )
            """,
        ]),
        // Additive: existing rows are routine. The partial index finds the subjects holding an undelivered alarm.
        ("0002-delivery-priority", [
            "ALTER TABLE deliveries ADD COLUMN priority INTEGER NOT NULL DEFAULT 0",
            """
            CREATE INDEX deliveries_open_alarms ON deliveries(destination, subject_key)
                WHERE priority > 0 AND status IN ('pending', 'in_flight')
            """,
        ]),
        // One row per polling adapter: where its next page starts. Moved only inside an accept's transaction.
        ("0003-poll-cursors", [
            """
            CREATE TABLE poll_cursors (
                adapter TEXT PRIMARY KEY,
                cursor_value TEXT NOT NULL,
                advanced_at BIGINT NOT NULL
            )
            """,
        ]),
        // One row per person: the last penal-record snapshot, to tell what the next one changes. Written only inside
        // an accept's transaction, with the page that produced it.
        ("0004-penal-record-snapshots", [
            """
            CREATE TABLE penal_record_snapshots (
                person_key TEXT PRIMARY KEY,
                version BIGINT NOT NULL,
                body BYTEA NOT NULL,
                stored_at BIGINT NOT NULL
            )
            """,
        ]),
        // The SMS service: contact state (number encrypted, keyed hash for lookup), appointments as last received,
        // the notification outbox (one row per appointment, kind and desired time), attempts and receipts.
        ("0005-sms", PostgresSMSSchema.statements),
        // Which status and which opt-out the home system was told of, written once its notice is queued: a change
        // whose notice a crash or a refused accept lost is found again. Rows already there count as told.
        ("0006-sms-outcome-reports", PostgresSMSSchema.outcomeReports),
        // A new attempt after `failed_temporary` is a new row naming the first of its chain (SMS rules §12.3).
        ("0007-sms-retries", PostgresSMSSchema.retries),
        // The W3C trace context a message came with, sent on with every delivery of it, retries included. Messages
        // stored before have none: their deliveries start a trace of their own.
        ("0010-trace-context", [
            "ALTER TABLE messages ADD COLUMN trace_parent TEXT",
            "ALTER TABLE messages ADD COLUMN trace_state TEXT",
        ]),
    ]

    /// Applies the missing migrations with their records; returns the names applied now.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger)
                .decode(String.self) {
                applied.insert(name)
            }
            var appliedNow: [String] = []
            // One transaction for the lock and every missing migration: DDL is transactional in PostgreSQL, so a
            // crash mid-way leaves the schema as it was and the migration unrecorded.
            for migration in all where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger: logger)
                appliedNow.append(migration.name)
            }
            return appliedNow
        }
    }
}
