import CaseModel
import ContractKit
import Foundation
import Gateway
import Logging
import Server

/// A GENESIS backlog polled at once: movements per second through the poller (feed pages and fiches over HTTP from
/// the GENESIS stub, XML validated, envelopes routed and filtered) into the store with full durability.
enum GenesisBench {
    static func run(movements: Int, people: Int, pageSize: Int) async throws {
        let feed = (0..<movements).map { index in
            let person = index % people
            let minutes = index / 10
            return GenesisFeedStub.Movement(
                id: String(format: "MVT-2026-%09d", index + 1), type: index < people ? .ecrou : .hospitalisation,
                at: String(format: "2026-11-%02dT%02d:%02d:00+01:00", 1 + minutes / 1440 % 28, (minutes / 60) % 24, minutes % 60),
                numeroEcrou: String(10_000 + person), nom: "BENCH\(person)", prenoms: "Essai", dateNaissance: "1980-01-01",
                etablissement: "MA-NANCY-MAXEVILLE")
        }
        let genesis = GenesisFeedStub(movements: feed)
        let genesisPort = try await genesis.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = """
            store: {sqlite: \(directory.path)/bench.sqlite}
            server: {host: 127.0.0.1, port: 0}
            clients: [{name: bench, role: home, token_env: BENCH_TOKEN}]
            adapters:
              home: {enabled: false}
              genesis:
                enabled: true
                settings: {url: "http://127.0.0.1:\(genesisPort)/genesis", page_size: \(pageSize), poll_interval_ms: 50}
            destinations:
              - {name: appi, adapter: home, role: spip, url: "http://127.0.0.1:9/webhook"}
            routes: {"*": [appi]}
            """
        let config = try PasserelleConfig.parse(yaml, file: "bench")
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let started = Date()
        let app = try await GatewayApp(config: config, environment: ["BENCH_TOKEN": PasserelleBench.token], logger: logger)
        _ = try await app.start()
        let last = String(format: "c0-%012d", movements)
        while try await app.store.pollCursor(adapter: "genesis") != last {
            try await Task.sleep(for: .milliseconds(10))
        }
        let seconds = Date().timeIntervalSince(started)
        let stored = try await app.store.counts().messages
        await app.stop()
        await genesis.stop()
        print(String(format: "GENESIS backlog: %d movements of %d people, pages of %d, polled and stored in %.2f s: "
            + "%.0f movements/s (%d messages with the penal-record updates; goal ≥ 2,000/s)",
                     movements, people, pageSize, seconds, Double(movements) / seconds, stored))
    }
}
