import ContractKit
import Foundation
import Gateway
import Server
import Testing

@Suite struct RecordTests {
    /// Personal data that passes through the recording proxy; none of it may reach a recorded file.
    static let canaries = [
        "CANARYNOM", "Canaryprenom", "1987-06-05", "+33612345678", "CANARY-CASE-4242",
        "0190f3a2-7b1c-7000-8000-0000000ca4a1", "0190f3a2-7b1c-7000-8000-0000000ca4a2", "canary-source-id",
    ]

    @Test func recordedExchangesReplayGreenAndHoldNoPersonalData() async throws {
        let workspace = try Paths.temporary()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let copy = workspace.appendingPathComponent("home")
        try FileManager.default.copyItem(at: Paths.contracts.appendingPathComponent("home"), to: copy)
        let existing = Set(try FileManager.default.contentsOfDirectory(atPath: copy.appendingPathComponent("cases").path))

        let upstream = try ContractStub(system: try ContractLibrary(root: Paths.contracts).system("home"), seed: 3)
        let upstreamPort = try await upstream.start()
        let recorder = ContractRecorder(system: try ContractSystem(folder: copy), registry: GatewayApp.registry,
                                        upstream: "http://127.0.0.1:\(upstreamPort)")
        let port = try await recorder.start()
        var answers: [Exchange] = []
        do {
            for (index, sourceId) in ["\(Self.canaries[7])-1", "\(Self.canaries[7])-2", "appi-msg-refused"].enumerated() {
                let id = index == 0 ? Self.canaries[6] : "0190f3a2-7b1c-7000-8000-00000000dd0\(index)"
                let body = SyntheticEnvelope.measure(sourceId, person: Self.canaries[5], nom: Self.canaries[0], prenom: Self.canaries[1],
                                                     birthDate: Self.canaries[2], mobile: Self.canaries[3],
                                                     caseId: Self.canaries[4], id: id)
                    // The gateway sends canonical JSON: instants with milliseconds.
                    .replacingOccurrences(of: "09:30:00Z", with: "09:30:00.000Z")
                answers.append(try await Exchange.send(.POST, "http://127.0.0.1:\(port)/webhook", body: body, headers: [
                    ("Content-Type", "application/json"), ("Idempotency-Key", id), ("X-Passerelle-Kind", "measure.mandated"),
                    ("Authorization", "Bearer recorder-secret-canary"),
                ]))
            }
        } catch {
            await recorder.stop()
            await upstream.stop()
            throw error
        }
        await recorder.stop()
        await upstream.stop()

        // The proxy is transparent: the partner saw the real message and its answer came back.
        #expect(answers.map(\.status) == [200, 200, 400])
        #expect(upstream.received.first?.body.contains(Self.canaries[0]) == true)

        let recorded = recorder.recorded
        #expect(recorded.count == 3)
        #expect(Set(recorded).isDisjoint(with: existing))
        for name in recorded {
            let folder = copy.appendingPathComponent("cases").appendingPathComponent(name)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for canary in Self.canaries + ["recorder-secret-canary"] {
                    #expect(!text.contains(canary), "\(name)/\(file) holds \(canary)")
                }
            }
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("envelope.json").path))
        }

        let system = try ContractSystem(folder: copy)
        let replayer = ContractReplayer(registry: GatewayApp.registry)
        for contractCase in system.cases where recorded.contains(contractCase.name) {
            let result = replayer.replay(contractCase, of: system)
            #expect(result.passed, "\(result.fullName): \(result.problems.joined(separator: "\n"))")
        }
        #expect(system.cases.first { $0.name == recorded[2] }?.classification == .permanent)
    }
}
