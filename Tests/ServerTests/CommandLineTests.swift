import Foundation
import Gateway
import Server
import StoreSQLite
import Testing

@Suite(.serialized) struct CommandLineTests {
    @Test func cliShowsMessageStatusAndDeliveries() async throws {
        try await TestGateway.run { gateway in
            let answer = try await gateway.post(Envelopes.measure("cli-1"))
            let id = try #require((answer.json["messages"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await gateway.eventually { try await gateway.store.delivery(
                id: (try await gateway.store.deliveries(messageId: id)).first?.id ?? "")?.status == .delivered })

            let shown = try PasserelleBinary.run(["messages", "show", id, "--config", gateway.configPath])
            #expect(shown.status == 0, "\(shown.output)")
            #expect(shown.output.contains("measure.mandated"))
            #expect(shown.output.contains("appi-spip"))
            #expect(shown.output.contains("delivered"))

            let listed = try PasserelleBinary.run(["deliveries", "list", "--status", "delivered", "--config", gateway.configPath])
            #expect(listed.status == 0)
            #expect(listed.output.contains(id))

            let deliveryId = try #require(try await gateway.store.deliveries(messageId: id).first?.id)
            let replayDelivered = try PasserelleBinary.run(["deliveries", "replay", deliveryId, "--reason", "test",
                                                            "--config", gateway.configPath])
            #expect(replayDelivered.status != 0)
            #expect(replayDelivered.output.contains("is delivered: it cannot be replayed"), "\(replayDelivered.output)")
            let shownDelivery = try PasserelleBinary.run(["deliveries", "show", deliveryId, "--config", gateway.configPath])
            #expect(shownDelivery.output.contains("delivered"))

            let wrong = try PasserelleBinary.run(["deliveries", "list", "--status", "lost", "--config", gateway.configPath])
            #expect(wrong.status != 0)
            #expect(wrong.output.contains("unknown status"))
        }
    }

    @Test func cliDisablesAndEnablesAnAdapterSharedWithTheRunningGateway() async throws {
        try await TestGateway.run { gateway in
            let disabled = try PasserelleBinary.run(["adapters", "disable", "home", "--reason", "test maintenance",
                                                     "--as", "ops-alice", "--config", gateway.configPath])
            #expect(disabled.status == 0, "\(disabled.output)")
            _ = try await gateway.post(Envelopes.measure("cli-queued"))
            try await Task.sleep(for: .milliseconds(300))
            #expect(gateway.spip.received.isEmpty)

            let listed = try PasserelleBinary.run(["adapters", "list", "--config", gateway.configPath])
            #expect(listed.output.contains("disabled"))
            #expect(listed.output.contains("ops-alice"))
            #expect(listed.output.contains("test maintenance"))

            let enabled = try PasserelleBinary.run(["adapters", "enable", "home", "--reason", "done", "--config", gateway.configPath])
            #expect(enabled.status == 0)
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 1 })

            let missingReason = try PasserelleBinary.run(["adapters", "disable", "home", "--config", gateway.configPath])
            #expect(missingReason.status != 0)
            #expect(missingReason.output.contains("--reason"))
        }
    }

    @Test func auditVerifyPassesOnARealLogAndNamesTheAlteredEntry() async throws {
        try await TestGateway.run { gateway in
            for index in 0..<5 { _ = try await gateway.post(Envelopes.measure("audit-\(index)")) }
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 5 })
            #expect(try await gateway.eventually { try await gateway.drained() })

            let exported = try PasserelleBinary.run(["audit", "export", "--subject", "person:\(Envelopes.personA)",
                                                     "--config", gateway.configPath])
            #expect(exported.status == 0)
            let lines = exported.output.split(separator: "\n").filter { $0.hasPrefix("{") }
            #expect(lines.count >= 10, "5 collections and 5 disclosures")
            #expect(lines.allSatisfy { $0.contains("\"subject\":\"person:\(Envelopes.personA)\"") }, "\(lines.first ?? "")")

            let intact = try PasserelleBinary.run(["audit", "verify", "--config", gateway.configPath])
            #expect(intact.status == 0, "\(intact.output)")
            #expect(intact.output.contains("audit log intact"))

            try gateway.sqlite.unsafeExecute("UPDATE audit SET recipients = 'someone-else' WHERE seq = 3")
            let broken = try PasserelleBinary.run(["audit", "verify", "--config", gateway.configPath])
            #expect(broken.status == 1)
            #expect(broken.output.contains("audit entry 3"))
            #expect(broken.output.contains("content altered"))
        }
    }

    @Test func configCheckNamesTheProblem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.yaml").path
        try """
            store: {sqlite: x.sqlite}
            server: {host: 127.0.0.1, port: 8080}
            clients: []
            adapters: {home: {enabled: true}}
            destinations:
              - {name: appi, adapter: home, role: spip, url: "http://127.0.0.1:1/webhook"}
            routes:
              measure.mandated: [nowhere]
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try PasserelleBinary.run(["config", "check", file])
        #expect(result.status == 1)
        #expect(result.output.contains("bad.yaml:8: routes.measure.mandated: destination \"nowhere\" is not defined"),
                "\(result.output)")

        let typo = directory.appendingPathComponent("typo.yaml").path
        try """
            store: {sqlite: x.sqlite}
            server: {host: 127.0.0.1, port: 8080, max_body_byte: 10}
            clients: []
            adapters: {home: {enabled: true}}
            destinations: []
            routes: {}
            """.write(toFile: typo, atomically: true, encoding: .utf8)
        let typoResult = try PasserelleBinary.run(["config", "check", typo])
        #expect(typoResult.status == 1)
        #expect(typoResult.output.contains("typo.yaml:2: unknown key \"server.max_body_byte\""), "\(typoResult.output)")

        let wrongType = directory.appendingPathComponent("type.yaml").path
        try """
            store: {sqlite: x.sqlite}
            server: {host: 127.0.0.1, port: eighty}
            clients: []
            adapters: {home: {enabled: true}}
            destinations: []
            routes: {}
            """.write(toFile: wrongType, atomically: true, encoding: .utf8)
        let typeResult = try PasserelleBinary.run(["config", "check", wrongType])
        #expect(typeResult.status == 1)
        #expect(typeResult.output.contains("type.yaml:2: wrong type at server.port"), "\(typeResult.output)")

        let good = try PasserelleBinary.run(["config", "check",
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("config/demo.yaml").path])
        #expect(good.status == 0, "\(good.output)")
    }
}
