import Foundation
import Gateway
import Logging
import PostgresNIO

extension PostgresStore: SMSStore {
    public func applySMSPlan(_ plan: SMSPlanUnit) async throws -> SMSPlanOutcome {
        let logger = self.logger
        return try await committer.submit { connection in
            let now = Millis.from(plan.now)
            if let contact = plan.contact { try await Self.upsert(contact, connection: connection, logger: logger) }
            if let appointment = plan.appointment {
                try await Self.upsert(appointment, connection: connection, logger: logger)
            }
            var cancelled: [SMSNotificationRecord] = []
            if let appointmentId = plan.cancelPendingOf {
                cancelled = try await connection.query("""
                    UPDATE sms_notifications SET status = 'cancelled', reason = 'appointment-changed', updated_at = \(now),
                           lease_owner = NULL, lease_expires_at = NULL
                    WHERE appointment_id = \(appointmentId) AND status IN ('planned', 'uncertain')
                    RETURNING *
                    """, logger: logger).collect().map(Self.notification)
            }
            var inserted: [String] = []
            for notification in plan.notifications {
                let rows = try await connection.query("""
                    INSERT INTO sms_notifications (id, appointment_id, person_key, kind, desired_at, send_at, status,
                                                   previous_start, reason, created_at, updated_at, retry_of, retry)
                    VALUES (\(notification.id), \(notification.appointmentId), \(notification.personKey),
                            \(notification.kind), \(Millis.from(notification.desiredAt)),
                            \(Millis.from(notification.sendAt)), \(notification.status),
                            \(notification.previousStart.map(Millis.from)), \(notification.reason),
                            \(Millis.from(notification.createdAt)), \(Millis.from(notification.updatedAt)),
                            \(notification.retryOf), \(Int64(notification.retry)))
                    ON CONFLICT (appointment_id, kind, desired_at) DO NOTHING
                    RETURNING id
                    """, logger: logger).collect()
                if !rows.isEmpty { inserted.append(notification.id) }
            }
            return Staged(result: SMSPlanOutcome(inserted: inserted, cancelled: cancelled), audit: plan.audit)
        }
    }

    public func smsContact(personKey: String) async throws -> SMSContactRecord? {
        try await client.query("SELECT * FROM sms_contacts WHERE person_key = \(personKey)", logger: logger)
            .collect().first.map(Self.contact)
    }

    public func smsPersonKeys(phoneHash: String) async throws -> [String] {
        var keys: [String] = []
        for try await key in try await client.query(
            "SELECT person_key FROM sms_contacts WHERE phone_hash = \(phoneHash) ORDER BY person_key", logger: logger)
            .decode(String.self) {
            keys.append(key)
        }
        return keys
    }

    public func smsAppointment(id: String) async throws -> SMSAppointmentRecord? {
        try await client.query("SELECT * FROM sms_appointments WHERE id = \(id)", logger: logger)
            .collect().first.map(Self.appointment)
    }

    public func smsAppointments(from: Date, to: Date, limit: Int) async throws -> [SMSAppointmentRecord] {
        try await client.query("""
            SELECT * FROM sms_appointments WHERE start_at >= \(Millis.from(from)) AND start_at < \(Millis.from(to))
            ORDER BY start_at, id LIMIT \(limit)
            """, logger: logger).collect().map(Self.appointment)
    }

    public func smsNotifications(appointmentId: String) async throws -> [SMSNotificationRecord] {
        try await client.query("""
            SELECT * FROM sms_notifications WHERE appointment_id = \(appointmentId) ORDER BY desired_at, created_at, id
            """, logger: logger).collect().map(Self.notification)
    }

    public func smsNotification(id: String) async throws -> SMSNotificationRecord? {
        try await client.query("SELECT * FROM sms_notifications WHERE id = \(id)", logger: logger)
            .collect().first.map(Self.notification)
    }

    public func smsNotification(providerMessageId: String) async throws -> SMSNotificationRecord? {
        try await client.query(
            "SELECT * FROM sms_notifications WHERE provider_message_id = \(providerMessageId) LIMIT 1", logger: logger)
            .collect().first.map(Self.notification)
    }

    /// One statement: several instances claim at once, each skipping the rows another is leasing.
    public func claimDueSMS(owner: String, leaseMilliseconds: Int, limit: Int,
                            now: Date) async throws -> [SMSNotificationRecord] {
        let nowMillis = Millis.from(now)
        let expires = nowMillis + Int64(leaseMilliseconds)
        return try await client.query("""
            WITH picked AS (
                SELECT id FROM sms_notifications
                WHERE ((status IN ('planned', 'uncertain') AND send_at <= \(nowMillis)
                        AND (lease_expires_at IS NULL OR lease_expires_at < \(nowMillis)))
                       OR (status = 'sending' AND lease_expires_at < \(nowMillis)))
                ORDER BY send_at, id LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE sms_notifications n SET lease_owner = \(owner), lease_expires_at = \(expires)
            FROM picked WHERE n.id = picked.id
            RETURNING n.*
            """, logger: logger).collect().map(Self.notification).sorted { ($0.sendAt, $0.id) < ($1.sendAt, $1.id) }
    }

    public func changeSMS(_ change: SMSChange) async throws -> SMSChangeOutcome {
        let logger = self.logger
        return try await committer.submit { connection in
            if let receipt = change.receipt {
                guard try await Self.insert(receipt, connection: connection, logger: logger) else {
                    return Staged(result: SMSChangeOutcome.duplicateReceipt, audit: [])
                }
            }
            let keepsLease = change.status == "sending"
            let updated = try await connection.query("""
                UPDATE sms_notifications
                SET status = \(change.status), send_at = COALESCE(\(change.sendAt.map(Millis.from)), send_at),
                    attempts = attempts + \(Int64(change.countsAttempt ? 1 : 0)),
                    provider = COALESCE(\(change.provider), provider),
                    provider_message_id = COALESCE(\(change.providerMessageId), provider_message_id),
                    reason = COALESCE(\(change.reason), reason), encoding = COALESCE(\(change.encoding), encoding),
                    segments = COALESCE(\(change.segments.map(Int64.init)), segments),
                    text_hash = COALESCE(\(change.textHash), text_hash),
                    accepted_at = COALESCE(\(change.acceptedAt.map(Millis.from)), accepted_at),
                    final_at = COALESCE(\(change.finalAt.map(Millis.from)), final_at), updated_at = \(Millis.from(change.now)),
                    lease_owner = CASE WHEN \(keepsLease) THEN lease_owner END,
                    lease_expires_at = CASE WHEN \(keepsLease) THEN lease_expires_at END
                WHERE id = \(change.notificationId) AND status = \(change.expectedStatus)
                RETURNING id
                """, logger: logger).collect()
            guard !updated.isEmpty else { return Staged(result: SMSChangeOutcome.moved, audit: []) }
            if let attempt = change.attempt { try await Self.insert(attempt, connection: connection, logger: logger) }
            return Staged(result: SMSChangeOutcome.changed, audit: change.audit)
        }
    }

    public func smsReceipts(providerMessageId: String) async throws -> [SMSReceiptRecord] {
        try await client.query("""
            SELECT * FROM sms_receipts WHERE provider_message_id = \(providerMessageId) ORDER BY received_at, dedupe_key
            """, logger: logger).collect().map { row in
            let row = row.makeRandomAccess()
            return SMSReceiptRecord(
                dedupeKey: try row.value("dedupe_key"), provider: try row.value("provider"),
                providerMessageId: try row.value("provider_message_id"), notificationId: try row.value("notification_id"),
                status: try row.value("status"), part: try row.value("part", as: Int64?.self).map(Int.init),
                parts: try row.value("parts", as: Int64?.self).map(Int.init), errorCode: try row.value("error_code"),
                receivedAt: Millis.date(try row.value("received_at")))
        }
    }

    public func recordSMSReceipt(_ receipt: SMSReceiptRecord, audit: [AuditDraft]) async throws -> Bool {
        let logger = self.logger
        return try await committer.submit { connection in
            let stored = try await Self.insert(receipt, connection: connection, logger: logger)
            return Staged(result: stored, audit: stored ? audit : [])
        }
    }

    public func recordSMSOptOut(personKeys: [String], by actor: String, at: Date,
                                audit: [AuditDraft]) async throws -> [SMSNotificationRecord] {
        let logger = self.logger
        let millis = Millis.from(at)
        return try await committer.submit { connection in
            var cancelled: [SMSNotificationRecord] = []
            for key in personKeys {
                try await connection.query("""
                    UPDATE sms_contacts SET opted_out_at = \(millis), opted_out_by = \(actor), updated_at = \(millis)
                    WHERE person_key = \(key) AND opted_out_at IS NULL
                    """, logger: logger)
                cancelled += try await connection.query("""
                    UPDATE sms_notifications SET status = 'cancelled', reason = 'opted-out', updated_at = \(millis),
                           lease_owner = NULL, lease_expires_at = NULL
                    WHERE person_key = \(key) AND status IN ('planned', 'uncertain')
                    RETURNING *
                    """, logger: logger).collect().map(Self.notification)
            }
            return Staged(result: cancelled, audit: audit)
        }
    }

    public func smsAwaitingFinalReceipt(acceptedBefore: Date, limit: Int) async throws -> [SMSNotificationRecord] {
        try await client.query("""
            SELECT * FROM sms_notifications WHERE status IN ('accepted', 'sent')
              AND accepted_at < \(Millis.from(acceptedBefore))
            ORDER BY accepted_at LIMIT \(limit)
            """, logger: logger).collect().map(Self.notification)
    }

    public func unreportedSMS(limit: Int) async throws -> [SMSNotificationRecord] {
        try await client.query("""
            SELECT * FROM sms_notifications
            WHERE reported_status IS DISTINCT FROM status AND status NOT IN ('planned', 'sending', 'uncertain', 'sent')
            ORDER BY updated_at, id LIMIT \(limit)
            """, logger: logger).collect().map(Self.notification)
    }

    public func markSMSReported(notificationId: String, status: String) async throws -> Bool {
        let logger = self.logger
        return try await committer.submit { connection in
            let marked = try await connection.query("""
                UPDATE sms_notifications SET reported_status = \(status)
                WHERE id = \(notificationId) AND status = \(status)
                RETURNING id
                """, logger: logger).collect()
            return Staged(result: !marked.isEmpty, audit: [])
        }
    }

    public func unreportedSMSOptOuts(limit: Int) async throws -> [SMSContactRecord] {
        try await client.query("""
            SELECT * FROM sms_contacts
            WHERE opted_out_at IS NOT NULL AND opt_out_reported_at IS DISTINCT FROM opted_out_at
            ORDER BY opted_out_at, person_key LIMIT \(limit)
            """, logger: logger).collect().map(Self.contact)
    }

    public func markSMSOptOutReported(personKey: String, optedOutAt: Date) async throws -> Bool {
        let logger = self.logger
        let millis = Millis.from(optedOutAt)
        return try await committer.submit { connection in
            let marked = try await connection.query("""
                UPDATE sms_contacts SET opt_out_reported_at = \(millis)
                WHERE person_key = \(personKey) AND opted_out_at = \(millis)
                RETURNING person_key
                """, logger: logger).collect()
            return Staged(result: !marked.isEmpty, audit: [])
        }
    }

    // MARK: Rows

    private static func upsert(_ contact: SMSContactRecord, connection: PostgresConnection, logger: Logger) async throws {
        // An opt-out is never lifted by the home system's next message (SMS rules O8): it is not overwritten here.
        try await connection.query("""
            INSERT INTO sms_contacts (person_key, phone_cipher, phone_hash, masked_phone, territory, consent,
                                      opted_out_at, opted_out_by, updated_at)
            VALUES (\(contact.personKey), \(contact.phoneCipher.map { ByteBuffer(bytes: $0) }), \(contact.phoneHash),
                    \(contact.maskedPhone), \(contact.territory), \(contact.consent),
                    \(contact.optedOutAt.map(Millis.from)), \(contact.optedOutBy), \(Millis.from(contact.updatedAt)))
            ON CONFLICT (person_key) DO UPDATE SET phone_cipher = excluded.phone_cipher,
                phone_hash = excluded.phone_hash, masked_phone = excluded.masked_phone, territory = excluded.territory,
                consent = excluded.consent, updated_at = excluded.updated_at,
                opted_out_at = COALESCE(sms_contacts.opted_out_at, excluded.opted_out_at),
                opted_out_by = COALESCE(sms_contacts.opted_out_by, excluded.opted_out_by)
            """, logger: logger)
    }

    private static func upsert(_ appointment: SMSAppointmentRecord, connection: PostgresConnection,
                               logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO sms_appointments (id, person_key, type, start_at, time_zone, place_name, address,
                                          contact_phone, state, updated_at)
            VALUES (\(appointment.id), \(appointment.personKey), \(appointment.type), \(Millis.from(appointment.start)),
                    \(appointment.timeZone), \(appointment.placeName), \(appointment.address),
                    \(appointment.contactPhone), \(appointment.state), \(Millis.from(appointment.updatedAt)))
            ON CONFLICT (id) DO UPDATE SET person_key = excluded.person_key, type = excluded.type,
                start_at = excluded.start_at, time_zone = excluded.time_zone, place_name = excluded.place_name,
                address = excluded.address, contact_phone = excluded.contact_phone, state = excluded.state,
                updated_at = excluded.updated_at
            """, logger: logger)
    }

    /// False when a receipt with this dedupe key is already stored (SMS rules R4, W2).
    private static func insert(_ receipt: SMSReceiptRecord, connection: PostgresConnection,
                               logger: Logger) async throws -> Bool {
        !(try await connection.query("""
            INSERT INTO sms_receipts (dedupe_key, provider, provider_message_id, notification_id, status, part, parts,
                                      error_code, received_at)
            VALUES (\(receipt.dedupeKey), \(receipt.provider), \(receipt.providerMessageId), \(receipt.notificationId),
                    \(receipt.status), \(receipt.part.map(Int64.init)), \(receipt.parts.map(Int64.init)),
                    \(receipt.errorCode), \(Millis.from(receipt.receivedAt)))
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING dedupe_key
            """, logger: logger).collect().isEmpty)
    }

    private static func insert(_ attempt: SMSAttemptRecord, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO sms_attempts (notification_id, attempt, provider, outcome, reason, at)
            VALUES (\(attempt.notificationId), \(Int64(attempt.attempt)), \(attempt.provider), \(attempt.outcome),
                    \(attempt.reason), \(Millis.from(attempt.at)))
            """, logger: logger)
    }

    private static func contact(_ row: PostgresRow) throws -> SMSContactRecord {
        let row = row.makeRandomAccess()
        return SMSContactRecord(
            personKey: try row.value("person_key"),
            phoneCipher: try row.value("phone_cipher", as: ByteBuffer?.self).map { Array(buffer: $0) },
            phoneHash: try row.value("phone_hash"), maskedPhone: try row.value("masked_phone"),
            territory: try row.value("territory"), consent: try row.value("consent"),
            optedOutAt: try row.value("opted_out_at", as: Int64?.self).map(Millis.date),
            optedOutBy: try row.value("opted_out_by"), updatedAt: Millis.date(try row.value("updated_at")))
    }

    private static func appointment(_ row: PostgresRow) throws -> SMSAppointmentRecord {
        let row = row.makeRandomAccess()
        return SMSAppointmentRecord(
            id: try row.value("id"), personKey: try row.value("person_key"), type: try row.value("type"),
            start: Millis.date(try row.value("start_at")), timeZone: try row.value("time_zone"),
            placeName: try row.value("place_name"), address: try row.value("address"),
            contactPhone: try row.value("contact_phone"), state: try row.value("state"),
            updatedAt: Millis.date(try row.value("updated_at")))
    }

    private static func notification(_ row: PostgresRow) throws -> SMSNotificationRecord {
        let row = row.makeRandomAccess()
        return SMSNotificationRecord(
            id: try row.value("id"), appointmentId: try row.value("appointment_id"),
            personKey: try row.value("person_key"), kind: try row.value("kind"),
            desiredAt: Millis.date(try row.value("desired_at")), sendAt: Millis.date(try row.value("send_at")),
            status: try row.value("status"), attempts: Int(try row.value("attempts", as: Int64.self)),
            provider: try row.value("provider"), providerMessageId: try row.value("provider_message_id"),
            previousStart: try row.value("previous_start", as: Int64?.self).map(Millis.date),
            reason: try row.value("reason"), encoding: try row.value("encoding"),
            segments: try row.value("segments", as: Int64?.self).map(Int.init), textHash: try row.value("text_hash"),
            acceptedAt: try row.value("accepted_at", as: Int64?.self).map(Millis.date),
            finalAt: try row.value("final_at", as: Int64?.self).map(Millis.date),
            createdAt: Millis.date(try row.value("created_at")), updatedAt: Millis.date(try row.value("updated_at")),
            retryOf: try row.value("retry_of"), retry: Int(try row.value("retry", as: Int64.self)))
    }
}
