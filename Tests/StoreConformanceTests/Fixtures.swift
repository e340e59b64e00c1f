import Foundation
import Gateway

/// Synthetic messages and attempt records; no real person or case.
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let ops = AuditActor(id: "ops-test", function: "ops")

    static func subject(_ index: Int) -> String {
        String(format: "person:0190f3a2-7b1c-7000-8000-%012d", index)
    }

    /// One message from APPI with one delivery per destination; the fingerprint follows `content`.
    static func unit(_ sourceId: String, subject: String = subject(1), destinations: [String] = ["appi-spip"],
                     content: String = "same", receivedAt: Date = t0,
                     priority: DeliveryPriority = .routine) -> AcceptUnit {
        let id = UUID().uuidString.lowercased()
        let message = NewMessage(
            id: id, kind: priority == .alarm ? "monitoring.alarm" : "measure.mandated", sourceSystem: "APPI", sourceSite: "SPIP-57", sourceMessageId: sourceId,
            subjectKey: subject, purpose: "saisine", fingerprint: "fp-\(content)", body: Array("{\"n\":\"\(sourceId)\"}".utf8),
            receivedAt: receivedAt,
            deliveries: destinations.map { NewDelivery(id: UUID().uuidString.lowercased(), destination: $0, payload: nil,
                                                       categories: ["measure", "identity"], priority: priority) })
        let audit = AuditDraft(operation: .collect, actor: "appi", actorFunction: "home-system", purpose: "saisine",
                               subject: subject, categories: ["measure"], outcome: "stored", messageId: id)
        let conflict = AuditDraft(operation: .reject, actor: "appi", actorFunction: "home-system", subject: subject,
                                  outcome: "conflict", detail: sourceId)
        return AcceptUnit(messages: [message], audit: [audit], conflictAudit: [conflict])
    }

    /// The result of an attempt by `owner`.
    static func record(_ claimed: ClaimedDelivery, owner: String, status: DeliveryStatus, at: Date = t0,
                       nextAttemptAt: Date? = nil, error: String? = nil) -> AttemptRecord {
        AttemptRecord(
            deliveryId: claimed.id, owner: owner, attempt: claimed.attempt, status: status,
            httpStatus: status == .delivered ? 200 : 503, error: error, startedAt: at, finishedAt: at,
            nextAttemptAt: nextAttemptAt,
            audit: AuditDraft(operation: .disclose, actor: "passerelle", actorFunction: "delivery-worker",
                              subject: claimed.subjectKey, categories: claimed.categories,
                              recipients: [claimed.destination], outcome: status.rawValue, messageId: claimed.messageId))
    }

    /// Walks the whole chain; nil when intact, else the failure.
    static func verifyChain(_ store: any Store) async throws -> (checked: Int64, failure: String?) {
        var verifier = AuditVerifier()
        var after: Int64 = 0
        while true {
            let page = try await store.auditEntries(afterSeq: after, limit: 1_000)
            for entry in page where !verifier.check(entry) { break }
            guard verifier.failure == nil, let last = page.last else { break }
            after = last.seq
        }
        return (verifier.checked, verifier.failure.map { "\($0)" })
    }
}
