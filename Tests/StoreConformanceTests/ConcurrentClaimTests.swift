import Foundation
import Gateway
import Synchronization
import Testing

/// Several instances draining one queue at once: every delivery once, one in flight per lane, order per subject.
@Suite struct ConcurrentClaimTests {
    /// What the claimers saw, shared between their tasks.
    final class Observation: Sendable {
        let state = Mutex(Observed())
    }

    struct Observed {
        var inFlightLanes: Set<String> = []
        var twoInFlightOnOneLane = 0
        var sent: [String: [Int]] = [:]
        var claimedIds: [String] = []
    }

    @Test(arguments: StoreKind.allCases)
    func threeInstancesDrainingOneQueueKeepEachSubjectInOrder(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        let instances = [try await database.open(), try await database.open(), try await database.open()]
        let subjects = 8
        let perSubject = 12
        for index in 0..<perSubject {
            for subject in 0..<subjects {
                _ = try await instances[subject % 3].accept(Fixtures.unit("s\(subject)-\(index)",
                                                                          subject: Fixtures.subject(subject),
                                                                          receivedAt: Date()))
            }
        }
        let observed = Observation()
        let total = subjects * perSubject
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (number, store) in instances.enumerated() {
                for worker in 0..<2 {
                    let owner = "instance-\(number)-\(worker)"
                    group.addTask {
                        var idle = 0
                        while idle < 50 {
                            let claimed = try await store.claim(destination: "appi-spip", owner: owner,
                                                                leaseMilliseconds: 60_000, limit: 3, now: Date())
                            if claimed.isEmpty {
                                if observed.state.withLock({ $0.claimedIds.count }) >= total { return }
                                idle += 1
                                try await Task.sleep(for: .milliseconds(5))
                                continue
                            }
                            idle = 0
                            for delivery in claimed {
                                let index = Int(String(decoding: delivery.payload, as: UTF8.self)
                                    .split(separator: "-").last!.dropLast(2))!
                                observed.state.withLock { seen in
                                    if !seen.inFlightLanes.insert(delivery.subjectKey).inserted { seen.twoInFlightOnOneLane += 1 }
                                    seen.sent[delivery.subjectKey, default: []].append(index)
                                    seen.claimedIds.append(delivery.id)
                                }
                            }
                            await Task.yield()
                            for delivery in claimed {
                                observed.state.withLock { _ = $0.inFlightLanes.remove(delivery.subjectKey) }
                                #expect(try await store.recordAttempt(Fixtures.record(delivery, owner: owner,
                                                                                      status: .delivered)))
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let seen = observed.state.withLock { $0 }
        #expect(seen.claimedIds.count == total)
        #expect(Set(seen.claimedIds).count == total, "a delivery was claimed twice")
        #expect(seen.twoInFlightOnOneLane == 0)
        for subject in 0..<subjects {
            #expect(seen.sent[Fixtures.subject(subject)] == Array(0..<perSubject))
        }
        #expect(try await instances[0].queueStats(now: Date()).first?.delivered == total)
        let verified = try await Fixtures.verifyChain(instances[0])
        #expect(verified.failure == nil)
        for store in instances { await database.close(store) }
    }
}
