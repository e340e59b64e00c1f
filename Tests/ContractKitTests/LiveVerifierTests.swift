import ContractKit
import Foundation
import Server
import Testing

@Suite struct LiveVerifierTests {
    @Test func everyOutboundCaseHoldsAgainstTheStubAndAWrongEndpointIsReported() async throws {
        let home = try ContractLibrary(root: Paths.contracts).system("home")
        let stub = try ContractStub(system: home, seed: 5)
        let port = try await stub.start()
        let outbound = home.cases.filter { $0.direction == .outbound }
        var results: [CaseResult] = []
        var wrong: [CaseResult] = []
        let verifier = LiveVerifier(registry: GatewayApp.registry, baseURL: "http://127.0.0.1:\(port)")
        let misplaced = LiveVerifier(registry: GatewayApp.registry, baseURL: "http://127.0.0.1:\(port)/other")
        for contractCase in outbound {
            results.append(await verifier.verify(contractCase, of: home))
            wrong.append(await misplaced.verify(contractCase, of: home))
        }
        await stub.stop()
        #expect(outbound.count >= 5)
        for result in results { #expect(result.passed, "\(result.fullName): \(result.problems)") }
        #expect(wrong.allSatisfy { $0.problems.contains { $0.hasPrefix("status: expected") } })
    }
}
