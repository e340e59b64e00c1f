import Foundation
import Glibc

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
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
