import AsyncHTTPClient
import Foundation
import Gateway
import Logging
import NIOCore
import NIOHTTP1
import Server
import StoreSQLite

/// A real gateway on a loopback port, with its own SQLite file and two stand-in destinations
/// (a SPIP-role home system and a parquet-role recipient), driven over real HTTP.
final class TestGateway: Sendable {
    static let homeToken = "home-token-\(UUID().uuidString)"
    static let opsToken = "ops-token-\(UUID().uuidString)"
    static let officerToken = "officer-token-\(UUID().uuidString)"
    static let auditorToken = "auditor-token-\(UUID().uuidString)"
    /// The SAPHIR webhook key of this test run, made up here; never a real key.
    static let saphirSecret = "saphir-test-key-\(UUID().uuidString)-\(UUID().uuidString)"

    let app: GatewayApp
    let spip: HomeStub
    let parquet: HomeStub
    let port: Int
    let directory: URL
    let configPath: String

    static var environment: [String: String] {
        ["T_HOME": homeToken, "T_OPS": opsToken, "T_OFFICER": officerToken, "T_AUDITOR": auditorToken,
         "T_SAPHIR_KEY": saphirSecret]
    }

    /// Starts stubs and gateway; `saphir: true` also opens the signed SAPHIR webhook endpoint.
    static func start(retry: String = "{max_attempts: 3, base_delay_ms: 20, max_delay_ms: 100}",
                      circuit: String = "{failures: 5, cooldown_ms: 200}",
                      maxBodyBytes: Int = 65_536, saphir: Bool = false, tracing: String? = nil) async throws -> TestGateway {
        let spip = HomeStub()
        let parquet = HomeStub()
        let spipPort = try await spip.start()
        let parquetPort = try await parquet.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let yaml = """
            store:
              sqlite: \(directory.path)/gateway.sqlite
            server:
              host: 127.0.0.1
              port: 0
              max_body_bytes: \(maxBodyBytes)
            clients:
              - {name: appi-test, role: home, token_env: T_HOME}
              - {name: ops-test, role: ops, token_env: T_OPS}
              - {name: officer-test, role: officer, token_env: T_OFFICER}
              - {name: auditor-test, role: auditor, token_env: T_AUDITOR}
            adapters:
              home: {enabled: true}
            \(saphir ? "  saphir: {enabled: true, settings: {hmac_secret_env: T_SAPHIR_KEY, tolerance_seconds: 300}}" : "")
            destinations:
              - name: appi-spip
                adapter: home
                role: spip
                url: http://127.0.0.1:\(spipPort)/webhook
                timeout_ms: 2000
                retry: \(retry)
                circuit: \(circuit)
              - name: parquet-tj
                adapter: home
                role: parquet
                url: http://127.0.0.1:\(parquetPort)/webhook
                timeout_ms: 2000
                retry: \(retry)
            routes:
              note.recorded: [appi-spip, parquet-tj]
              "*": [appi-spip]
            \(tracing.map { "tracing: \($0)" } ?? "")
            """
        let configPath = directory.appendingPathComponent("passerelle.yaml").path
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let config = try PasserelleConfig.parse(yaml, file: configPath)
        var logger = Logger(label: "passerelle-test")
        logger.logLevel = .warning
        let app = try await GatewayApp(config: config, environment: environment, idlePollMilliseconds: 20, logger: logger)
        let port = try await app.start()
        return TestGateway(app: app, spip: spip, parquet: parquet, port: port, directory: directory, configPath: configPath)
    }

    private init(app: GatewayApp, spip: HomeStub, parquet: HomeStub, port: Int, directory: URL, configPath: String) {
        self.app = app
        self.spip = spip
        self.parquet = parquet
        self.port = port
        self.directory = directory
        self.configPath = configPath
    }

    /// Runs `body` against a fresh gateway and always stops it afterwards.
    static func run(retry: String = "{max_attempts: 3, base_delay_ms: 20, max_delay_ms: 100}",
                    circuit: String = "{failures: 5, cooldown_ms: 200}", maxBodyBytes: Int = 65_536,
                    saphir: Bool = false, tracing: String? = nil,
                    _ body: (TestGateway) async throws -> Void) async throws {
        let gateway = try await start(retry: retry, circuit: circuit, maxBodyBytes: maxBodyBytes, saphir: saphir,
                                      tracing: tracing)
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
        await spip.stop()
        await parquet.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    var store: any Store { app.store }

    /// The SQLite store itself, for tests that tamper with rows.
    var sqlite: SQLiteStore { app.store as! SQLiteStore }

    /// One HTTP exchange with the gateway.
    func request(_ method: HTTPMethod, _ path: String, token: String? = TestGateway.homeToken, body: [UInt8]? = nil,
                 contentType: String? = "application/json", headers: [(String, String)] = []) async throws -> HTTPExchange {
        try await HTTPExchange.send(method, "http://127.0.0.1:\(port)\(path)", token: token, body: body,
                                    contentType: contentType, headers: headers)
    }

    func post(_ json: String, token: String? = TestGateway.homeToken,
              headers: [(String, String)] = []) async throws -> HTTPExchange {
        try await request(.POST, "/v1/messages", token: token, body: Array(json.utf8), headers: headers)
    }

    /// True once no delivery is waiting or in flight: every outcome has been recorded.
    func drained() async throws -> Bool {
        try await store.queueStats(now: Date()).allSatisfy { $0.pending + $0.inFlight == 0 }
    }

    /// Waits until `condition` holds, polling; fails the wait after `seconds`.
    func eventually(_ seconds: Double = 10, _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

/// The answer to one request.
struct HTTPExchange: Sendable {
    /// A client that shows redirects instead of following them, shared by every test and never shut down.
    static let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                   configuration: .init(redirectConfiguration: .disallow))

    var status: Int
    var body: String
    var headers: HTTPHeaders

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    static func send(_ method: HTTPMethod, _ url: String, token: String?, body: [UInt8]?,
                     contentType: String?, headers: [(String, String)] = []) async throws -> HTTPExchange {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return HTTPExchange(status: Int(response.status.code), body: String(buffer: buffer), headers: response.headers)
    }
}
