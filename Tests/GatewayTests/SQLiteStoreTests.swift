import CaseModel
import Foundation
import Gateway
import StoreSQLite
import Testing

@Suite struct SQLiteStoreTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func message(_ index: Int, subject: String, destinations: [String] = ["home"]) -> NewMessage {
        NewMessage(id: "m-\(index)", kind: "measure.mandated", sourceSystem: "APPI", sourceSite: "SPIP-57",
                   sourceMessageId: "src-\(index)", subjectKey: subject, purpose: "suivi", fingerprint: "f-\(index)",
                   body: Array("{}".utf8), receivedAt: now,
                   deliveries: destinations.map { NewDelivery(id: "d-\(index)-\($0)", destination: $0, payload: nil,
                                                              categories: ["measure"]) })
    }

    func record(_ claimed: ClaimedDelivery, owner: String, status: DeliveryStatus) -> AttemptRecord {
        AttemptRecord(deliveryId: claimed.id, owner: owner, attempt: claimed.attempt, status: status, httpStatus: 200,
                      error: nil, startedAt: now, finishedAt: now, nextAttemptAt: nil,
                      audit: AuditDraft(operation: .disclose, actor: "test", actorFunction: "worker", outcome: "ok"))
    }

    @Test func storeRunsWithWALAndFullSynchronousCommits() throws {
        let store = try SQLiteStore(path: path)
        let settings = try store.durabilitySettings()
        #expect(settings["journal_mode"] == "wal")
        #expect(settings["synchronous"] == "2")
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func workerThatLostItsLeaseCannotOverwriteTheNewOwnersResult() async throws {
        let store = try SQLiteStore(path: path)
        _ = try await store.accept(AcceptUnit(messages: [message(1, subject: "person:a")], audit: [], conflictAudit: []))
        let first = try #require(try await store.claim(destination: "home", owner: "worker-a", leaseMilliseconds: 1_000,
                                                       limit: 10, now: now).first)
        // worker-a stalls past its lease; worker-b takes the delivery over and delivers it.
        let later = now.addingTimeInterval(5)
        let second = try #require(try await store.claim(destination: "home", owner: "worker-b", leaseMilliseconds: 1_000,
                                                        limit: 10, now: later).first)
        #expect(second.id == first.id)
        #expect(second.attempt == first.attempt + 1)
        #expect(try await store.recordAttempt(record(second, owner: "worker-b", status: .delivered)))
        // worker-a wakes up and reports a failure: it must change nothing.
        #expect(try await !store.recordAttempt(record(first, owner: "worker-a", status: .dead)))
        let delivery = try #require(try await store.delivery(id: first.id))
        #expect(delivery.status == .delivered)
        let history = try await store.attempts(deliveryId: first.id)
        #expect(history.map(\.outcome) == ["delivered", "lease-lost"])
    }

    @Test func claimsTakeOneDeliveryPerSubjectInOrder() async throws {
        let store = try SQLiteStore(path: path)
        let messages = (0..<6).map { message($0, subject: $0 % 2 == 0 ? "person:a" : "person:b") }
        _ = try await store.accept(AcceptUnit(messages: messages, audit: [], conflictAudit: []))
        var order: [String] = []
        for _ in 0..<3 {
            let claimed = try await store.claim(destination: "home", owner: "w", leaseMilliseconds: 60_000, limit: 10, now: now)
            #expect(claimed.count == 2, "one per subject at a time")
            #expect(Set(claimed.map(\.subjectKey)).count == claimed.count)
            for delivery in claimed {
                order.append(delivery.id)
                #expect(try await store.recordAttempt(record(delivery, owner: "w", status: .delivered)))
            }
        }
        #expect(order.filter { ["d-0-home", "d-2-home", "d-4-home"].contains($0) } == ["d-0-home", "d-2-home", "d-4-home"])
        #expect(order.filter { ["d-1-home", "d-3-home", "d-5-home"].contains($0) } == ["d-1-home", "d-3-home", "d-5-home"])
    }

    @Test func concurrentAcceptsAreAllStoredWithAnIntactAuditChain() async throws {
        let store = try SQLiteStore(path: path)
        try await withThrowingTaskGroup(of: AcceptOutcome.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let draft = AuditDraft(operation: .collect, actor: "t", actorFunction: "home", outcome: "accepted",
                                           messageId: "m-\(index)")
                    return try await store.accept(AcceptUnit(messages: [message(index, subject: "person:\(index % 7)")],
                                                             audit: [draft], conflictAudit: []))
                }
            }
            for try await outcome in group {
                guard case .stored = outcome else { Issue.record("not stored: \(outcome)"); return }
            }
        }
        #expect(try await store.counts() == StoreCounts(messages: 200, deliveries: 200, audit: 200))
        var verifier = AuditVerifier()
        for entry in try await store.auditEntries(afterSeq: 0, limit: 1_000) { verifier.check(entry) }
        #expect(verifier.failure == nil)
        #expect(verifier.checked == 200)
    }
}
