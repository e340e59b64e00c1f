import GRDB

/// The schema, as named migrations applied in order; the same names are used by every store.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001-messages-deliveries-audit") { db in
            try db.execute(sql: """
                CREATE TABLE messages (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    source_system TEXT NOT NULL,
                    source_site TEXT NOT NULL,
                    source_message_id TEXT NOT NULL,
                    subject_key TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    body BLOB NOT NULL,
                    received_at INTEGER NOT NULL,
                    UNIQUE (source_system, source_message_id)
                );
                CREATE TABLE deliveries (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    message_id TEXT NOT NULL REFERENCES messages(id),
                    destination TEXT NOT NULL,
                    subject_key TEXT NOT NULL,
                    payload BLOB,
                    categories TEXT NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    cycle_attempts INTEGER NOT NULL DEFAULT 0,
                    cycle INTEGER NOT NULL DEFAULT 1,
                    next_attempt_at INTEGER NOT NULL,
                    lease_owner TEXT,
                    lease_expires_at INTEGER,
                    last_error TEXT,
                    last_http_status INTEGER,
                    delivered_at INTEGER,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX deliveries_by_message ON deliveries(message_id);
                CREATE INDEX deliveries_open ON deliveries(destination, seq) WHERE status IN ('pending', 'in_flight');
                CREATE INDEX deliveries_open_subject ON deliveries(destination, subject_key, seq)
                    WHERE status IN ('pending', 'in_flight');
                CREATE INDEX deliveries_by_status ON deliveries(status, destination);
                CREATE TABLE attempts (
                    delivery_id TEXT NOT NULL REFERENCES deliveries(id),
                    attempt INTEGER NOT NULL,
                    cycle INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    http_status INTEGER,
                    error TEXT,
                    started_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    actor TEXT,
                    reason TEXT
                );
                CREATE INDEX attempts_by_delivery ON attempts(delivery_id);
                CREATE TABLE audit (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    at INTEGER NOT NULL,
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
                );
                CREATE INDEX audit_by_subject ON audit(subject, seq);
                CREATE TABLE adapter_states (
                    name TEXT PRIMARY KEY NOT NULL,
                    mode TEXT NOT NULL,
                    actor TEXT,
                    reason TEXT,
                    changed_at INTEGER
                );
                """)
        }
        // Additive: existing rows are routine. The partial index finds the subjects holding an undelivered alarm.
        migrator.registerMigration("0002-delivery-priority") { db in
            try db.execute(sql: """
                ALTER TABLE deliveries ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX deliveries_open_alarms ON deliveries(destination, subject_key)
                    WHERE priority > 0 AND status IN ('pending', 'in_flight');
                """)
        }
        // One row per polling adapter: where its next page starts. Moved only inside an accept's transaction.
        migrator.registerMigration("0003-poll-cursors") { db in
            try db.execute(sql: """
                CREATE TABLE poll_cursors (
                    adapter TEXT PRIMARY KEY NOT NULL,
                    cursor_value TEXT NOT NULL,
                    advanced_at INTEGER NOT NULL
                );
                """)
        }
        // One row per person: the last penal-record snapshot, to tell what the next one changes. Written only inside
        // an accept's transaction, with the page that produced it.
        migrator.registerMigration("0004-penal-record-snapshots") { db in
            try db.execute(sql: """
                CREATE TABLE penal_record_snapshots (
                    person_key TEXT PRIMARY KEY NOT NULL,
                    version INTEGER NOT NULL,
                    body BLOB NOT NULL,
                    stored_at INTEGER NOT NULL
                );
                """)
        }
        // The SMS service: contact state (number encrypted, keyed hash for lookup), appointments as last received,
        // the notification outbox (one row per appointment, kind and desired time), attempts and receipts.
        migrator.registerMigration("0005-sms") { db in
            try db.execute(sql: SMSSchema.sqlite)
        }
        // Which status and which opt-out the home system was told of, written once its notice is queued: a change
        // whose notice a crash or a refused accept lost is found again. Rows already there count as told.
        migrator.registerMigration("0006-sms-outcome-reports") { db in
            try db.execute(sql: SMSSchema.sqliteOutcomeReports)
        }
        // A new attempt after `failed_temporary` is a new row naming the first of its chain (SMS rules §12.3).
        migrator.registerMigration("0007-sms-retries") { db in
            try db.execute(sql: SMSSchema.sqliteRetries)
        }
        // The W3C trace context a message came with, sent on with every delivery of it, retries included. Messages
        // stored before have none: their deliveries start a trace of their own.
        migrator.registerMigration("0010-trace-context") { db in
            try db.execute(sql: """
                ALTER TABLE messages ADD COLUMN trace_parent TEXT;
                ALTER TABLE messages ADD COLUMN trace_state TEXT;
                """)
        }
        return migrator
    }
}
