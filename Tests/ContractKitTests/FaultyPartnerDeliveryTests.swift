import ContractKit
import Foundation
import Gateway
import Testing

@Suite struct FaultyPartnerDeliveryTests {
    /// The home destination answers 503 to 30% of requests and with random latency; every message still arrives,
    /// and arrives once: as many 2xx answers as messages, each for a different idempotency key.
    @Test func gatewayDeliversEverythingOnceThroughAStubWithErrorsAndRandomLatency() async throws {
        let home = try ContractLibrary(root: Paths.contracts).system("home")
        let stub = try ContractStub(system: home, faults: try StubFaults(parsing: "error=30%:503,latency=0ms..40ms"), seed: 7)
        let stubPort = try await stub.start()
        let gateway = try await GatewayUnderTest.start(
            destinationURL: "http://127.0.0.1:\(stubPort)/webhook",
            retry: "{max_attempts: 30, base_delay_ms: 5, max_delay_ms: 40}")
        let count = 30
        var messageIds: Set<String> = []
        do {
            for index in 0..<count {
                // Three people, so that deliveries run in parallel across subjects and in order within one.
                let person = "0190f3a2-7b1c-7000-8000-00000000000\(index % 3)"
                let answer = try await gateway.post(SyntheticEnvelope.measure("faulty-\(index)", person: person))
                #expect(answer.status == 202, "\(answer.body)")
                if let id = answer.body.firstMatch(of: /"id":"([0-9a-f-]{36})"/)?.1 { messageIds.insert(String(id)) }
            }
            #expect(try await eventually { stub.accepted.count >= count })
            try await Task.sleep(for: .milliseconds(300))
        } catch {
            await gateway.stop()
            await stub.stop()
            throw error
        }
        let received = stub.received
        let accepted = stub.accepted
        await gateway.stop()
        await stub.stop()

        #expect(messageIds.count == count)
        #expect(accepted.count == count)
        #expect(Set(accepted.compactMap(\.idempotencyKey)) == messageIds)
        #expect(received.contains { $0.fault == "error 503" }, "the stub injected no error; the test proved nothing")
        #expect(received.allSatisfy { $0.violations.isEmpty })
    }
}
