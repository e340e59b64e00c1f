import ArgumentParser
import ContractKit
import Foundation

struct Contracts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Contract cases of every partner system: replay them, verify a live endpoint, record new ones.",
        discussion: "The cases live under contracts/<system>/; contracts/README.md tells how to add one.",
        subcommands: [ContractsReplay.self, ContractsRecord.self])
}

/// Where the contract folders are.
struct ContractsLocation: ParsableArguments {
    @Option(name: .customLong("contracts"), help: "The contracts folder (default: $PASSERELLE_CONTRACTS, else ./contracts).")
    var folder: String?

    var url: URL {
        URL(fileURLWithPath: folder ?? ProcessInfo.processInfo.environment["PASSERELLE_CONTRACTS"] ?? "contracts")
    }

    func load() throws -> ContractLibrary {
        do {
            return try ContractLibrary(root: url)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
