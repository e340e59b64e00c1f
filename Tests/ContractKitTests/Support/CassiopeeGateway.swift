import AsyncHTTPClient
import ContractKit
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Server

/// A real gateway wired as for Cassiopée: the court posts transmissions to `/inbound/cassiopee` with a partner
/// token, the home system's stand-in receives canonical JSON, and the Cassiopée stub (answering from
/// `contracts/cassiopee`) receives the retours of a parquet-role destination.
struct CassiopeeGateway {
    static let homeToken = "home-token-\(UUID().uuidString)"
    static let courtToken = "court-token-\(UUID().uuidString)"

    let app: GatewayApp
    let port: Int
    let home: ContractStub
    let cassiopee: ContractStub
    let directory: URL

    static func start() async throws -> CassiopeeGateway {
        let library = try ContractLibrary(root: Paths.contracts)
        let home = try ContractStub(system: try library.system("home"))
        let cassiopee = try ContractStub(system: try library.system("cassiopee"))
        let homePort = try await home.start()
        let cassiopeePort = try await cassiopee.start()
        let directory = try Paths.temporary()
        let yaml = """
            store:
              sqlite: \(directory.path)/gateway.sqlite
            server: {host: 127.0.0.1, port: 0, max_body_bytes: 1048576}
            clients:
              - {name: appi-test, role: home, token_env: T_HOME}
              - {name: cassiopee-tj-thionville, role: partner, adapters: [cassiopee], token_env: T_COURT}
            adapters:
              home: {enabled: true}
              cassiopee: {enabled: true}
            destinations:
              - name: appi-spip
                adapter: home
                role: spip
                url: http://127.0.0.1:\(homePort)/webhook
                timeout_ms: 2000
                retry: {max_attempts: 3, base_delay_ms: 20, max_delay_ms: 100}
              - name: cassiopee-parquet
                adapter: cassiopee
                role: parquet
                url: http://127.0.0.1:\(cassiopeePort)/cassiopee/retours
                timeout_ms: 2000
                retry: {max_attempts: 3, base_delay_ms: 20, max_delay_ms: 100}
            routes:
              report.submitted: [cassiopee-parquet]
              jap-decision.recorded: [cassiopee-parquet]
              "*": [appi-spip]
            """
        let config = try PasserelleConfig.parse(yaml, file: "cassiopee-test.yaml")
        var logger = Logger(label: "cassiopee-test")
        logger.logLevel = .warning
        let app = try await GatewayApp(config: config, environment: ["T_HOME": homeToken, "T_COURT": courtToken],
                                 idlePollMilliseconds: 20, logger: logger)
        return CassiopeeGateway(app: app, port: try await app.start(), home: home, cassiopee: cassiopee, directory: directory)
    }

    /// Runs `body` against a fresh gateway and always stops it afterwards.
    static func run(_ body: (CassiopeeGateway) async throws -> Void) async throws {
        let gateway = try await start()
        do {
            try await body(gateway)
        } catch {
            await gateway.stop()
            throw error
        }
        await gateway.stop()
    }

    func stop() async {
        await app.stop()
        await home.stop()
        await cassiopee.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Posts raw bytes as the court does.
    func postTransmission(_ body: [UInt8], token: String = CassiopeeGateway.courtToken,
                          contentType: String = "application/xml") async throws -> RawExchange {
        try await RawExchange.send("http://127.0.0.1:\(port)/inbound/cassiopee", body: body,
                                   headers: [("Content-Type", contentType), ("Authorization", "Bearer \(token)")])
    }

    /// Posts a canonical envelope as the home system does.
    func postEnvelope(_ json: [UInt8]) async throws -> RawExchange {
        try await RawExchange.send("http://127.0.0.1:\(port)/v1/messages", body: json,
                                   headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(Self.homeToken)")])
    }
}

/// One HTTP exchange with a body of bytes, which need not be UTF-8; the answer as JSON fields.
struct RawExchange: Sendable {
    var status: Int
    var body: String
    var headers: [String: String]

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    static func send(_ url: String, body: [UInt8], headers: [(String, String)]) async throws -> RawExchange {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 1 << 20)
        var answerHeaders: [String: String] = [:]
        for header in response.headers { answerHeaders[header.name.lowercased()] = header.value }
        return RawExchange(status: Int(response.status.code), body: String(buffer: buffer), headers: answerHeaders)
    }
}
