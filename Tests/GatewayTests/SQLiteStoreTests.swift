import CaseModel
import Foundation
import Gateway
import StoreSQLite
import Testing

@Suite struct SQLiteStoreTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func message(_ index: Int, subject: String, destinations: [String] = ["home"],
                 priority: DeliveryPriority = .routine) -> NewMessage {
        NewMessage(id: "m-\(index)", kind: priority == .alarm ? "monitoring.alarm" : "measure.mandated",
                   sourceSystem: "APPI", sourceSite: "SPIP-57",
                   sourceMessageId: "src-\(index)", subjectKey: subject, purpose: "suivi", fingerprint: "f-\(index)",
                   body: Array("{}".utf8), receivedAt: now,
                   deliveries: destinations.map { NewDelivery(id: "d-\(index)-\($0)", destination: $0, payload: nil,
                                                              categories: ["measure"], priority: priority) })
    }

    func record(_ claimed: ClaimedDelivery, owner: String, status: DeliveryStatus) -> AttemptRecord {
        AttemptRecord(deliveryId: claimed.id, owner: owner, attempt: claimed.attempt, status: status, httpStatus: 200,
                      error: nil, startedAt: now, finishedAt: now, nextAttemptAt: nil,
                      audit: AuditDraft(operation: .disclose, actor: "test", actorFunction: "worker", outcome: "ok"))
    }

    @Test func storeRefusesToRunWithoutFullSynchronousCommits() throws {
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

    @Test func alarmSubjectsAreServedFirstWithoutBreakingTheirOwnOrder() async throws {
        let store = try SQLiteStore(path: path)
        // Queued in this order: a routine backlog for a and b, then c's routine event, then c's alarm, then more for c.
        let messages = [
            message(0, subject: "person:a"), message(1, subject: "person:b"), message(2, subject: "person:a"),
            message(3, subject: "person:c"), message(4, subject: "person:c", priority: .alarm),
            message(5, subject: "person:c"),
        ]
        _ = try await store.accept(AcceptUnit(messages: messages, audit: [], conflictAudit: []))
        var batches: [[String]] = []
        for _ in 0..<5 {
            let claimed = try await store.claim(destination: "home", owner: "w", leaseMilliseconds: 60_000, limit: 10, now: now)
            batches.append(claimed.map(\.id).sorted())
            for delivery in claimed {
                #expect(try await store.recordAttempt(record(delivery, owner: "w", status: .delivered)))
            }
        }
        // c's earlier routine event goes first (its order is kept), then its alarm, alone; then the routine lane.
        #expect(batches == [["d-3-home"], ["d-4-home"], ["d-0-home", "d-1-home", "d-5-home"], ["d-2-home"], []])
    }

    @Test func anAlarmWaitingForARetryDoesNotBlockTheRoutineLane() async throws {
        let store = try SQLiteStore(path: path)
        let messages = [message(0, subject: "person:a"), message(1, subject: "person:c", priority: .alarm)]
        _ = try await store.accept(AcceptUnit(messages: messages, audit: [], conflictAudit: []))
        let alarm = try await store.claim(destination: "home", owner: "w", leaseMilliseconds: 60_000, limit: 10, now: now)
        #expect(alarm.map(\.id) == ["d-1-home"])
        var retry = record(try #require(alarm.first), owner: "w", status: .pending)
        retry.nextAttemptAt = now.addingTimeInterval(30)
        #expect(try await store.recordAttempt(retry))
        let routine = try await store.claim(destination: "home", owner: "w", leaseMilliseconds: 60_000, limit: 10, now: now)
        #expect(routine.map(\.id) == ["d-0-home"])
        let due = try await store.claim(destination: "home", owner: "w", leaseMilliseconds: 60_000, limit: 10,
                                        now: now.addingTimeInterval(31))
        #expect(due.map(\.id) == ["d-1-home"])
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
