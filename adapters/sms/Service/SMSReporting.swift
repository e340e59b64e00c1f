import CaseModel
import Foundation
import Gateway
import SMSCore

extension SMSService {
    /// Tells the home system what became of a notification: an `sms.status-changed` envelope through the gateway's
    /// own accept path (source system SMS), routed like any message. Its source message id makes a repeat harmless.
    /// Once queued, the notification is marked reported for `status`; until then the reporter sweep tries again.
    /// Returns whether the notice is queued.
    @discardableResult
    func report(_ notification: SMSNotificationRecord?, appointmentId: UUID? = nil, kind: String? = nil,
                status: String, personId: UUID, contact: SMSContactRecord?, reason: String?,
                sourceKey: String? = nil, changedAt: Date? = nil) async -> Bool {
        let now = changedAt ?? clock()
        let payload = SMSNotificationReport(
            notificationId: notification?.id, appointmentId: appointmentId ?? notification.flatMap { UUID(uuidString: $0.appointmentId) },
            notificationKind: kind ?? notification?.kind, status: status, maskedNumber: contact?.maskedPhone,
            sendAt: notification?.sendAt, changedAt: now, reason: reason.map { String($0.prefix(200)) })
        let key = sourceKey ?? "\(notification?.id ?? "none")-\(status)"
        let envelope = Envelope(
            kind: .smsStatusChanged, source: Source(system: .sms, site: "passerelle"),
            sourceMessageId: "sms-" + String(key.prefix(120)), subject: Subject(personId: personId), occurredAt: now,
            purpose: .convocation, payload: Payload(smsNotification: payload))
        do {
            _ = try await engine.accept([envelope], via: "sms",
                                        actor: AuditActor(id: "passerelle-sms", function: "sms-service"))
        } catch AcceptError.conflict {
            // This source message id already holds a notice of the same change, queued before a crash: it is told.
        } catch {
            logger.error("sms outcome not queued for the home system yet",
                         metadata: ["notification": "\(notification?.id ?? "-")", "error": "\(type(of: error))"])
            return false
        }
        guard let notification else { return true }
        do {
            try await store.markSMSReported(notificationId: notification.id, status: status)
        } catch {
            // The sweep finds it unmarked and submits it again: the home system still hears of it once.
            logger.error("sms outcome queued but not marked reported",
                         metadata: ["notification": "\(notification.id)", "error": "\(type(of: error))"])
        }
        return true
    }

    /// Tells the home system of the status changes and opt-outs whose notice was never queued (a crash between the
    /// change and its notice, or an accept that failed), oldest first. Run at start-up and every few seconds.
    public func reportUnreported() async throws {
        for notification in try await store.unreportedSMS(limit: 100) {
            guard let personId = Self.personId(notification.personKey) else {
                // No person to tell about: nothing can ever be reported.
                try await store.markSMSReported(notificationId: notification.id, status: notification.status)
                continue
            }
            let contact = try await store.smsContact(personKey: notification.personKey)
            await report(notification, status: notification.status, personId: personId, contact: contact,
                         reason: notification.reason, changedAt: notification.updatedAt)
        }
        for contact in try await store.unreportedSMSOptOuts(limit: 100) {
            guard let optedOutAt = contact.optedOutAt else { continue }
            guard let personId = Self.personId(contact.personKey) else {
                try await store.markSMSOptOutReported(personKey: contact.personKey, optedOutAt: optedOutAt)
                continue
            }
            try await reportOptOut(contact, personId: personId, optedOutAt: optedOutAt, reason: nil)
        }
    }

    /// The notice of one person's opt-out, marked reported once queued; keyed by the stored opt-out time, so every
    /// try for the same opt-out carries the same source message id.
    private func reportOptOut(_ contact: SMSContactRecord, personId: UUID, optedOutAt: Date,
                              reason: String?) async throws {
        let queued = await report(nil, status: SMSStatus.optedOut.rawValue, personId: personId, contact: contact,
                                  reason: reason, sourceKey: "opt-out-\(contact.personKey)-\(Millis.from(optedOutAt))",
                                  changedAt: optedOutAt)
        if queued { try await store.markSMSOptOutReported(personKey: contact.personKey, optedOutAt: optedOutAt) }
    }

    /// Records an opt-out for `personKeys` and withdraws all their pending SMS in one transaction, then tells the
    /// home system, once per person and once per withdrawn SMS.
    func optOut(personKeys: [String], actor: String, reason: String, now: Date, phoneHash: String?) async throws {
        let audit = personKeys.map { key in
            AuditDraft(operation: .modify, actor: actor, actorFunction: "sms-opt-out", purpose: Purpose.convocation.rawValue,
                       subject: key, categories: ["contact"], outcome: "opted-out",
                       detail: reason + (phoneHash.map { " phone-hash \($0.prefix(16))" } ?? ""))
        }
        let cancelled = try await store.recordSMSOptOut(personKeys: personKeys, by: actor, at: now, audit: audit)
        for key in personKeys {
            guard let personId = Self.personId(key) else { continue }
            let contact = try await store.smsContact(personKey: key)
            for notification in cancelled where notification.personKey == key {
                await report(notification, status: SMSStatus.cancelled.rawValue, personId: personId, contact: contact,
                             reason: reason)
            }
            if let contact, let optedOutAt = contact.optedOutAt {
                try await reportOptOut(contact, personId: personId, optedOutAt: optedOutAt, reason: reason)
            }
        }
    }

    static func personId(_ personKey: String) -> UUID? {
        guard personKey.hasPrefix("person:") else { return nil }
        return UUID(uuidString: String(personKey.dropFirst("person:".count)))
    }
}
