import Foundation
import Gateway
import GRDB

extension SQLiteStore: SMSStore {
    public func applySMSPlan(_ plan: SMSPlanUnit) async throws -> SMSPlanOutcome {
        try await committer.submit { db in
            let now = plan.now
            if let contact = plan.contact { try Self.upsert(contact, db: db) }
            if let appointment = plan.appointment { try Self.upsert(appointment, db: db) }
            var cancelled: [SMSNotificationRecord] = []
            if let appointmentId = plan.cancelPendingOf {
                cancelled = try Row.fetchAll(db, sql: """
                    SELECT * FROM sms_notifications WHERE appointment_id = ? AND status IN ('planned', 'uncertain')
                    """, arguments: [appointmentId]).map(Self.notification)
                try db.execute(sql: """
                    UPDATE sms_notifications SET status = 'cancelled', reason = 'appointment-changed', updated_at = ?,
                           lease_owner = NULL, lease_expires_at = NULL
                    WHERE appointment_id = ? AND status IN ('planned', 'uncertain')
                    """, arguments: [Millis.from(now), appointmentId])
            }
            var inserted: [String] = []
            for notification in plan.notifications {
                try db.execute(sql: """
                    INSERT INTO sms_notifications (id, appointment_id, person_key, kind, desired_at, send_at, status,
                                                   previous_start, reason, created_at, updated_at, retry_of, retry)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (appointment_id, kind, desired_at) DO NOTHING
                    """, arguments: [notification.id, notification.appointmentId, notification.personKey,
                                     notification.kind, Millis.from(notification.desiredAt),
                                     Millis.from(notification.sendAt), notification.status,
                                     notification.previousStart.map(Millis.from), notification.reason,
                                     Millis.from(notification.createdAt), Millis.from(notification.updatedAt),
                                     notification.retryOf, notification.retry])
                if db.changesCount == 1 { inserted.append(notification.id) }
            }
            try AuditWriter.append(plan.audit, db: db, now: now)
            return SMSPlanOutcome(inserted: inserted, cancelled: cancelled)
        }
    }

    public func smsContact(personKey: String) async throws -> SMSContactRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sms_contacts WHERE person_key = ?", arguments: [personKey])
                .map(Self.contact)
        }
    }

    public func smsPersonKeys(phoneHash: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT person_key FROM sms_contacts WHERE phone_hash = ? ORDER BY person_key",
                                arguments: [phoneHash])
        }
    }

    public func smsAppointment(id: String) async throws -> SMSAppointmentRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sms_appointments WHERE id = ?", arguments: [id]).map(Self.appointment)
        }
    }

    public func smsAppointments(from: Date, to: Date, limit: Int) async throws -> [SMSAppointmentRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM sms_appointments WHERE start_at >= ? AND start_at < ? ORDER BY start_at, id LIMIT ?
                """, arguments: [Millis.from(from), Millis.from(to), limit]).map(Self.appointment)
        }
    }

    public func smsNotifications(appointmentId: String) async throws -> [SMSNotificationRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM sms_notifications WHERE appointment_id = ? ORDER BY desired_at, created_at, id
                """, arguments: [appointmentId]).map(Self.notification)
        }
    }

    public func smsNotification(id: String) async throws -> SMSNotificationRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sms_notifications WHERE id = ?", arguments: [id])
                .map(Self.notification)
        }
    }

    public func smsNotification(providerMessageId: String) async throws -> SMSNotificationRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sms_notifications WHERE provider_message_id = ? LIMIT 1",
                             arguments: [providerMessageId]).map(Self.notification)
        }
    }

    public func claimDueSMS(owner: String, leaseMilliseconds: Int, limit: Int,
                            now: Date) async throws -> [SMSNotificationRecord] {
        let nowMillis = Millis.from(now)
        return try await committer.submit { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM sms_notifications
                WHERE ((status IN ('planned', 'uncertain') AND send_at <= ?1
                        AND (lease_expires_at IS NULL OR lease_expires_at < ?1))
                       OR (status = 'sending' AND lease_expires_at < ?1))
                ORDER BY send_at, id LIMIT ?2
                """, arguments: [nowMillis, limit])
            for row in rows {
                try db.execute(sql: "UPDATE sms_notifications SET lease_owner = ?, lease_expires_at = ? WHERE id = ?",
                               arguments: [owner, nowMillis + Int64(leaseMilliseconds), row["id"] as String])
            }
            return rows.map(Self.notification)
        }
    }

    public func changeSMS(_ change: SMSChange) async throws -> SMSChangeOutcome {
        try await committer.submit { db in
            if let receipt = change.receipt {
                guard try Self.insert(receipt, db: db) else { return .duplicateReceipt }
            }
            let keepsLease = change.status == "sending"
            try db.execute(sql: """
                UPDATE sms_notifications
                SET status = ?, send_at = COALESCE(?, send_at), attempts = attempts + ?,
                    provider = COALESCE(?, provider), provider_message_id = COALESCE(?, provider_message_id),
                    reason = COALESCE(?, reason), encoding = COALESCE(?, encoding), segments = COALESCE(?, segments),
                    text_hash = COALESCE(?, text_hash), accepted_at = COALESCE(?, accepted_at),
                    final_at = COALESCE(?, final_at), updated_at = ?,
                    lease_owner = CASE WHEN ? THEN lease_owner END,
                    lease_expires_at = CASE WHEN ? THEN lease_expires_at END
                WHERE id = ? AND status = ?
                """, arguments: [change.status, change.sendAt.map(Millis.from), change.countsAttempt ? 1 : 0,
                                 change.provider, change.providerMessageId, change.reason, change.encoding,
                                 change.segments, change.textHash, change.acceptedAt.map(Millis.from),
                                 change.finalAt.map(Millis.from), Millis.from(change.now), keepsLease, keepsLease,
                                 change.notificationId, change.expectedStatus])
            guard db.changesCount == 1 else { return .moved }
            if let attempt = change.attempt { try Self.insert(attempt, db: db) }
            try AuditWriter.append(change.audit, db: db, now: change.now)
            return .changed
        }
    }

    public func smsReceipts(providerMessageId: String) async throws -> [SMSReceiptRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sms_receipts WHERE provider_message_id = ? ORDER BY received_at, rowid",
                             arguments: [providerMessageId]).map { row in
                SMSReceiptRecord(dedupeKey: row["dedupe_key"], provider: row["provider"],
                                 providerMessageId: row["provider_message_id"], notificationId: row["notification_id"],
                                 status: row["status"], part: row["part"], parts: row["parts"], errorCode: row["error_code"],
                                 receivedAt: Millis.date(row["received_at"]))
            }
        }
    }

    public func recordSMSReceipt(_ receipt: SMSReceiptRecord, audit: [AuditDraft]) async throws -> Bool {
        try await committer.submit { db in
            guard try Self.insert(receipt, db: db) else { return false }
            try AuditWriter.append(audit, db: db, now: receipt.receivedAt)
            return true
        }
    }

    public func recordSMSOptOut(personKeys: [String], by actor: String, at: Date,
                                audit: [AuditDraft]) async throws -> [SMSNotificationRecord] {
        let millis = Millis.from(at)
        return try await committer.submit { db in
            var cancelled: [SMSNotificationRecord] = []
            for key in personKeys {
                try db.execute(sql: """
                    UPDATE sms_contacts SET opted_out_at = ?, opted_out_by = ?, updated_at = ?
                    WHERE person_key = ? AND opted_out_at IS NULL
                    """, arguments: [millis, actor, millis, key])
                cancelled += try Row.fetchAll(db, sql: """
                    SELECT * FROM sms_notifications WHERE person_key = ? AND status IN ('planned', 'uncertain')
                    """, arguments: [key]).map(Self.notification)
                try db.execute(sql: """
                    UPDATE sms_notifications SET status = 'cancelled', reason = 'opted-out', updated_at = ?,
                           lease_owner = NULL, lease_expires_at = NULL
                    WHERE person_key = ? AND status IN ('planned', 'uncertain')
                    """, arguments: [millis, key])
            }
            try AuditWriter.append(audit, db: db, now: at)
            return cancelled
        }
    }

    public func smsAwaitingFinalReceipt(acceptedBefore: Date, limit: Int) async throws -> [SMSNotificationRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM sms_notifications WHERE status IN ('accepted', 'sent') AND accepted_at < ?
                ORDER BY accepted_at LIMIT ?
                """, arguments: [Millis.from(acceptedBefore), limit]).map(Self.notification)
        }
    }

    public func unreportedSMS(limit: Int) async throws -> [SMSNotificationRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM sms_notifications
                WHERE reported_status IS NOT status AND status NOT IN ('planned', 'sending', 'uncertain', 'sent')
                ORDER BY updated_at, id LIMIT ?
                """, arguments: [limit]).map(Self.notification)
        }
    }

    public func markSMSReported(notificationId: String, status: String) async throws -> Bool {
        try await committer.submit { db in
            try db.execute(sql: "UPDATE sms_notifications SET reported_status = ?1 WHERE id = ?2 AND status = ?1",
                           arguments: [status, notificationId])
            return db.changesCount == 1
        }
    }

    public func unreportedSMSOptOuts(limit: Int) async throws -> [SMSContactRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM sms_contacts WHERE opted_out_at IS NOT NULL AND opt_out_reported_at IS NOT opted_out_at
                ORDER BY opted_out_at, person_key LIMIT ?
                """, arguments: [limit]).map(Self.contact)
        }
    }

    public func markSMSOptOutReported(personKey: String, optedOutAt: Date) async throws -> Bool {
        try await committer.submit { db in
            try db.execute(sql: """
                UPDATE sms_contacts SET opt_out_reported_at = ?1 WHERE person_key = ?2 AND opted_out_at = ?1
                """, arguments: [Millis.from(optedOutAt), personKey])
            return db.changesCount == 1
        }
    }

    // MARK: Rows

    private static func upsert(_ contact: SMSContactRecord, db: Database) throws {
        // An opt-out is never lifted by the home system's next message (SMS rules O8): it is not overwritten here.
        try db.execute(sql: """
            INSERT INTO sms_contacts (person_key, phone_cipher, phone_hash, masked_phone, territory, consent,
                                      opted_out_at, opted_out_by, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (person_key) DO UPDATE SET phone_cipher = excluded.phone_cipher,
                phone_hash = excluded.phone_hash, masked_phone = excluded.masked_phone, territory = excluded.territory,
                consent = excluded.consent, updated_at = excluded.updated_at,
                opted_out_at = COALESCE(sms_contacts.opted_out_at, excluded.opted_out_at),
                opted_out_by = COALESCE(sms_contacts.opted_out_by, excluded.opted_out_by)
            """, arguments: [contact.personKey, contact.phoneCipher.map { Data($0) }, contact.phoneHash,
                             contact.maskedPhone, contact.territory, contact.consent,
                             contact.optedOutAt.map(Millis.from), contact.optedOutBy, Millis.from(contact.updatedAt)])
    }

    private static func upsert(_ appointment: SMSAppointmentRecord, db: Database) throws {
        try db.execute(sql: """
            INSERT INTO sms_appointments (id, person_key, type, start_at, time_zone, place_name, address,
                                          contact_phone, state, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET person_key = excluded.person_key, type = excluded.type,
                start_at = excluded.start_at, time_zone = excluded.time_zone, place_name = excluded.place_name,
                address = excluded.address, contact_phone = excluded.contact_phone, state = excluded.state,
                updated_at = excluded.updated_at
            """, arguments: [appointment.id, appointment.personKey, appointment.type, Millis.from(appointment.start),
                             appointment.timeZone, appointment.placeName, appointment.address,
                             appointment.contactPhone, appointment.state, Millis.from(appointment.updatedAt)])
    }

    /// False when a receipt with this dedupe key is already stored (SMS rules R4, W2).
    private static func insert(_ receipt: SMSReceiptRecord, db: Database) throws -> Bool {
        try db.execute(sql: """
            INSERT INTO sms_receipts (dedupe_key, provider, provider_message_id, notification_id, status, part, parts,
                                      error_code, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (dedupe_key) DO NOTHING
            """, arguments: [receipt.dedupeKey, receipt.provider, receipt.providerMessageId, receipt.notificationId,
                             receipt.status, receipt.part, receipt.parts, receipt.errorCode,
                             Millis.from(receipt.receivedAt)])
        return db.changesCount == 1
    }

    private static func insert(_ attempt: SMSAttemptRecord, db: Database) throws {
        try db.execute(sql: """
            INSERT INTO sms_attempts (notification_id, attempt, provider, outcome, reason, at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [attempt.notificationId, attempt.attempt, attempt.provider, attempt.outcome,
                             attempt.reason, Millis.from(attempt.at)])
    }

    private static func contact(_ row: Row) -> SMSContactRecord {
        SMSContactRecord(personKey: row["person_key"], phoneCipher: (row["phone_cipher"] as Data?).map(Array.init),
                         phoneHash: row["phone_hash"], maskedPhone: row["masked_phone"], territory: row["territory"],
                         consent: row["consent"], optedOutAt: (row["opted_out_at"] as Int64?).map(Millis.date),
                         optedOutBy: row["opted_out_by"], updatedAt: Millis.date(row["updated_at"]))
    }

    private static func appointment(_ row: Row) -> SMSAppointmentRecord {
        SMSAppointmentRecord(id: row["id"], personKey: row["person_key"], type: row["type"],
                             start: Millis.date(row["start_at"]), timeZone: row["time_zone"],
                             placeName: row["place_name"], address: row["address"], contactPhone: row["contact_phone"],
                             state: row["state"], updatedAt: Millis.date(row["updated_at"]))
    }

    static func notification(_ row: Row) -> SMSNotificationRecord {
        SMSNotificationRecord(
            id: row["id"], appointmentId: row["appointment_id"], personKey: row["person_key"], kind: row["kind"],
            desiredAt: Millis.date(row["desired_at"]), sendAt: Millis.date(row["send_at"]), status: row["status"],
            attempts: row["attempts"], provider: row["provider"], providerMessageId: row["provider_message_id"],
            previousStart: (row["previous_start"] as Int64?).map(Millis.date), reason: row["reason"],
            encoding: row["encoding"], segments: row["segments"], textHash: row["text_hash"],
            acceptedAt: (row["accepted_at"] as Int64?).map(Millis.date),
            finalAt: (row["final_at"] as Int64?).map(Millis.date), createdAt: Millis.date(row["created_at"]),
            updatedAt: Millis.date(row["updated_at"]), retryOf: row["retry_of"], retry: row["retry"])
    }
}
