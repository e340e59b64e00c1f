import AsyncHTTPClient
import Foundation
import Glibc
import Server
import Testing

/// The central reliability test: SIGKILL the gateway in the middle of a stream of accepted messages.
@Suite(.serialized) struct CrashTests {
    @Test func everyAcknowledgedMessageIsDeliveredAfterKillMinusNine() async throws {
        let stub = HomeStub()
        let stubPort = try await stub.start()
        let scratch = try GatewayProcess("passerelle-crash") { directory, port in
            """
            store: {sqlite: \(directory)/gateway.sqlite}
            server: {host: 127.0.0.1, port: \(port)}
            clients:
              - {name: appi-test, role: home, token_env: T_HOME}
            adapters: {home: {enabled: true}}
            destinations:
              - name: appi-spip
                adapter: home
                role: spip
                url: http://127.0.0.1:\(stubPort)/webhook
                timeout_ms: 1000
                retry: {max_attempts: 50, base_delay_ms: 20, max_delay_ms: 200}
            routes: {"*": [appi-spip]}
            """
        }
        defer { scratch.remove() }
        let gateway = Locked(try scratch.launch())

        let total = 1_000
        let acknowledged = Locked<[String: String]>([:])  // source message id -> message id
        let base = scratch.base
        // Eight senders; each retries its message with the same source id until it gets a 2xx.
        let senders = Task {
            await withTaskGroup(of: Void.self) { group in
                for lane in 0..<8 {
                    group.addTask {
                        for index in stride(from: lane, to: total, by: 8) {
                            let sourceId = "crash-\(index)"
                            let person = String(format: "0190f3a2-7b1c-7000-8000-%012d", index % 17)
                            while true {
                                if let answer = try? await HTTPExchange.send(
                                    .POST, "\(base)/v1/messages", token: TestGateway.homeToken,
                                    body: Array(Envelopes.measure(sourceId, person: person, label: "n\(index)").utf8),
                                    contentType: "application/json"), answer.status == 202,
                                    let id = (answer.json["messages"] as? [[String: Any]])?.first?["id"] as? String {
                                    acknowledged.withLock { $0[sourceId] = id }
                                    break
                                }
                                try? await Task.sleep(for: .milliseconds(50))
                            }
                        }
                    }
                }
            }
        }
        // Kill every 50 acknowledgements (19 times), restart each time.
        var kills = 0
        for threshold in stride(from: 50, to: total, by: 50) {
            while acknowledged.withLock({ $0.count }) < threshold { try await Task.sleep(for: .milliseconds(5)) }
            gateway.withLock { GatewayProcess.kill9($0) }
            kills += 1
            try await Task.sleep(for: .milliseconds(200))
            let restarted = try scratch.launch()
            gateway.withLock { $0 = restarted }
        }
        await senders.value
        defer { gateway.withLock { GatewayProcess.kill9($0) } }

        let acked = acknowledged.withLock { $0 }
        #expect(acked.count == total)
        let expected = Set(acked.values)
        let deadline = Date().addingTimeInterval(60)
        while Set(stub.accepted.compactMap(\.idempotencyKey)).isSuperset(of: expected) == false, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let effects = Set(stub.accepted.compactMap(\.idempotencyKey))
        let lost = expected.subtracting(effects)
        let unexpected = effects.subtracting(expected)
        let duplicates = stub.accepted.count - effects.count
        #expect(lost.isEmpty, "lost \(lost.count) acknowledged messages")
        #expect(unexpected.isEmpty, "delivered \(unexpected.count) messages nobody acknowledged")
        // At-least-once with a stable idempotency key: a kill between sending and recording may resend one
        // delivery per in-flight slot, never more, and the receiver sees the same key.
        #expect(duplicates <= kills * 8, "\(duplicates) duplicate deliveries")
        print("crash test: \(acked.count) acknowledged, \(kills) kills, lost \(lost.count), unexpected \(unexpected.count), "
            + "duplicate deliveries \(duplicates) (same idempotency key)")

        await stub.stop()
        let verify = try PasserelleBinary.run(["audit", "verify", "--config", scratch.config.path],
                                              environment: scratch.environment)
        #expect(verify.status == 0, "\(verify.output)")
    }
}
