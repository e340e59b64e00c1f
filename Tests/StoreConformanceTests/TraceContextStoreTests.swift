import Foundation
import Gateway
import Testing

/// The trace a message came with is stored with it and handed to every claim of its deliveries, retries included.
@Suite struct TraceContextStoreTests {
    @Test(arguments: StoreKind.allCases)
    func aRetryDaysLaterCarriesTheTraceTheMessageCameWith(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            let trace = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                                                  tracestate: "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"))
            var traced = Fixtures.unit("traced", subject: Fixtures.subject(1))
            traced.messages[0].trace = trace
            _ = try await store.accept(traced)
            _ = try await store.accept(Fixtures.unit("untraced", subject: Fixtures.subject(2)))

            let first = try await store.claim(destination: "appi-spip", owner: "w1", leaseMilliseconds: 60_000,
                                              limit: 10, now: Fixtures.t0)
            try #require(first.count == 2)
            let claimedTraced = try #require(first.first { $0.subjectKey == Fixtures.subject(1) })
            #expect(claimedTraced.trace == trace)
            let untraced = try #require(first.first { $0.subjectKey == Fixtures.subject(2) })
            #expect(untraced.trace == nil)
            #expect(try await store.recordAttempt(Fixtures.record(untraced, owner: "w1", status: .delivered)))

            let threeDaysLater = Fixtures.t0.addingTimeInterval(3 * 86_400)
            #expect(try await store.recordAttempt(Fixtures.record(claimedTraced, owner: "w1", status: .pending,
                                                                  nextAttemptAt: threeDaysLater)))
            let retry = try await store.claim(destination: "appi-spip", owner: "w2", leaseMilliseconds: 60_000,
                                              limit: 10, now: threeDaysLater)
            #expect(retry.map(\.id) == [claimedTraced.id])
            #expect(retry.first?.trace?.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            #expect(retry.first?.trace?.state == "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
        }
    }
}
