import Foundation
import Gateway
import Server
import Testing

@Suite(.serialized) struct BadInputTests {
    /// Each bad request gets a 4xx saying what was wrong, stores nothing, adds exactly one audit entry.
    func expectRejected(_ gateway: TestGateway, status: Int, mentioning words: [String],
                        _ send: () async throws -> HTTPExchange) async throws {
        let before = try await gateway.store.counts()
        let answer = try await send()
        #expect(answer.status == status, "expected \(status), got \(answer.status): \(answer.body)")
        for word in words {
            #expect(answer.body.contains(word), "\(answer.body) should mention \(word)")
        }
        #expect(answer.body.contains("nothing stored") || status == 401 || status == 403)
        let after = try await gateway.store.counts()
        #expect(after.messages == before.messages)
        #expect(after.deliveries == before.deliveries)
        #expect(after.audit == before.audit + 1)
    }

    @Test func badInputIsRejectedWithAClearMessageAndLeavesOnlyAnAuditEntry() async throws {
        try await TestGateway.run(maxBodyBytes: 8_192) { gateway in

            try await expectRejected(gateway, status: 400, mentioning: ["malformed"]) {
                try await gateway.post(#"{"version":1,"kind":"measure.mandated","#)
            }
            try await expectRejected(gateway, status: 400, mentioning: ["unknown key", "notes"]) {
                let body = Envelopes.measure("bad-1").replacingOccurrences(of: #""purpose":"saisine","#,
                                                                            with: #""purpose":"saisine","notes":"x","#)
                return try await gateway.post(body)
            }
            try await expectRejected(gateway, status: 400, mentioning: ["wrong type", "version"]) {
                try await gateway.post(Envelopes.measure("bad-2").replacingOccurrences(of: #""version":1"#, with: #""version":"1""#))
            }
            try await expectRejected(gateway, status: 400, mentioning: ["duplicate key", "kind"]) {
                try await gateway.post(Envelopes.measure("bad-3").replacingOccurrences(
                    of: #""kind":"measure.mandated","#, with: #""kind":"measure.mandated","kind":"note.recorded","#))
            }
            try await expectRejected(gateway, status: 413, mentioning: ["larger than 8192 bytes"]) {
                try await gateway.post(Envelopes.measure("bad-4", label: String(repeating: "x", count: 10_000)))
            }
            try await expectRejected(gateway, status: 404, mentioning: ["no adapter named"]) {
                try await gateway.request(.POST, "/inbound/nonexistent", body: Array("{}".utf8))
            }
            try await expectRejected(gateway, status: 415, mentioning: ["Content-Type"]) {
                try await gateway.request(.POST, "/v1/messages", body: Array(Envelopes.measure("bad-5").utf8),
                                          contentType: "text/plain")
            }
            try await expectRejected(gateway, status: 401, mentioning: ["bearer token"]) {
                try await gateway.post(Envelopes.measure("bad-6"), token: nil)
            }
            try await expectRejected(gateway, status: 401, mentioning: ["bearer token"]) {
                try await gateway.post(Envelopes.measure("bad-7"), token: "not-a-token-of-anyone")
            }
            try await expectRejected(gateway, status: 403, mentioning: ["may not"]) {
                try await gateway.post(Envelopes.measure("bad-8"), token: TestGateway.officerToken)
            }
            try await expectRejected(gateway, status: 403, mentioning: ["may not"]) {
                try await gateway.request(.GET, "/metrics", token: TestGateway.homeToken)
            }

            let live = try await gateway.request(.GET, "/health/live", token: nil)
            #expect(live.status == 200)
            let good = try await gateway.post(Envelopes.measure("good-after-bad"))
            #expect(good.status == 202)
        }
    }

    @Test func sqlLookingTextIsStoredAndDeliveredByteIdentical() async throws {
        try await TestGateway.run { gateway in
            let hostile = #"'; DROP TABLE deliveries;-- %' OR '1'='1 /* ʼ \\ "#
            let answer = try await gateway.post(Envelopes.measure("sql-1", label: hostile))
            #expect(answer.status == 202, "\(answer.body)")
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 1 })
            #expect(try await gateway.eventually { try await gateway.drained() })
            let delivered = try #require(gateway.spip.received.first?.body)
            let object = try JSONSerialization.jsonObject(with: Data(delivered.utf8)) as? [String: Any]
            let payload = object?["payload"] as? [String: Any]
            let measure = payload?["measure"] as? [String: Any]
            let obligations = measure?["obligations"] as? [[String: Any]]
            #expect(obligations?.first?["label"] as? String == #"'; DROP TABLE deliveries;-- %' OR '1'='1 /* ʼ \ "#)
        }
    }

    @Test func metricsAndHealthDescribeTheGateway() async throws {
        try await TestGateway.run { gateway in
            _ = try await gateway.post(Envelopes.measure("metrics-1"))
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 1 })
            #expect(try await gateway.eventually { try await gateway.drained() })
            let metrics = try await gateway.request(.GET, "/metrics", token: TestGateway.opsToken)
            #expect(metrics.status == 200)
            #expect(metrics.body.contains(#"passerelle_messages_accepted_total{adapter="home",kind="measure.mandated"} 1"#))
            #expect(metrics.body.contains(#"passerelle_deliveries_total{destination="appi-spip",outcome="delivered"} 1"#))
            #expect(metrics.body.contains(#"passerelle_queue_depth{destination="appi-spip"} 0"#))
            let ready = try await gateway.request(.GET, "/health/ready", token: nil)
            #expect(ready.status == 200)
            #expect(ready.body.contains("adapter home: enabled"))
        }
    }
}
