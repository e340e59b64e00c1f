import Foundation
import Gateway
import Testing

/// What every `Store` must do, whichever database is behind it. Each test runs against SQLite and PostgreSQL.
@Suite struct StoreConformanceTests {
    let destination = "appi-spip"

    @Test(arguments: StoreKind.allCases)
    func acceptStoresOnceAndRefusesAReusedKeyWithOtherContent(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            let first = try await store.accept(Fixtures.unit("src-1"))
            guard case .stored(let ids) = first else { Issue.record("not stored: \(first)"); return }
            #expect(try await store.accept(Fixtures.unit("src-1")) == .duplicate(ids))
            #expect(try await store.accept(Fixtures.unit("src-1", content: "other"))
                    == .conflict(sourceMessageId: "src-1", existingId: ids[0]))
            #expect(try await store.counts().messages == 1)
            #expect(try await store.counts().deliveries == 1)
            #expect(try await store.message(id: ids[0])?.sourceMessageId == "src-1")
            let deliveries = try await store.deliveries(messageId: ids[0])
            #expect(deliveries.map(\.status) == [.pending])
            // Collection of the stored one, then the conflict's rejection; the duplicate writes nothing.
            #expect(try await store.auditEntries(afterSeq: 0, limit: 10).map(\.outcome) == ["stored", "conflict"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentAcceptsOfOneKeyStoreOneMessageThroughSeveralInstances(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        let instances = [try await database.open(), try await database.open(), try await database.open()]
        let outcomes = try await withThrowingTaskGroup(of: AcceptOutcome.self) { group in
            for round in 0..<12 {
                let store = instances[round % instances.count]
                group.addTask { try await store.accept(Fixtures.unit("same-key")) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let storedIds = outcomes.compactMap { outcome -> [String]? in
            if case .stored(let ids) = outcome { return ids }
            if case .duplicate(let ids) = outcome { return ids }
            return nil
        }
        #expect(storedIds.count == 12)
        #expect(Set(storedIds).count == 1)
        #expect(try await instances[0].counts().messages == 1)
        for store in instances { await database.close(store) }
    }

    @Test(arguments: StoreKind.allCases)
    func claimTakesOnlyTheOldestOpenDeliveryOfEachSubject(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            for (source, subject) in [("a1", 1), ("a2", 1), ("b1", 2), ("a3", 1), ("b2", 2)] {
                _ = try await store.accept(Fixtures.unit(source, subject: Fixtures.subject(subject)))
            }
            let first = try await store.claim(destination: destination, owner: "w1", leaseMilliseconds: 60_000,
                                              limit: 10, now: Fixtures.t0)
            try #require(first.count == 2)
            #expect(first.map(\.payload).map { String(decoding: $0, as: UTF8.self) } == ["{\"n\":\"a1\"}", "{\"n\":\"b1\"}"])
            #expect(try await store.claim(destination: destination, owner: "w2", leaseMilliseconds: 60_000, limit: 10,
                                          now: Fixtures.t0).isEmpty)
            // A retry keeps its place: the lane waits for it, and the other lane goes on.
            #expect(try await store.recordAttempt(Fixtures.record(first[0], owner: "w1", status: .pending,
                                                                  nextAttemptAt: Fixtures.t0.addingTimeInterval(30))))
            #expect(try await store.recordAttempt(Fixtures.record(first[1], owner: "w1", status: .delivered)))
            let second = try await store.claim(destination: destination, owner: "w1", leaseMilliseconds: 60_000,
                                               limit: 10, now: Fixtures.t0.addingTimeInterval(1))
            #expect(second.map(\.payload).map { String(decoding: $0, as: UTF8.self) } == ["{\"n\":\"b2\"}"])
            let third = try await store.claim(destination: destination, owner: "w1", leaseMilliseconds: 60_000,
                                              limit: 10, now: Fixtures.t0.addingTimeInterval(31))
            #expect(third.map(\.id) == [first[0].id])
            #expect(third.first?.attempt == 2)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func nextDueIsWhenTheEarliestPendingDeliveryIsDue(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            #expect(try await store.nextDue(destination: destination) == nil)
            _ = try await store.accept(Fixtures.unit("due-1"))
            let claimed = try await store.claim(destination: destination, owner: "w", leaseMilliseconds: 60_000, limit: 1,
                                                now: Fixtures.t0)
            try #require(claimed.count == 1)
            #expect(try await store.nextDue(destination: destination) == nil)
            #expect(try await store.recordAttempt(Fixtures.record(claimed[0], owner: "w", status: .pending,
                                                                  nextAttemptAt: Fixtures.t0.addingTimeInterval(30))))
            #expect(try await store.nextDue(destination: destination) == Fixtures.t0.addingTimeInterval(30))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anExpiredLeaseIsTakenOverAndTheStaleOwnerIsFencedOut(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        let first = try await database.open()
        let second = try await database.open()
        _ = try await first.accept(Fixtures.unit("lease-1"))
        let mine = try await first.claim(destination: destination, owner: "instance-a", leaseMilliseconds: 1_000,
                                         limit: 5, now: Fixtures.t0)
        try #require(mine.count == 1)
        #expect(try await second.claim(destination: destination, owner: "instance-b", leaseMilliseconds: 1_000, limit: 5,
                                       now: Fixtures.t0.addingTimeInterval(0.5)).isEmpty)
        let taken = try await second.claim(destination: destination, owner: "instance-b", leaseMilliseconds: 1_000,
                                           limit: 5, now: Fixtures.t0.addingTimeInterval(2))
        try #require(taken.map(\.id) == mine.map(\.id))
        #expect(taken.first?.attempt == 2)

        // The first instance wakes up and reports success for attempt 1: nothing changes.
        #expect(try await first.recordAttempt(Fixtures.record(mine[0], owner: "instance-a", status: .delivered)) == false)
        #expect(try await second.delivery(id: mine[0].id)?.status == .inFlight)
        // Nor can it finish the new owner's attempt by guessing its number.
        var guessed = Fixtures.record(taken[0], owner: "instance-a", status: .dead)
        guessed.attempt = taken[0].attempt
        #expect(try await first.recordAttempt(guessed) == false)
        #expect(try await second.recordAttempt(Fixtures.record(taken[0], owner: "instance-b", status: .delivered)))
        let after = try await second.delivery(id: mine[0].id)
        #expect(after?.status == .delivered)
        #expect(after?.attempts == 2)
        let history = try await second.attempts(deliveryId: mine[0].id)
        #expect(history.map(\.outcome) == ["lease-lost", "lease-lost", "delivered"])
        let disclosures = try await second.auditEntries(afterSeq: 0, limit: 100).filter { $0.operation == .disclose }
        #expect(disclosures.map(\.outcome) == ["lease-lost", "lease-lost", "delivered"])
        await database.close(first)
        await database.close(second)
    }

    @Test(arguments: StoreKind.allCases)
    func replayAndCancelFollowTheTransitionsAndKeepHistory(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            _ = try await store.accept(Fixtures.unit("dead-1", subject: Fixtures.subject(1)))
            _ = try await store.accept(Fixtures.unit("ok-1", subject: Fixtures.subject(2)))
            let claimed = try await store.claim(destination: destination, owner: "w", leaseMilliseconds: 60_000,
                                                limit: 5, now: Fixtures.t0)
            let doomed = try #require(claimed.first)
            let fine = try #require(claimed.last)
            #expect(try await store.recordAttempt(Fixtures.record(doomed, owner: "w", status: .dead, error: "HTTP 400")))
            #expect(try await store.recordAttempt(Fixtures.record(fine, owner: "w", status: .delivered)))
            #expect(try await store.deliveries(status: .dead, destination: destination, limit: 10).map(\.id) == [doomed.id])

            let replayed = try await store.replay(deliveryId: doomed.id, actor: Fixtures.ops, reason: "peer fixed",
                                                  now: Fixtures.t0.addingTimeInterval(10))
            #expect(replayed.status == .pending)
            #expect(replayed.cycleAttempts == 0)
            #expect(replayed.attempts == 1)
            let again = try await store.claim(destination: destination, owner: "w", leaseMilliseconds: 60_000, limit: 5,
                                              now: Fixtures.t0.addingTimeInterval(10))
            try #require(again.map(\.id) == [doomed.id])
            #expect(again.first?.attempt == 2)
            #expect(again.first?.cycleAttempt == 1)
            #expect(try await store.recordAttempt(Fixtures.record(again[0], owner: "w", status: .dead)))
            let cancelled = try await store.cancel(deliveryId: doomed.id, actor: Fixtures.ops, reason: "obsolete",
                                                   now: Fixtures.t0.addingTimeInterval(20))
            #expect(cancelled.status == .cancelled)

            let history = try await store.attempts(deliveryId: doomed.id)
            #expect(history.map(\.outcome) == ["dead", "replayed", "dead", "cancelled"])
            #expect(history.map(\.cycle) == [1, 2, 2, 2])
            #expect(history[1].actor == "ops-test")
            #expect(history[1].reason == "peer fixed")

            await #expect(throws: StoreError.invalidTransition(id: fine.id, from: .delivered, action: "cancelled")) {
                _ = try await store.cancel(deliveryId: fine.id, actor: Fixtures.ops, reason: "no", now: Fixtures.t0)
            }
            await #expect(throws: StoreError.invalidTransition(id: fine.id, from: .delivered, action: "replayed")) {
                _ = try await store.replay(deliveryId: fine.id, actor: Fixtures.ops, reason: "no", now: Fixtures.t0)
            }
            await #expect(throws: StoreError.notFound("delivery nope")) {
                _ = try await store.replay(deliveryId: "nope", actor: Fixtures.ops, reason: "no", now: Fixtures.t0)
            }
            let administered = try await store.auditEntries(afterSeq: 0, limit: 100).filter { $0.operation == .administer }
            #expect(administered.map(\.outcome) == ["replayed", "cancelled"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func adapterStatesAreStoredWithWhoAndWhy(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            #expect(try await store.adapterStates().isEmpty)
            _ = try await store.setAdapterState(name: "home", mode: .paused, actor: Fixtures.ops, reason: "maintenance",
                                                now: Fixtures.t0)
            _ = try await store.setAdapterState(name: "home", mode: .disabled, actor: Fixtures.ops, reason: "incident",
                                                now: Fixtures.t0.addingTimeInterval(5))
            _ = try await store.setAdapterState(name: "cassiopee", mode: .enabled, actor: Fixtures.ops, reason: "go live",
                                                now: Fixtures.t0)
            #expect(try await store.adapterStates() == [
                AdapterState(name: "cassiopee", mode: .enabled, actor: "ops-test", reason: "go live", changedAt: Fixtures.t0),
                AdapterState(name: "home", mode: .disabled, actor: "ops-test", reason: "incident",
                             changedAt: Fixtures.t0.addingTimeInterval(5)),
            ])
            #expect(try await store.auditEntries(afterSeq: 0, limit: 10).map(\.outcome) == ["paused", "disabled", "enabled"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func queueStatsCountEachStatusPerDestination(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            for index in 0..<4 {
                _ = try await store.accept(Fixtures.unit("q\(index)", subject: Fixtures.subject(index),
                                                         destinations: ["appi-spip", "parquet-tj"]))
            }
            let claimed = try await store.claim(destination: destination, owner: "w", leaseMilliseconds: 60_000, limit: 3,
                                                now: Fixtures.t0)
            try #require(claimed.count == 3)
            #expect(try await store.recordAttempt(Fixtures.record(claimed[0], owner: "w", status: .delivered)))
            #expect(try await store.recordAttempt(Fixtures.record(claimed[1], owner: "w", status: .dead)))
            let stats = try await store.queueStats(now: Fixtures.t0.addingTimeInterval(60))
            #expect(stats == [
                QueueStats(destination: "appi-spip", pending: 1, inFlight: 1, dead: 1, delivered: 1,
                           oldestPendingAgeSeconds: 60),
                QueueStats(destination: "parquet-tj", pending: 4, inFlight: 0, dead: 0, delivered: 0,
                           oldestPendingAgeSeconds: 60),
            ])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theAuditChainStaysGaplessWithSeveralWritersAtOnce(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        let instances = [try await database.open(), try await database.open(), try await database.open()]
        let perInstance = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (number, store) in instances.enumerated() {
                for index in 0..<perInstance {
                    group.addTask {
                        if index.isMultiple(of: 2) {
                            _ = try await store.accept(Fixtures.unit("i\(number)-\(index)", subject: Fixtures.subject(index)))
                        } else {
                            try await store.appendAudit([AuditDraft(operation: .deny, actor: "client-\(number)",
                                                                    actorFunction: "partner", outcome: "denied")])
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let verified = try await Fixtures.verifyChain(instances[1])
        #expect(verified.failure == nil)
        #expect(verified.checked == Int64(instances.count * perInstance))
        #expect(try await instances[2].counts().audit == instances.count * perInstance)
        for store in instances { await database.close(store) }
    }

    @Test(arguments: StoreKind.allCases)
    func migrationsAreNamedAlikeAndAppliedOnce(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        let first = try await database.open()
        let second = try await database.open()
        let names = ["0001-messages-deliveries-audit", "0002-delivery-priority", "0003-poll-cursors",
                     "0004-penal-record-snapshots", "0005-sms", "0006-sms-outcome-reports", "0007-sms-retries",
                     "0010-trace-context"]
        for (store, appliedNow) in [(first, names), (second, [])] {
            let report = try #require(StoreMigrations.report(of: store))
            #expect(report.known == names)
            #expect(report.appliedNow == appliedNow)
        }
        await database.close(first)
        await database.close(second)
    }

    @Test(arguments: StoreKind.allCases)
    func alarmSubjectsAreServedFirstWithoutBreakingTheirOwnOrder(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            // Queued in this order: routine for a and b, a again, c's routine event, c's alarm, more for c.
            let plan: [(String, DeliveryPriority)] = [("a", .routine), ("b", .routine), ("a", .routine), ("c", .routine),
                                                      ("c", .alarm), ("c", .routine)]
            var ids: [String] = []
            for (index, (person, priority)) in plan.enumerated() {
                let unit = Fixtures.unit("lane-\(index)", subject: "person:\(person)", priority: priority)
                _ = try await store.accept(unit)
                ids.append(try #require(unit.messages.first?.deliveries.first?.id))
            }
            var batches: [Set<String>] = []
            for _ in 0..<5 {
                let claimed = try await store.claim(destination: "appi-spip", owner: "w", leaseMilliseconds: 60_000,
                                                    limit: 10, now: Fixtures.t0)
                batches.append(Set(claimed.map(\.id)))
                for delivery in claimed {
                    #expect(try await store.recordAttempt(Fixtures.record(delivery, owner: "w", status: .delivered)))
                }
            }
            // c's earlier routine event goes first (its order is kept), then its alarm alone, then the routine lane.
            #expect(batches == [[ids[3]], [ids[4]], [ids[0], ids[1], ids[5]], [ids[2]], []])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anAlarmWaitingForARetryDoesNotBlockTheRoutineLane(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            let routineUnit = Fixtures.unit("routine", subject: "person:a")
            let alarmUnit = Fixtures.unit("alarm", subject: "person:c", priority: .alarm)
            _ = try await store.accept(routineUnit)
            _ = try await store.accept(alarmUnit)
            let alarm = try await store.claim(destination: "appi-spip", owner: "w", leaseMilliseconds: 60_000, limit: 10,
                                              now: Fixtures.t0)
            #expect(alarm.map(\.id) == alarmUnit.messages.map { $0.deliveries[0].id })
            let retry = Fixtures.record(try #require(alarm.first), owner: "w", status: .pending,
                                        nextAttemptAt: Fixtures.t0.addingTimeInterval(30))
            #expect(try await store.recordAttempt(retry))
            let routine = try await store.claim(destination: "appi-spip", owner: "w", leaseMilliseconds: 60_000,
                                                limit: 10, now: Fixtures.t0)
            #expect(routine.map(\.id) == routineUnit.messages.map { $0.deliveries[0].id })
            let due = try await store.claim(destination: "appi-spip", owner: "w", leaseMilliseconds: 60_000, limit: 10,
                                            now: Fixtures.t0.addingTimeInterval(31))
            #expect(due.map(\.id) == alarmUnit.messages.map { $0.deliveries[0].id })
        }
    }
}
