import ArgumentParser
import ContractKit
import Foundation
import Server

struct ContractsReplay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay contract cases through the adapters, in-process, or against a live endpoint with --against.",
        discussion: """
            Inbound cases are decoded and validated as the gateway would and compared with the expected envelopes; \
            outbound cases are filtered for their recipient role, encoded and compared with the expected request; \
            every wire message is checked against its schema. Prints one line per case and exits non-zero on any failure.
            """)

    @OptionGroup var location: ContractsLocation
    @Option(help: "Only this system's cases (a folder name under contracts/, e.g. home).") var system: String?
    @Option(name: .customLong("case"), help: "Only cases whose folder name matches this glob, e.g. '00*' or '*reject*'.")
    var casePattern: String?
    @Option(help: "Also write a JUnit XML report to this file, for CI.") var junit: String?
    @Option(help: "Send each outbound case's request to this base URL and check the answer (needs --system).")
    var against: String?

    func validate() throws {
        if against != nil, system == nil { throw ValidationError("--against needs --system: name the system the endpoint stands for") }
    }

    func run() async throws {
        let library = try location.load()
        let selected: [(system: ContractSystem, contractCase: ContractCase)]
        do {
            selected = try ContractReplayer.select(library, system: system, casePattern: casePattern)
        } catch {
            throw ValidationError(error.description)
        }
        // Against an endpoint: outbound cases, and of a provider contract only the sends it can reproduce (live: true).
        let chosen = against == nil ? selected : selected.filter { entry in
            entry.contractCase.direction == .outbound && (entry.system.flavour != .provider || entry.contractCase.provider?.live == true)
        }
        guard !chosen.isEmpty else {
            throw ValidationError("no case matches; `ls \(location.url.path)/*/cases` lists them")
        }
        let systems = Set(chosen.map(\.system.name)).count
        print("replaying \(chosen.count) case(s) of \(systems) system(s) from \(location.url.path)"
              + (against.map { " against \($0)" } ?? ""))
        let replayer = ContractReplayer(registry: GatewayApp.registry, catalogue: GatewayApp.catalogue)
        let verifier = against.map { LiveVerifier(registry: GatewayApp.registry, baseURL: $0) }
        let started = Date()
        var results: [CaseResult] = []
        for (index, entry) in chosen.enumerated() {
            let result = if let verifier {
                await verifier.verify(entry.contractCase, of: entry.system)
            } else {
                replayer.replay(entry.contractCase, of: entry.system)
            }
            results.append(result)
            print("\(result.passed ? "ok  " : "FAIL") \(result.fullName)")
            for problem in result.problems { print("       \(problem)") }
            // A long run says where it is, so a silent minute is not mistaken for a hang.
            if chosen.count > 25, (index + 1) % 25 == 0, index + 1 < chosen.count {
                print("progress: \(index + 1)/\(chosen.count) cases, \(results.filter { !$0.passed }.count) failed so far")
            }
        }
        let failed = results.filter { !$0.passed }.count
        let elapsed = Date().timeIntervalSince(started)
        print("contracts: \(results.count - failed) passed, \(failed) failed in \(String(format: "%.2f", elapsed)) s")
        if let junit {
            do {
                try Data(try JUnitReport.document(results)).write(to: URL(fileURLWithPath: junit))
            } catch {
                throw ValidationError("could not write the JUnit report to \(junit): \(error); check the folder exists")
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
