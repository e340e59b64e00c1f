import ContractKit
import Foundation
import Testing

@Suite struct StubTests {
    private func home() throws -> ContractSystem { try ContractLibrary(root: Paths.contracts).system("home") }

    @Test func faultSpecificationsAreReadAndBadOnesSayWhatToWrite() throws {
        let faults = try StubFaults(parsing: "latency=50ms..300ms, error=30%:500, reset=10%, drip=20ms")
        #expect(faults.latency == 50...300)
        #expect(faults.errorRate == 0.3)
        #expect(faults.errorStatus == 500)
        #expect(faults.resetRate == 0.1)
        #expect(faults.drip == 20)
        #expect(try StubFaults(parsing: "hang").hang == 120_000)
        #expect(try StubFaults(parsing: "none") == .none)
        #expect(throws: ContractError.self) { try StubFaults(parsing: "error=thirty") }
        #expect(throws: ContractError.self) { try StubFaults(parsing: "latency=300ms..50ms") }
        #expect(throws: ContractError.self) { try StubFaults(parsing: "explode") }
    }

    @Test func theSameSeedDrawsTheSameFaults() throws {
        let faults = try StubFaults(parsing: "latency=0ms..100ms,error=50%")
        var first = SeededRandom(seed: 42), second = SeededRandom(seed: 42)
        let plans = (0..<50).map { _ in faults.plan(using: &first) }
        #expect(plans == (0..<50).map { _ in faults.plan(using: &second) })
        #expect(plans.contains { $0.action == .error(status: 503) })
        #expect(plans.contains { $0.action == .answer })
    }

    @Test func stubAnswersFromTheMatchingCaseAndShowsWhatItReceived() async throws {
        try await withStub(seed: 1) { (stub: ContractStub, port: Int) async throws in
        let url = "http://127.0.0.1:\(port)"

        let delivered = try await Exchange.send(.POST, url + "/webhook", body: SyntheticEnvelope.measure("stub-1"))
        #expect(delivered.status == 200)
        #expect(delivered.body.contains("accepted"))
        let refused = try await Exchange.send(.POST, url + "/webhook", body: SyntheticEnvelope.measure("appi-msg-refused"))
        #expect(refused.status == 400)

        let invalid = try await Exchange.send(.POST, url + "/webhook", body: #"{"version": 1, "kind": "measure.mandated"}"#)
        #expect(invalid.status == 422)
        #expect(invalid.body.contains("missing required field"))
        #expect(invalid.body.contains("closest case: 0"))
        let elsewhere = try await Exchange.send(.POST, url + "/elsewhere", body: SyntheticEnvelope.measure("stub-2"))
        #expect(elsewhere.status == 404)
        #expect(elsewhere.body.contains("POST /webhook"))

        let seen = stub.received
        #expect(seen.count == 4)
        #expect(seen[0].answeredBy == "020-deliver-measure-to-spip")
        #expect(seen[1].answeredBy == "024-home-refusal-is-permanent")
        let listed = try await Exchange.send(.GET, url + "/_stub/requests")
        #expect(listed.body.contains("020-deliver-measure-to-spip"))
        #expect(try await Exchange.send(.DELETE, url + "/_stub/requests").status == 204)
        #expect(stub.received.isEmpty)
        }
    }

    @Test func faultsOnDemandPerRequestHeader() async throws {
        try await withStub(seed: 2) { (stub: ContractStub, port: Int) async throws in
        let url = "http://127.0.0.1:\(port)/webhook"
        func send(_ fault: String) async throws -> Exchange {
            try await Exchange.send(.POST, url, body: SyntheticEnvelope.measure("fault"),
                                    headers: [("Content-Type", "application/json"), ("X-Stub-Fault", fault)])
        }
        #expect(try await send("error=100%:502").status == 502)
        #expect(try await send("latency=30ms").status == 200)
        #expect(try await send("drip=5ms").body.contains("accepted"))
        await #expect(throws: (any Error).self) { try await send("reset") }
        await #expect(throws: (any Error).self) { try await send("truncate") }
        await #expect(throws: (any Error).self) {
            try await Exchange.send(.POST, url, body: SyntheticEnvelope.measure("fault"),
                                    headers: [("Content-Type", "application/json"), ("X-Stub-Fault", "hang=10s")],
                                    timeoutMilliseconds: 300)
        }
        #expect(try await send("explode").status == 400)
        #expect(stub.received.map(\.fault) == ["error 502", nil, "drip", "reset", "truncate", "hang", nil])
        }
    }

    /// Runs `body` against a home stub on a free port and always stops the stub afterwards.
    private func withStub(seed: UInt64, _ body: (ContractStub, Int) async throws -> Void) async throws {
        let stub = try ContractStub(system: try home(), seed: seed)
        let port = try await stub.start()
        do {
            try await body(stub, port)
        } catch {
            await stub.stop()
            throw error
        }
        await stub.stop()
    }
}
