import AsyncHTTPClient
import Foundation
import Gateway
import Logging
import NIOCore
import SaphirAdapter
import Server

/// SAPHIR's five-hour-outage backlog replayed at once: signed webhooks (one event each) from concurrent senders,
/// accepted with signature checking and full durability; then the drain to the home system, checked for loss,
/// order per person and alarms first.
enum SaphirBench {
    static func run(clients: Int, events: Int, people: Int) async throws {
        let stub = HomeStub()
        let stubPort = try await stub.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = "bench-key-\(UUID().uuidString)"
        let yaml = """
            store: {sqlite: \(directory.path)/bench.sqlite}
            server: {host: 127.0.0.1, port: 0}
            clients: [{name: bench, role: home, token_env: BENCH_TOKEN}]
            adapters:
              home: {enabled: false}
              saphir: {enabled: true, settings: {hmac_secret_env: BENCH_SAPHIR_KEY}}
            destinations:
              - {name: appi, adapter: home, role: spip, url: "http://127.0.0.1:\(stubPort)/webhook", concurrency: 32}
            routes: {"*": [appi]}
            """
        let config = try PasserelleConfig.parse(yaml, file: "bench")
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let app = try await GatewayApp(config: config, environment: ["BENCH_TOKEN": PasserelleBench.token, "BENCH_SAPHIR_KEY": key],
                                 logger: logger)
        let port = try await app.start()
        let url = "http://127.0.0.1:\(port)/inbound/saphir"
        let signature = WebhookSignature(secret: Secret(key), toleranceSeconds: 300)
        // Event i is about person i % people; one in 23 is an alarm (23 does not divide the number of people, so people with an
        // alarm also have routine events queued before it). Sender k owns the people with person % clients == k
        // and sends their events one after another, as SAPHIR replays each person's history in order.
        let plan = (0..<events).map { (person: $0 % people, alarm: $0 % 23 == 22) }
        let shares = (0..<clients).map { sender in plan.indices.filter { plan[$0].person % clients == sender } }

        // One connection per sender: the shared client would funnel 64 senders into its default 8 connections.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = clients
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for share in shares {
                group.addTask {
                    for index in share {
                        let body = ByteBuffer(bytes: webhook(index: index, person: plan[index].person, alarm: plan[index].alarm))
                        let stamp = Int(Date().timeIntervalSince1970)
                        let delivery = "bench-\(index)"
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.headers.add(name: "X-Saphir-Delivery", value: delivery)
                        request.headers.add(name: "X-Saphir-Timestamp", value: String(stamp))
                        request.headers.add(name: "X-Saphir-Signature",
                                            value: signature.sign(body: Array(buffer: body), timestamp: stamp, deliveryId: delivery))
                        request.body = .bytes(body)
                        let response = try await client.execute(request, timeout: .seconds(60))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        guard response.status.code == 202 else { throw BenchError.status(Int(response.status.code)) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let acceptSeconds = (ContinuousClock.now - started).seconds
        try await client.shutdown()
        let counts = try await app.store.counts()
        guard counts.messages == events else { throw BenchError.lost(expected: events, stored: counts.messages) }
        print(String(format: "saphir webhooks, %d senders: %d signed events for %d people accepted in %.2f s = %.0f events/s",
                     clients, events, people, acceptSeconds, Double(events) / acceptSeconds))

        let drainStart = ContinuousClock.now
        _ = try await app.store.setAdapterState(name: "home", mode: .enabled, actor: AuditActor(id: "bench", function: "ops"),
                                                reason: "bench drain", now: Date())
        app.delivery.wakeAll()
        while stub.accepted.count < events { try await Task.sleep(for: .milliseconds(50)) }
        let drainSeconds = (ContinuousClock.now - drainStart).seconds
        let verdict = check(stub.received, plan: plan)
        print(String(format: "  drained to the home stub in %.2f s = %.0f msg/s; %@", drainSeconds,
                     Double(events) / drainSeconds, verdict))
        await app.stop()
        await stub.stop()
    }

    static func webhook(index: Int, person: Int, alarm: Bool) -> [UInt8] {
        let at = Date(timeIntervalSince1970: 1_793_620_800 + Double(index))
        return Array("""
            {"version":1,"centre":"PSE-NANCY","events":[{"eventId":"EVT-BENCH-\(index)",\
            "category":"\(alarm ? "ALARME" : "EVENEMENT")","code":"\(alarm ? "ABSENCE_ASSIGNATION" : "POSE_EFFECTUEE")",\
            "occurredAt":"\(at.formatted(.iso8601))","placementId":"SE-2026-\(person)",\
            "personRef":"\(String(format: "0190f3a2-7b1c-7000-8000-%012d", person))"}]}
            """.utf8)
    }

    /// Lost, duplicated, out of order per person, or a routine event of someone without an alarm before the last alarm.
    static func check(_ received: [HomeStub.Received], plan: [(person: Int, alarm: Bool)]) -> String {
        var order: [String: [Int]] = [:]
        var seen = Set<Int>()
        var lastAlarm = -1
        var persons: [String] = []
        for (position, delivery) in received.enumerated() {
            let json = (try? JSONSerialization.jsonObject(with: Data(delivery.body.utf8))) as? [String: Any] ?? [:]
            let index = Int((json["sourceMessageId"] as? String ?? "").split(separator: "-").last ?? "") ?? -1
            let person = (json["subject"] as? [String: Any])?["personId"] as? String ?? ""
            seen.insert(index)
            order[person, default: []].append(index)
            persons.append(person)
            if delivery.kind == "monitoring.alarm" { lastAlarm = position }
        }
        let alarmPeople = Set(plan.indices.filter { plan[$0].alarm }
            .map { String(format: "0190f3a2-7b1c-7000-8000-%012d", plan[$0].person) })
        let inOrder = order.values.allSatisfy { $0 == $0.sorted() }
        let alarmsFirst = persons.prefix(lastAlarm + 1).allSatisfy(alarmPeople.contains)
        return "lost \(plan.count - seen.count), duplicated \(received.count - seen.count), "
            + "order per person \(inOrder ? "kept" : "BROKEN"), alarms first \(alarmsFirst ? "yes" : "NO") "
            + "(last alarm delivered at position \(lastAlarm + 1) of \(received.count))"
    }
}
