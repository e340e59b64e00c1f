/// The tables of migrations `0005-sms` and `0006-sms-outcome-reports` in SQLite; `PostgresMigrations` holds the same in PostgreSQL's dialect.
enum SMSSchema {
    static let sqlite = """
        CREATE TABLE sms_contacts (
            person_key TEXT PRIMARY KEY NOT NULL,
            phone_cipher BLOB,
            phone_hash TEXT,
            masked_phone TEXT,
            territory TEXT,
            consent TEXT NOT NULL,
            opted_out_at INTEGER,
            opted_out_by TEXT,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX sms_contacts_by_hash ON sms_contacts(phone_hash);
        CREATE TABLE sms_appointments (
            id TEXT PRIMARY KEY NOT NULL,
            person_key TEXT NOT NULL,
            type TEXT NOT NULL,
            start_at INTEGER NOT NULL,
            time_zone TEXT NOT NULL,
            place_name TEXT NOT NULL,
            address TEXT NOT NULL,
            contact_phone TEXT,
            state TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX sms_appointments_by_start ON sms_appointments(start_at);
        CREATE TABLE sms_notifications (
            id TEXT PRIMARY KEY NOT NULL,
            appointment_id TEXT NOT NULL,
            person_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            desired_at INTEGER NOT NULL,
            send_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            provider TEXT,
            provider_message_id TEXT,
            previous_start INTEGER,
            reason TEXT,
            encoding TEXT,
            segments INTEGER,
            text_hash TEXT,
            accepted_at INTEGER,
            final_at INTEGER,
            lease_owner TEXT,
            lease_expires_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (appointment_id, kind, desired_at)
        );
        CREATE INDEX sms_notifications_due ON sms_notifications(status, send_at);
        CREATE INDEX sms_notifications_by_person ON sms_notifications(person_key);
        CREATE INDEX sms_notifications_by_provider_id ON sms_notifications(provider_message_id);
        CREATE TABLE sms_attempts (
            notification_id TEXT NOT NULL REFERENCES sms_notifications(id),
            attempt INTEGER NOT NULL,
            provider TEXT NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT,
            at INTEGER NOT NULL
        );
        CREATE INDEX sms_attempts_by_notification ON sms_attempts(notification_id);
        CREATE TABLE sms_receipts (
            dedupe_key TEXT PRIMARY KEY NOT NULL,
            provider TEXT NOT NULL,
            provider_message_id TEXT NOT NULL,
            notification_id TEXT,
            status TEXT NOT NULL,
            part INTEGER,
            parts INTEGER,
            error_code TEXT,
            received_at INTEGER NOT NULL
        );
        CREATE INDEX sms_receipts_by_message ON sms_receipts(provider_message_id);
        """

    /// The partial index holds only the notifications with a notice to give (the predicate of `unreportedSMS`).
    static let sqliteOutcomeReports = """
        ALTER TABLE sms_notifications ADD COLUMN reported_status TEXT;
        UPDATE sms_notifications SET reported_status = status;
        CREATE INDEX sms_notifications_unreported ON sms_notifications(updated_at)
            WHERE reported_status IS NOT status AND status NOT IN ('planned', 'sending', 'uncertain', 'sent');
        ALTER TABLE sms_contacts ADD COLUMN opt_out_reported_at INTEGER;
        UPDATE sms_contacts SET opt_out_reported_at = opted_out_at;
        """

    /// The chain of new attempts after `failed_temporary`: the first notification's id and the attempt number.
    static let sqliteRetries = """
        ALTER TABLE sms_notifications ADD COLUMN retry_of TEXT;
        ALTER TABLE sms_notifications ADD COLUMN retry INTEGER NOT NULL DEFAULT 0;
        """
}
