import Foundation
import Gateway
import Testing

/// A full disk must never turn into a lost message: the gateway refuses with 503 what it cannot write, keeps
/// delivering what it stored, and takes messages again once there is room (fail closed).
@Suite(.serialized) struct FailClosedTests {
    @Test func aFullStoreRefusesNewMessagesWith503AndLosesNothing() async throws {
        try await TestGateway.run { gateway in
            #expect(try await gateway.post(Envelopes.measure("full-0")).status == 202)
            #expect(try await gateway.eventually { try await gateway.drained() })
            // Cap the file at its current size: the next page the store needs makes SQLite answer SQLITE_FULL.
            try gateway.sqlite.unsafeExecute("PRAGMA max_page_count = 1")

            var accepted: [String] = []
            var refused = 0
            for index in 1...40 {
                let answer = try await gateway.post(Envelopes.measure("full-\(index)", label: String(repeating: "x", count: 2_000)))
                switch answer.status {
                case 202: accepted.append("full-\(index)")
                case 503:
                    refused += 1
                    #expect(answer.body.contains("retry"))
                default: Issue.record("unexpected answer \(answer.status): \(answer.body)")
                }
            }
            #expect(refused > 0, "the capped store must refuse at some point")
            #expect(try await gateway.request(.GET, "/health/live", token: nil).status == 200)

            try gateway.sqlite.unsafeExecute("PRAGMA max_page_count = 1073741823")
            let again = try await gateway.post(Envelopes.measure("full-after"))
            #expect(again.status == 202)
            accepted.append("full-after")

            // Everything that got a 202 is delivered; nothing that got a 503 is.
            #expect(try await gateway.eventually { try await gateway.drained() })
            let delivered = Set(gateway.spip.accepted.compactMap { received -> String? in
                received.body.range(of: #""sourceMessageId":"full-[a-z0-9]+""#, options: .regularExpression)
                    .map { String(received.body[$0].dropFirst(#""sourceMessageId":""#.count).dropLast()) }
            })
            #expect(delivered == Set(accepted + ["full-0"]))
            #expect(try await gateway.store.counts().messages == accepted.count + 1)
        }
    }
}
