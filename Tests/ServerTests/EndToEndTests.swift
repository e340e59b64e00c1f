import Foundation
import Gateway
import Server
import Testing

@Suite(.serialized) struct EndToEndTests {
    @Test func canonicalMessageReachesDestinationExactlyOnceWithVisibleStatus() async throws {
        try await TestGateway.run { gateway in

            let answer = try await gateway.post(Envelopes.measure("appi-msg-0001"))
            #expect(answer.status == 202, "\(answer.body)")
            let messages = answer.json["messages"] as? [[String: Any]]
            let id = try #require(messages?.first?["id"] as? String)

            #expect(try await gateway.eventually { gateway.spip.accepted.count == 1 })
            #expect(try await gateway.eventually { try await gateway.drained() })
            #expect(try await gateway.eventually {
                let status = try await gateway.request(.GET, "/v1/messages/\(id)")
                return status.body.contains("\"status\":\"delivered\"")
            })
            // Give a worker time to misbehave, then check it did not send twice.
            try await Task.sleep(for: .milliseconds(200))
            #expect(gateway.spip.received.count == 1)
            let delivered = try #require(gateway.spip.received.first)
            #expect(delivered.idempotencyKey == id)
            #expect(delivered.kind == "measure.mandated")
            #expect(delivered.body.contains("Obligation de soins"))

            let status = try await gateway.request(.GET, "/v1/messages/\(id)", token: TestGateway.opsToken)
            #expect(status.status == 200)
            #expect(status.body.contains("\"destination\":\"appi-spip\""))
        }
    }

    @Test func sameMessageTwiceGivesOneDeliveryAndTheSameAnswer() async throws {
        try await TestGateway.run { gateway in

            let first = try await gateway.post(Envelopes.measure("appi-msg-dup"))
            let second = try await gateway.post(Envelopes.measure("appi-msg-dup"))
            #expect(first.status == 202)
            #expect(second.status == 202)
            #expect(first.body == second.body)
            #expect(second.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 1 })
            #expect(try await gateway.eventually { try await gateway.drained() })
            try await Task.sleep(for: .milliseconds(200))
            #expect(gateway.spip.received.count == 1)
            #expect(try await gateway.store.counts().messages == 1)

            let conflicting = try await gateway.post(Envelopes.measure("appi-msg-dup", label: "Obligation de travail"))
            #expect(conflicting.status == 409)
            #expect(conflicting.body.contains("appi-msg-dup"))
            #expect(conflicting.body.contains("already used for a different message"))
            #expect(try await gateway.store.counts().messages == 1)
        }
    }

    @Test func transientFailuresAreRetriedUntilDelivered() async throws {
        try await TestGateway.run { gateway in
            gateway.spip.script([503, 503, 200])

            let answer = try await gateway.post(Envelopes.measure("appi-msg-retry"))
            #expect(answer.status == 202)
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 1 })
            #expect(try await gateway.eventually { try await gateway.drained() })
            #expect(gateway.spip.received.map(\.answeredStatus) == [503, 503, 200])
            // The stub answers before the worker records the outcome: wait for the record, not just the effect.
            #expect(try await gateway.eventually {
                try await !gateway.store.deliveries(status: .delivered, destination: "appi-spip", limit: 10).isEmpty
            })
            let delivery = try #require(try await gateway.store.deliveries(status: .delivered, destination: "appi-spip", limit: 10).first)
            #expect(delivery.attempts == 3)
            let attempts = try await gateway.store.attempts(deliveryId: delivery.id)
            #expect(attempts.map(\.outcome) == ["retry", "retry", "delivered"])
            #expect(attempts.map(\.httpStatus) == [503, 503, 200])
        }
    }

    @Test func permanentFailureIsDeadLetteredThenReplayedByOps() async throws {
        try await TestGateway.run { gateway in
            gateway.spip.script([400])

            _ = try await gateway.post(Envelopes.measure("appi-msg-dead"))
            #expect(try await gateway.eventually {
                try await !gateway.store.deliveries(status: .dead, destination: nil, limit: 10).isEmpty
            })
            let dead = try #require(try await gateway.store.deliveries(status: .dead, destination: nil, limit: 10).first)
            #expect(dead.lastHTTPStatus == 400)
            #expect(dead.lastError == "HTTP 400")
            #expect(dead.attempts == 1)

            let listed = try await gateway.request(.GET, "/v1/ops/deliveries?status=dead", token: TestGateway.opsToken)
            #expect(listed.body.contains(dead.id))

            let noReason = try await gateway.request(.POST, "/v1/ops/deliveries/\(dead.id)/replay", token: TestGateway.opsToken,
                                                     body: Array("{}".utf8))
            #expect(noReason.status == 400)

            let replay = try await gateway.request(.POST, "/v1/ops/deliveries/\(dead.id)/replay", token: TestGateway.opsToken,
                                                   body: Array(#"{"reason":"home system fixed its validation"}"#.utf8))
            #expect(replay.status == 200, "\(replay.body)")
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 1 })
            #expect(try await gateway.eventually { try await gateway.drained() })
            #expect(try await gateway.eventually {
                try await gateway.store.delivery(id: dead.id)?.status == .delivered
            })
            let history = try await gateway.store.attempts(deliveryId: dead.id)
            #expect(history.map(\.outcome) == ["dead", "replayed", "delivered"])
            #expect(history.map(\.cycle) == [1, 2, 2])
            #expect(history[1].actor == "ops-test")
            #expect(history[1].reason == "home system fixed its validation")
            #expect(gateway.spip.received.map(\.answeredStatus) == [400, 200])
        }
    }

    @Test func disabledAdapterKeepsItsQueueAndDeliversItInOrderPerSubjectOnceEnabled() async throws {
        try await TestGateway.run { gateway in

            let disable = try await gateway.request(.POST, "/v1/ops/adapters/home/disable", token: TestGateway.opsToken,
                                                    body: Array(#"{"reason":"home system maintenance"}"#.utf8))
            #expect(disable.status == 200, "\(disable.body)")
            for index in 0..<20 {
                let person = index % 2 == 0 ? Envelopes.personA : Envelopes.personB
                let answer = try await gateway.post(Envelopes.measure("appi-queued-\(index)", person: person, label: "step \(index)"))
                #expect(answer.status == 202)
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(gateway.spip.received.isEmpty)
            #expect(try await gateway.store.queueStats(now: Date()).first { $0.destination == "appi-spip" }?.pending == 20)

            let enable = try await gateway.request(.POST, "/v1/ops/adapters/home/enable", token: TestGateway.opsToken,
                                                   body: Array(#"{"reason":"maintenance over"}"#.utf8))
            #expect(enable.status == 200)
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 20 })
            #expect(try await gateway.eventually { try await gateway.drained() })
            try await Task.sleep(for: .milliseconds(100))
            #expect(gateway.spip.received.count == 20)
            for person in [Envelopes.personA, Envelopes.personB] {
                let steps = gateway.spip.received.filter { $0.body.contains(person) }.compactMap { received -> Int? in
                    guard let range = received.body.range(of: #"step (\d+)"#, options: .regularExpression) else { return nil }
                    return Int(received.body[range].dropFirst(5))
                }
                #expect(steps.count == 10)
                #expect(steps == steps.sorted(), "order for \(person): \(steps)")
            }
            let entries = try await gateway.store.auditEntries(afterSeq: 0, limit: 10_000)
            #expect(entries.contains { $0.operation == .administer && $0.outcome == "disabled" && $0.actor == "ops-test" })
        }
    }

    @Test func parquetNeverReceivesNotesOrInterviewsAndTheDenialIsAudited() async throws {
        try await TestGateway.run { gateway in
            let noteCanary = "CANARY-NOTE-\(UUID().uuidString)"
            let interviewCanary = "CANARY-INTERVIEW-\(UUID().uuidString)"

            let answer = try await gateway.post(Envelopes.noteAndInterview("appi-note-1", noteCanary: noteCanary,
                                                                           interviewCanary: interviewCanary))
            #expect(answer.status == 202, "\(answer.body)")
            #expect(try await gateway.eventually { gateway.parquet.accepted.count == 1 && gateway.spip.accepted.count == 1 })
            #expect(try await gateway.eventually { try await gateway.drained() })

            let toParquet = try #require(gateway.parquet.received.first).body
            #expect(!toParquet.contains(noteCanary))
            #expect(!toParquet.contains(interviewCanary))
            #expect(toParquet.contains("EXEMPLE"))
            let toSpip = try #require(gateway.spip.received.first).body
            #expect(toSpip.contains(noteCanary))
            #expect(toSpip.contains(interviewCanary))

            let entries = try await gateway.store.auditEntries(afterSeq: 0, limit: 1_000)
            let denial = try #require(entries.first { $0.operation == .deny && $0.recipients == ["parquet-tj"] })
            #expect(Set(denial.categories) == ["interview", "note"])
            // The audit log names categories and fields, never the values.
            #expect(!entries.contains { String(describing: $0).contains(noteCanary) || String(describing: $0).contains(interviewCanary) })
            let disclosure = try #require(entries.first { $0.operation == .disclose && $0.recipients == ["parquet-tj"] })
            #expect(!disclosure.categories.contains("note"))
            #expect(!disclosure.categories.contains("interview"))
        }
    }

    @Test func aFailingDestinationOpensItsCircuitAndDrainsOnceItAnswersAgain() async throws {
        try await TestGateway.run(retry: "{max_attempts: 100, base_delay_ms: 10, max_delay_ms: 50}",
                                  circuit: "{failures: 3, cooldown_ms: 300}") { gateway in
            gateway.spip.setDefaultStatus(503)
            for index in 0..<4 {
                let person = String(format: "0190f3a2-7b1c-7000-8000-%012d", 100 + index)
                #expect(try await gateway.post(Envelopes.measure("circuit-\(index)", person: person)).status == 202)
            }
            #expect(try await gateway.eventually {
                try await gateway.request(.GET, "/health/ready", token: nil).body
                    .contains("degraded (circuit open: appi-spip)")
            })
            let metrics = try await gateway.request(.GET, "/metrics", token: TestGateway.opsToken)
            #expect(metrics.body.contains(#"passerelle_circuit_open{destination="appi-spip"} 1"#))
            #expect(gateway.spip.accepted.isEmpty)

            gateway.spip.setDefaultStatus(200)
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 4 })
            #expect(try await gateway.eventually { try await gateway.drained() })
            let ready = try await gateway.request(.GET, "/health/ready", token: nil)
            #expect(ready.body.contains("adapter home: enabled, queued 0, dead 0, ok"))
        }
    }
}
