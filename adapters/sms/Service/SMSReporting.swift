import CaseModel
import Foundation
import Gateway
import SMSCore

extension SMSService {
    /// Tells the home system what became of a notification: an `sms.status-changed` envelope through the gateway's
    /// own accept path (source system SMS), routed like any message. Its source message id makes a repeat harmless.
    func report(_ notification: SMSNotificationRecord?, appointmentId: UUID? = nil, kind: String? = nil,
                status: String, personId: UUID, contact: SMSContactRecord?, reason: String?,
                sourceKey: String? = nil) async {
        let now = clock()
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
        } catch {
            // The status stays in the SMS tables and in the audit; only the notice to the home system is missing.
            logger.error("sms outcome not queued for the home system",
                         metadata: ["notification": "\(notification?.id ?? "-")", "error": "\(type(of: error))"])
        }
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
            await report(nil, status: SMSStatus.optedOut.rawValue, personId: personId, contact: contact, reason: reason,
                         sourceKey: "opt-out-\(key)-\(Millis.from(now))")
        }
    }

    static func personId(_ personKey: String) -> UUID? {
        guard personKey.hasPrefix("person:") else { return nil }
        return UUID(uuidString: String(personKey.dropFirst("person:".count)))
    }
}
