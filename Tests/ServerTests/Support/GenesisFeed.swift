import CaseModel
import ContractKit
import Foundation
import Gateway
import Logging
import Server

/// Synthetic GENESIS movements and a gateway polling a GENESIS stub, for the polling tests.
enum GenesisFeed {
    /// `count` movements spread over `persons` invented detainees, one minute apart; the first movement of each
    /// person is their écrou, and every tenth person is transferred with a new écrou number half-way.
    static func movements(_ count: Int, persons: Int, offset: Int = 0) -> [GenesisFeedStub.Movement] {
        (0..<count).map { step in
            let index = offset + step
            let person = index % persons
            let round = index / persons
            let minutes = index
            let at = String(format: "2026-11-%02dT%02d:%02d:00+01:00", 1 + minutes / 1440, (minutes / 60) % 24, minutes % 60)
            let transferred = person % 10 == 0 && round >= 2
            let numero = transferred ? String(70_000 + person) : String(10_000 + person)
            let type: CustodyMovementType = round == 0 ? .ecrou : (round == 2 && person % 10 == 0 ? .transfer : .hospitalisation)
            return GenesisFeedStub.Movement(
                id: String(format: "MVT-2026-%09d", index + 1), type: type, at: at,
                numeroEcrou: type == .transfer ? String(10_000 + person) : numero,
                nom: "FICTIF\(person)", prenoms: "Essai", dateNaissance: "1980-01-01", etablissement: "MA-NANCY-MAXEVILLE",
                destination: type == .transfer ? "CD-TOUL" : nil,
                nouveauNumeroEcrou: type == .transfer ? String(70_000 + person) : nil)
        }
    }

    /// The custody movements the home stub accepted: source message id → person id, in arrival order.
    static func received(_ stub: HomeStub) -> [(sourceMessageId: String, personId: String, key: String)] {
        stub.accepted.compactMap { received in
            guard received.kind == "custody.movement",
                  let json = try? JSONSerialization.jsonObject(with: Data(received.body.utf8)) as? [String: Any],
                  let source = json["sourceMessageId"] as? String,
                  let person = (json["subject"] as? [String: Any])?["personId"] as? String else { return nil }
            return (source, person, received.idempotencyKey ?? "")
        }
    }

    /// Checks what the home system received against the feed: each movement once (one envelope id), and per person
    /// in the feed's order. Returns the problems found.
    static func problems(_ stub: HomeStub, expected: [GenesisFeedStub.Movement]) -> [String] {
        let got = received(stub)
        var problems: [String] = []
        let keysBySource = Dictionary(grouping: got, by: \.sourceMessageId).mapValues { Set($0.map(\.key)) }
        let missing = Set(expected.map(\.id)).subtracting(keysBySource.keys)
        if !missing.isEmpty { problems.append("\(missing.count) movements never arrived") }
        let twice = keysBySource.filter { $0.value.count > 1 }
        if !twice.isEmpty { problems.append("\(twice.count) movements stored twice (several envelope ids)") }
        var lastIndex: [String: Int] = [:]
        let position = Dictionary(uniqueKeysWithValues: expected.enumerated().map { ($1.id, $0) })
        for arrival in got {
            guard let index = position[arrival.sourceMessageId] else { continue }
            if let previous = lastIndex[arrival.personId], previous > index {
                problems.append("\(arrival.sourceMessageId) arrived after a later movement of the same person")
            }
            lastIndex[arrival.personId] = max(index, lastIndex[arrival.personId] ?? 0)
        }
        return problems
    }

    /// The YAML of a gateway polling GENESIS at `genesisPort` and delivering everything to the home stub.
    static func configuration(sqlite: String, port: Int, homePort: Int, genesisPort: Int, pageSize: Int = 100) -> String {
        configuration(store: "{sqlite: \(sqlite)}", port: port, homePort: homePort, genesisPort: genesisPort, pageSize: pageSize)
    }

    /// The same, on any store (`{postgres: "postgres://…"}` for several instances).
    static func configuration(store: String, port: Int, homePort: Int, genesisPort: Int, pageSize: Int) -> String {
        """
        store: \(store)
        server: {host: 127.0.0.1, port: \(port)}
        clients:
          - {name: appi-test, role: home, token_env: T_HOME}
        adapters:
          home: {enabled: true}
          genesis:
            enabled: true
            settings:
              url: http://127.0.0.1:\(genesisPort)/genesis
              poll_interval_ms: 50
              page_size: \(pageSize)
              backoff_base_ms: 20
              backoff_max_ms: 200
              timeout_ms: 2000
        destinations:
          - name: appi-spip
            adapter: home
            role: spip
            url: http://127.0.0.1:\(homePort)/webhook
            timeout_ms: 2000
            concurrency: 8
            retry: {max_attempts: 50, base_delay_ms: 20, max_delay_ms: 200}
        routes: {"*": [appi-spip]}
        """
    }

    /// A gateway in this process polling the stub at `genesisPort`.
    static func gateway(directory: URL, homePort: Int, genesisPort: Int, pageSize: Int = 100,
                        store: String? = nil) async throws -> (app: GatewayApp, port: Int) {
        let yaml = configuration(store: store ?? "{sqlite: \(directory.appendingPathComponent("gateway.sqlite").path)}",
                                 port: 0, homePort: homePort, genesisPort: genesisPort, pageSize: pageSize)
        let config = try PasserelleConfig.parse(yaml, file: "genesis-test.yaml")
        var logger = Logger(label: "passerelle-test")
        logger.logLevel = .error
        let app = try await GatewayApp(config: config, environment: TestGateway.environment, idlePollMilliseconds: 20,
                                       logger: logger)
        return (app, try await app.start())
    }
}
