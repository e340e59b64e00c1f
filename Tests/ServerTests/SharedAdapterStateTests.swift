import Foundation
import Gateway
import LocalPostgres
import Logging
import Server
import Testing

/// Adapter state lives in the shared store, not in a process: a change made through one instance is what every
/// other instance reads on its next look, with no cache to wait for.
@Suite(.serialized) struct SharedAdapterStateTests {
    @Test func disablingAnAdapterOnOneInstanceIsSeenByAnotherAtOnce() async throws {
        let stub = HomeStub()
        let stubPort = try await stub.start()
        let url = try await LocalPostgres.shared.makeDatabase(prefix: "shared-state")
        let yaml = """
            store: {postgres: "\(url)"}
            server: {host: 127.0.0.1, port: 0}
            clients:
              - {name: appi-test, role: home, token_env: T_HOME}
              - {name: ops-test, role: ops, token_env: T_OPS}
            adapters: {home: {enabled: true}}
            destinations:
              - {name: appi-spip, adapter: home, role: spip, url: "http://127.0.0.1:\(stubPort)/webhook"}
            routes: {"*": [appi-spip]}
            """
        let config = try PasserelleConfig.parse(yaml, file: "shared-state")
        var logger = Logger(label: "shared-state")
        logger.logLevel = .warning
        let environment = TestGateway.environment
        let first = try await GatewayApp(config: config, environment: environment, idlePollMilliseconds: 20, logger: logger)
        let second = try await GatewayApp(config: config, environment: environment, idlePollMilliseconds: 20, logger: logger)
        let firstPort = try await first.start()
        let secondPort = try await second.start()

        let disable = try await HTTPExchange.send(
            .POST, "http://127.0.0.1:\(firstPort)/v1/ops/adapters/home/disable", token: TestGateway.opsToken,
            body: Array(#"{"reason":"maintenance announced on instance one"}"#.utf8), contentType: "application/json")
        #expect(disable.status == 200)
        // The very next read on the other instance sees it, and its worker holds the new message back.
        let seen = try await HTTPExchange.send(.GET, "http://127.0.0.1:\(secondPort)/v1/ops/adapters",
                                               token: TestGateway.opsToken, body: nil, contentType: nil)
        #expect(seen.body.contains(#""mode":"disabled""#))
        #expect(seen.body.contains("maintenance announced on instance one"))
        #expect(try await second.modes.mode(of: "home") == .disabled)
        let posted = try await HTTPExchange.send(
            .POST, "http://127.0.0.1:\(secondPort)/v1/messages", token: TestGateway.homeToken,
            body: Array(Envelopes.measure("shared-state-1").utf8), contentType: "application/json")
        #expect(posted.status == 202)
        try await Task.sleep(for: .milliseconds(300))
        #expect(stub.received.isEmpty)

        let enable = try await HTTPExchange.send(
            .POST, "http://127.0.0.1:\(secondPort)/v1/ops/adapters/home/enable", token: TestGateway.opsToken,
            body: Array(#"{"reason":"done"}"#.utf8), contentType: "application/json")
        #expect(enable.status == 200)
        let deadline = Date().addingTimeInterval(10)
        while stub.accepted.isEmpty, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(stub.accepted.count == 1)

        await first.stop()
        await second.stop()
        await stub.stop()
    }
}
