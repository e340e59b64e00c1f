import Foundation
import Gateway
import SaphirAdapter
import Server
import Testing

@Suite(.serialized) struct SaphirEndToEndTests {
    @Test func alarmSentThreeTimesBySaphirReachesTheHomeSystemOnce() async throws {
        try await TestGateway.run(saphir: true) { gateway in
            let saphir = SaphirSender(gateway: gateway)
            let body = SaphirSender.body([SaphirSender.event(id: "EVT-E2E-0001", person: 1, alarm: true, minute: 0)])

            // SAPHIR's first delivery, then two retries (each a new delivery id, as the contract asks).
            let first = try await saphir.send(body, delivery: "dlv-e2e-1")
            #expect(first.status == 202, "\(first.body)")
            let second = try await saphir.send(body, delivery: "dlv-e2e-2")
            let third = try await saphir.send(body, delivery: "dlv-e2e-3")
            #expect(second.status == 202 && third.status == 202)
            #expect(third.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(first.body == third.body)

            // The very same delivery sent again is a replay: 409, nothing stored.
            let replay = try await saphir.send(body, delivery: "dlv-e2e-1")
            #expect(replay.status == 409, "\(replay.body)")
            #expect(replay.body.contains("replayed"))

            #expect(try await gateway.eventually { gateway.spip.accepted.count == 1 })
            #expect(try await gateway.eventually { try await gateway.drained() })
            try await Task.sleep(for: .milliseconds(200))
            #expect(gateway.spip.received.count == 1)
            #expect(gateway.spip.received.first?.kind == "monitoring.alarm")
            #expect(try await gateway.store.counts().messages == 1)
            let refusals = try await gateway.store.auditEntries(afterSeq: 0, limit: 100).filter { $0.outcome == "rejected 409" }
            #expect(refusals.count == 1)
        }
    }

    @Test func badSignatureAndStaleTimestampAreRefusedAuditedAndNothingStored() async throws {
        try await TestGateway.run(saphir: true) { gateway in
            let saphir = SaphirSender(gateway: gateway)
            let body = SaphirSender.body([SaphirSender.event(id: "EVT-E2E-0002", person: 2, alarm: true, minute: 0)])
            let forger = WebhookSignature(secret: Secret("not-the-key-\(UUID().uuidString)"), toleranceSeconds: 300)

            let forged = try await saphir.send(body, signWith: forger)
            #expect(forged.status == 401)
            #expect(forged.body.contains("signature-invalid"))
            let stale = try await saphir.send(body, timestamp: Int(Date().timeIntervalSince1970) - 3_600)
            #expect(stale.status == 401)
            #expect(stale.body.contains("stale-timestamp"))
            // The bearer-token door stays shut too: a home token is no SAPHIR signature.
            let unsigned = try await gateway.request(.POST, "/inbound/saphir", body: body)
            #expect(unsigned.status == 401)

            #expect(try await gateway.store.counts().messages == 0)
            let audit = try await gateway.store.auditEntries(afterSeq: 0, limit: 100)
            #expect(audit.filter { $0.outcome == "rejected 401" }.count == 3)
            #expect(!audit.contains { ($0.detail ?? "").contains(TestGateway.saphirSecret) })
        }
    }

    /// A five-hour outage, scaled for a 2-core CI (the full 50,000 events for 15,000 people run in `make bench`):
    /// SAPHIR replays its backlog at once while deliveries to the home system are paused, then they resume.
    @Test func outageBacklogIsAllAcceptedInOrderPerPersonWithAlarmsFirst() async throws {
        let people = 900
        let events = 3_000
        try await TestGateway.run(saphir: true) { gateway in
            _ = try await gateway.store.setAdapterState(name: "home", mode: .paused,
                                                        actor: AuditActor(id: "test", function: "ops"),
                                                        reason: "home system down during the outage", now: Date())
            // Event i concerns person i % people; one in 23 is an alarm. 23 does not divide 900, so most people with an
            // alarm also have routine events queued before it, which must still reach the home system first.
            let plan = (0..<events).map { index in
                (id: "EVT-BACKLOG-\(String(format: "%06d", index))", person: index % people, alarm: index % 23 == 22)
            }
            // Eight senders, each owning a share of the people and sending its deliveries one after another,
            // so that each person's events reach the gateway in the order SAPHIR recorded them.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for sender in 0..<8 {
                    group.addTask {
                        let saphir = SaphirSender(gateway: gateway)
                        let mine = plan.enumerated().filter { $0.element.person % 8 == sender }
                        for start in stride(from: 0, to: mine.count, by: 50) {
                            let batch = mine[start..<min(start + 50, mine.count)].map {
                                SaphirSender.event(id: $0.element.id, person: $0.element.person,
                                                   alarm: $0.element.alarm, minute: $0.offset)
                            }
                            let answer = try await saphir.send(SaphirSender.body(batch))
                            guard answer.status == 202 else { throw BacklogFailure.refused(answer.status, answer.body) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await gateway.store.counts().messages == events)

            _ = try await gateway.store.setAdapterState(name: "home", mode: .enabled,
                                                        actor: AuditActor(id: "test", function: "ops"),
                                                        reason: "home system back", now: Date())
            gateway.app.delivery.wakeAll()
            #expect(try await gateway.eventually(180) { gateway.spip.accepted.count >= events })
            let received = gateway.spip.received.map(DeliveredEvent.init)

            // None lost, none twice.
            #expect(received.count == events)
            #expect(Set(received.map(\.id)) == Set(plan.map(\.id)))
            // Order per person kept.
            let sent = Dictionary(grouping: plan, by: \.person).mapValues { $0.map(\.id) }
            let got = Dictionary(grouping: received, by: \.person).mapValues { $0.map(\.id) }
            let personRef = { (person: Int) in String(format: "0190f3a2-7b1c-7000-8000-%012d", person) }
            #expect(sent.allSatisfy { got[personRef($0.key)] == $0.value })
            // Alarms first: until the last alarm is delivered, only people with an alarm are served (their earlier
            // events go first to keep their order); every routine event of anyone else, queued earlier, waits.
            let alarmPeople = Set(plan.filter(\.alarm).map { personRef($0.person) })
            let lastAlarm = try #require(received.lastIndex { $0.alarm })
            #expect(received[...lastAlarm].allSatisfy { alarmPeople.contains($0.person) })
            #expect(received[...lastAlarm].contains { !$0.alarm }, "routine events of people with an alarm went first")
            #expect(received.filter(\.alarm).count == plan.filter(\.alarm).count)
        }
    }
}

/// What the home system's stub received, read back from the delivered envelope.
private struct DeliveredEvent {
    var id: String
    var person: String
    var alarm: Bool

    init(_ received: HomeStub.Received) {
        let json = (try? JSONSerialization.jsonObject(with: Data(received.body.utf8))) as? [String: Any] ?? [:]
        id = json["sourceMessageId"] as? String ?? ""
        person = (json["subject"] as? [String: Any])?["personId"] as? String ?? ""
        alarm = received.kind == "monitoring.alarm"
    }
}


private enum BacklogFailure: Error {
    case refused(Int, String)
}
