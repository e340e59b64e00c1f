import CaseModel
import Foundation
import Gateway
import SMSCore

extension SMSService {
    /// Applies verified callbacks of `providerName`: receipts move statuses forward only, duplicates change nothing,
    /// a STOP reply opts the person out and withdraws every pending SMS before this returns.
    public func handle(_ callbacks: [ProviderCallback], from providerName: String) async throws {
        for callback in callbacks {
            switch callback {
            case .receipt(let receipt): try await handle(receipt, from: providerName)
            case .reply(let reply): try await handle(reply, from: providerName)
            }
        }
    }

    private func handle(_ receipt: ProviderReceipt, from providerName: String) async throws {
        let now = clock()
        var found: SMSNotificationRecord?
        if let reference = receipt.reference { found = try await store.smsNotification(id: reference) }
        if found == nil { found = try await store.smsNotification(providerMessageId: receipt.providerMessageId) }
        let record = SMSReceiptRecord(
            dedupeKey: providerName + ":" + receipt.dedupeKey, provider: providerName,
            providerMessageId: receipt.providerMessageId, notificationId: found?.id, status: receipt.status.rawValue,
            part: receipt.part, parts: receipt.parts, errorCode: receipt.errorCode, receivedAt: now)
        let status = try await messageStatus(after: record)
        // A status may move between our read and our write (another receipt, the sweep): read again and retry.
        for _ in 0..<5 {
            guard let notification = found, let current = SMSStatus(rawValue: notification.status) else {
                _ = try await store.recordSMSReceipt(record, audit: [receiptAudit(record, personKey: nil,
                                                                                   outcome: "unmatched")])
                return
            }
            guard case .changed(let next) = current.applying(.receipt(status)) else {
                _ = try await store.recordSMSReceipt(record, audit: [receiptAudit(record, personKey: notification.personKey,
                                                                                   outcome: "kept-\(current.rawValue)")])
                return
            }
            let outcome = try await store.changeSMS(SMSChange(
                notificationId: notification.id, expectedStatus: current.rawValue, status: next.rawValue,
                providerMessageId: receipt.providerMessageId, acceptedAt: notification.acceptedAt ?? now,
                finalAt: next.isFinal ? now : nil, receipt: record,
                audit: [receiptAudit(record, personKey: notification.personKey, outcome: next.rawValue)], now: now))
            switch outcome {
            case .duplicateReceipt:
                return
            case .moved:
                found = try await store.smsNotification(id: notification.id)
            case .changed:
                observer.receipt(next.rawValue)
                if current == .sending || current == .uncertain {
                    // The receipt settled a send whose answer was lost: the provider did take it.
                    observer.sent(notification.provider ?? providerName, notification.encoding ?? "unknown")
                }
                if next == .optedOut {
                    try await optOut(personKeys: [notification.personKey], actor: providerName,
                                     reason: "opted-out-at-provider", now: now, phoneHash: nil)
                }
                if next == .failedTemporary { try await planRetry(after: notification, now: now) }
                if let personId = Self.personId(notification.personKey), next != .sent {
                    let contact = try await store.smsContact(personKey: notification.personKey)
                    await report(notification, status: next.rawValue, personId: personId, contact: contact,
                                 reason: receipt.errorCode.map { "provider code \($0)" } ?? "receipt")
                }
                return
            }
        }
    }

    /// What a receipt says of the whole message: its own status, or for a per-part receipt the status of every part
    /// combined (SMS rules R3: delivered only when all parts are, any failed part wins).
    private func messageStatus(after receipt: SMSReceiptRecord) async throws -> ReceiptStatus {
        let own = ReceiptStatus(rawValue: receipt.status) ?? .unknown
        guard let parts = receipt.parts, parts > 1, parts <= 16 else { return own }
        var latest = [ReceiptStatus?](repeating: nil, count: parts)
        for entry in try await store.smsReceipts(providerMessageId: receipt.providerMessageId) + [receipt] {
            guard let part = entry.part, (1...parts).contains(part), let status = ReceiptStatus(rawValue: entry.status)
            else { continue }
            latest[part - 1] = Self.stronger(latest[part - 1], status)
        }
        return PartReceipts.combined(latest) ?? own
    }

    /// Of two receipts for one part: a failure wins, otherwise the one further along.
    private static func stronger(_ kept: ReceiptStatus?, _ new: ReceiptStatus) -> ReceiptStatus {
        guard let kept else { return new }
        let failures: Set<ReceiptStatus> = [.optedOut, .undeliverable, .expired, .failedTemporary]
        if failures.contains(kept) { return kept }
        if failures.contains(new) { return new }
        return (new.status.rank ?? 0) > (kept.status.rank ?? 0) ? new : kept
    }

    private func handle(_ reply: InboundReply, from providerName: String) async throws {
        let now = clock()
        let phone = try? PhoneNumber(parsing: reply.from)
        let hash = phone.map(vault.hash)
        var keys: [String] = []
        if let hash { keys = try await store.smsPersonKeys(phoneHash: hash) }
        let isStop = StopKeywords.isStop(reply.text)
        guard isStop, !keys.isEmpty else {
            // The text of a reply is never stored: only that one came, and from which hashed number.
            _ = try await store.recordSMSReceipt(
                SMSReceiptRecord(dedupeKey: providerName + ":reply:" + reply.providerMessageId, provider: providerName,
                                 providerMessageId: reply.providerMessageId, notificationId: nil, status: "reply",
                                 part: nil, parts: nil, errorCode: nil, receivedAt: now),
                audit: [AuditDraft(operation: .collect, actor: providerName, actorFunction: "sms-provider",
                                   categories: ["contact"], outcome: isStop ? "stop-from-unknown-number" : "reply-ignored",
                                   detail: "reply \(reply.providerMessageId)" + (hash.map { " phone-hash \($0.prefix(16))" } ?? ""))])
            return
        }
        try await optOut(personKeys: keys, actor: providerName, reason: "stop-reply", now: now, phoneHash: hash)
    }

    private func receiptAudit(_ receipt: SMSReceiptRecord, personKey: String?, outcome: String) -> AuditDraft {
        AuditDraft(operation: .collect, actor: receipt.provider, actorFunction: "sms-provider",
                   purpose: Purpose.convocation.rawValue, subject: personKey, categories: ["contact"], outcome: outcome,
                   messageId: receipt.notificationId,
                   detail: "receipt \(receipt.status) for \(receipt.providerMessageId)"
                       + (receipt.errorCode.map { " code \($0)" } ?? ""))
    }
}
