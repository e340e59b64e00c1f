import ContractKit
import Foundation
import Server
import Testing

/// The SMS provider contract: replayed like every system, covering every class, failing with a diff when wrong,
/// and verifiable against the provider stub over HTTP.
@Suite struct SMSContractTests {
    @Test func smsContractIsAProviderContractReplayedGreenThroughBothProfiles() throws {
        let system = try ContractLibrary(root: Paths.contracts).system("sms")
        #expect(system.flavour == .provider)
        #expect(Set(system.cases.compactMap { $0.provider?.profile }) == ["twilio", "json"])
        let replayer = ContractReplayer(registry: GatewayApp.registry, catalogue: GatewayApp.catalogue)
        for contractCase in system.cases {
            let result = replayer.replay(contractCase, of: system)
            #expect(result.passed, "\(result.fullName): \(result.problems.joined(separator: "\n"))")
        }
    }

    @Test func casesCoverEverySendOutcomeEveryLookupAndEachKindOfCallback() throws {
        let cases = try ContractLibrary(root: Paths.contracts).system("sms").cases
        let sends = Set(cases.compactMap { $0.provider?.result?.outcome })
        #expect(sends == ["accepted", "uncertain", "not_processed", "permanent", "opted_out", "configuration"])
        #expect(Set(cases.compactMap { $0.provider?.lookup?.outcome }) == ["found", "not_found", "unavailable"])
        #expect(Set(cases.compactMap { $0.provider?.transportFailure }) == ["before_sending", "after_sending"])
        let rejections = Set(cases.compactMap { $0.expect?.outcome == .rejected ? $0.expect?.status : nil })
        #expect(rejections == [400, 403, 413])
        #expect(cases.contains { $0.message?.times == 2 } && cases.contains { $0.kind == "sms.reply" })
        for contractCase in cases {
            for number in [contractCase.provider?.message?.to].compactMap({ $0 }) {
                #expect(number.hasPrefix("+336399800"), "\(contractCase.name): synthetic numbers only")
            }
        }
    }

    @Test func aWrongExpectationFailsWithAPreciseDifference() throws {
        let folder = try Paths.temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("sms")
        try FileManager.default.copyItem(at: Paths.contracts.appendingPathComponent("sms"), to: copy)
        let yaml = copy.appendingPathComponent("cases/041-twilio-receipt-handset-off/callbacks.json")
        let text = try String(contentsOf: yaml, encoding: .utf8).replacingOccurrences(of: "failed_temporary", with: "undeliverable")
        try text.write(to: yaml, atomically: true, encoding: .utf8)
        let send = copy.appendingPathComponent("cases/010-twilio-send-timeout-after-sending/case.yaml")
        let sendText = try String(contentsOf: send, encoding: .utf8).replacingOccurrences(of: "outcome: uncertain", with: "outcome: not_processed")
        try sendText.write(to: send, atomically: true, encoding: .utf8)
        let system = try ContractLibrary(root: folder).system("sms")
        let replayer = ContractReplayer(registry: GatewayApp.registry)
        let receipt = replayer.replay(try #require(system.cases.first { $0.name.hasPrefix("041") }), of: system)
        #expect(receipt.problems == [#"$[0].receipt.status: expected "undeliverable", got "failed_temporary""#])
        let timeout = replayer.replay(try #require(system.cases.first { $0.name.hasPrefix("010") }), of: system)
        #expect(timeout.problems.count == 1 && timeout.problems[0].hasPrefix("result: expected not_processed, got uncertain"))
    }

    @Test func liveCasesHoldAgainstTheProviderStubOverHTTP() async throws {
        let stub = SMSProviderStub()
        let port = try await stub.start(port: 0)
        let system = try ContractLibrary(root: Paths.contracts).system("sms")
        let verifier = LiveVerifier(registry: GatewayApp.registry, baseURL: "http://127.0.0.1:\(port)")
        let live = system.cases.filter { $0.provider?.live == true }
        #expect(live.count >= 8)
        for contractCase in live {
            let result = await verifier.verify(contractCase, of: system)
            #expect(result.passed, "\(result.fullName): \(result.problems.joined(separator: "\n"))")
        }
        #expect(stub.messages.count == 2)
        await stub.stop()
    }

    @Test func cliReplaysTheSMSContractAndRefusesToRecordIt() throws {
        let replay = try Paths.run(["contracts", "replay", "--contracts", Paths.contracts.path, "--system", "sms"])
        #expect(replay.status == 0, "\(replay.output)")
        #expect(replay.output.contains("ok   sms/045-twilio-receipt-duplicate") && replay.output.contains(", 0 failed in "))
        let record = try Paths.run(["contracts", "record", "--contracts", Paths.contracts.path, "--system", "sms", "--listen", "0",
                                    "--upstream", "http://127.0.0.1:1"])
        #expect(record.status != 0 && record.output.contains("sms is a provider contract"))
    }
}
