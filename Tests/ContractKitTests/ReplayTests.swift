import ContractKit
import Foundation
import SafeXML
import Server
import Testing

@Suite struct ReplayTests {
    @Test func everyContractCaseOfEverySystemReplaysGreen() throws {
        let library = try ContractLibrary(root: Paths.contracts)
        let replayer = ContractReplayer(registry: GatewayApp.registry, catalogue: GatewayApp.catalogue)
        let selected = try ContractReplayer.select(library, system: nil, casePattern: nil)
        #expect(try library.system("home").cases.count >= 10)
        for (system, contractCase) in selected {
            let result = replayer.replay(contractCase, of: system)
            #expect(result.passed, "\(result.fullName): \(result.problems.joined(separator: "\n"))")
        }
    }

    @Test func wrongFieldInTheExpectedEnvelopeFailsWithADiffNamingTheField() throws {
        let system = try ContractLibrary(root: Paths.brokenContracts).system("home")
        let result = ContractReplayer(registry: GatewayApp.registry).replay(try #require(system.cases.first), of: system)
        #expect(!result.passed)
        #expect(result.problems == [#"$[0].payload.measure.status: expected "SUSPENDUE", got "EN_COURS""#])
    }

    @Test func cliReplaysEveryCaseAndWritesAJUnitReport() throws {
        let folder = try Paths.temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("contracts.xml")
        let run = try Paths.run(["contracts", "replay", "--contracts", Paths.contracts.path, "--junit", report.path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("ok   home/001-measure-mandated"))
        #expect(run.output.contains(", 0 failed in "))
        let junit = try SafeXML.parse([UInt8](try Data(contentsOf: report)))
        let suite = try #require(junit.elements.first { $0.attribute("name") == "home" })
        #expect(suite.attribute("failures") == "0")
        #expect(suite.elements.count == (try ContractLibrary(root: Paths.contracts).system("home").cases.count))
    }

    @Test func cliExitsNonZeroAndPrintsTheDiffOfABrokenCase() throws {
        let folder = try Paths.temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("broken.xml")
        let run = try Paths.run(["contracts", "replay", "--contracts", Paths.brokenContracts.path, "--junit", report.path])
        #expect(run.status != 0)
        #expect(run.output.contains("FAIL home/001-wrong-status-expected"))
        #expect(run.output.contains(#"$[0].payload.measure.status: expected "SUSPENDUE", got "EN_COURS""#))
        let failure = try SafeXML.parse([UInt8](try Data(contentsOf: report))).elements.first?.elements.first?.elements.first
        #expect(failure?.localName == "failure")
    }

    @Test func caseGlobSelectsCasesAndAnUnknownSystemSaysWhichExist() throws {
        let library = try ContractLibrary(root: Paths.contracts)
        let rejections = try ContractReplayer.select(library, system: "home", casePattern: "01*")
        #expect(!rejections.isEmpty)
        #expect(rejections.allSatisfy { $0.contractCase.expect?.outcome == .rejected })
        #expect(throws: ContractError.self) { try library.system("minitel") }
        let run = try Paths.run(["contracts", "replay", "--contracts", Paths.contracts.path, "--system", "minitel"])
        #expect(run.status != 0)
        #expect(run.output.contains("available: ") && run.output.contains("home"))
    }
}
