import ArgumentParser
import ContractKit
import Foundation
import Gateway
import Server

struct ContractsRecord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Proxy a partner and write each exchange as a new contract case, personal data replaced first.",
        discussion: """
            Point a destination's url at http://127.0.0.1:<listen>; requests go to --upstream unchanged and answers \
            come back unchanged. Each exchange becomes contracts/<system>/cases/<NNN>-recorded-<kind>/ with names, \
            birth dates, phone numbers, identifiers and free text replaced by synthetic values before anything is \
            written. Review the new cases, rename them, then run `passerelle contracts replay --system <system>`.
            """)

    @OptionGroup var location: ContractsLocation
    @Option(help: "The system being recorded: a folder under contracts/, e.g. home.") var system: String
    @Option(help: "The port the recording proxy listens on (0 picks a free one).") var listen: Int
    @Option(help: "The partner's base URL that requests are forwarded to, e.g. http://127.0.0.1:9101.") var upstream: String
    @Option(help: "The recipient role the recorded traffic is for (spip, jap, parquet…); recorded envelopes replay for it.")
    var role = "spip"

    func run() async throws {
        guard let recipient = RecipientRole(rawValue: role) else {
            throw ValidationError("unknown role \(role); one of \(RecipientRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let contracts: ContractSystem
        do {
            contracts = try location.load().system(system)
        } catch let error as ContractError {
            throw ValidationError(error.description)
        }
        guard contracts.flavour == .adapter else {
            throw ValidationError("\(system) is a provider contract: its cases drive provider profiles, not an adapter, and are "
                + "written by hand (contracts/\(system)/README.md); recording applies to adapter contracts")
        }
        let recorder = ContractRecorder(system: contracts, registry: GatewayApp.registry, upstream: upstream, role: recipient)
        let bound = try await recorder.start(port: listen)
        print("recording \(system) on http://127.0.0.1:\(bound) → \(upstream); new cases go to \(contracts.folder.path)/cases")
        // Scripts wait for this line to know the port; output is block-buffered when it is a pipe.
        fflush(nil)
        try await recorder.wait()
    }
}
