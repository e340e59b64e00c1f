import Foundation
import Glibc
import LocalPostgres

/// A `passerelle serve` process of its own: a scratch folder, a free port, a configuration file and a log.
struct GatewayProcess {
    let directory: URL
    let port: Int
    let config: URL
    let log: URL
    var base: String { "http://127.0.0.1:\(port)" }
    let environment = ["T_HOME": TestGateway.homeToken]

    /// `configuration` receives the scratch folder's path and the port, and returns the YAML.
    init(_ prefix: String, configuration: (_ directory: String, _ port: Int) -> String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        config = directory.appendingPathComponent("passerelle.yaml")
        log = directory.appendingPathComponent("gateway.log")
        try configuration(directory.path, port).write(to: config, atomically: true, encoding: .utf8)
    }

    func launch(_ extra: [String] = []) throws -> Process {
        try PasserelleBinary.launch(["serve", "--config", config.path] + extra, environment: environment, log: log)
    }

    /// Waits until the process answers `/health/live`.
    func waitUntilLive() async throws -> Bool {
        for _ in 0..<400 {
            let answer = try? await HTTPExchange.send(.GET, "\(base)/health/live", token: nil, body: nil, contentType: nil)
            if answer?.status == 200 { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    static func kill9(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A TCP port nobody listens on right now.
    static func freePort() throws -> Int {
        try LocalPostgres.freePort()
    }
}
