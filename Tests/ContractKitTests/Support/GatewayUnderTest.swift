import Foundation
import Logging
import Server

/// A real gateway on a temporary SQLite file whose only destination, a SPIP-role home system, is `destinationURL`.
struct GatewayUnderTest {
    static let homeToken = "home-token-\(UUID().uuidString)"

    let app: GatewayApp
    let port: Int
    let directory: URL

    static func start(destinationURL: String, retry: String) async throws -> GatewayUnderTest {
        let directory = try Paths.temporary()
        let yaml = """
            store:
              sqlite: \(directory.path)/gateway.sqlite
            server: {host: 127.0.0.1, port: 0, max_body_bytes: 65536}
            clients:
              - {name: appi-test, role: home, token_env: T_HOME}
            adapters:
              home: {enabled: true}
            destinations:
              - name: appi-spip
                adapter: home
                role: spip
                url: \(destinationURL)
                timeout_ms: 2000
                concurrency: 4
                retry: \(retry)
            routes:
              "*": [appi-spip]
            """
        let config = try PasserelleConfig.parse(yaml, file: "contract-test.yaml")
        var logger = Logger(label: "contractkit-test")
        logger.logLevel = .warning
        let app = try await GatewayApp(config: config, environment: ["T_HOME": homeToken], idlePollMilliseconds: 20, logger: logger)
        return GatewayUnderTest(app: app, port: try await app.start(), directory: directory)
    }

    func post(_ json: String) async throws -> Exchange {
        try await Exchange.send(.POST, "http://127.0.0.1:\(port)/v1/messages", body: json,
                                headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(Self.homeToken)")])
    }

    func stop() async {
        await app.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Polls `condition` until it holds or `seconds` pass; the caller asserts on the result.
func eventually(_ seconds: Double = 20, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(25))
    }
    return try await condition()
}
