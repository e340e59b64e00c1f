import ArgumentParser
import Foundation
import Gateway
import Server
import StoreSQLite

/// Options shared by every command that works on a configured gateway.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: $PASSERELLE_CONFIG, else passerelle.yaml).")
    var config: String?

    var path: String {
        config ?? ProcessInfo.processInfo.environment["PASSERELLE_CONFIG"] ?? "passerelle.yaml"
    }

    func load() throws -> PasserelleConfig {
        do {
            return try PasserelleConfig.load(path: path)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Opens the store the configuration names, with the same durability checks as the server.
    func openStore() throws -> any Store {
        let config = try load()
        do {
            return try StoreFactory.open(config.store)
        } catch {
            throw ValidationError("cannot open the store \(config.store.description): \(error)")
        }
    }
}

/// Who is acting, for the audit log.
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "Your user id, recorded in the audit log (default: $USER).")
    var user: String?

    var actor: AuditActor {
        AuditActor(id: user ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown", function: "ops")
    }
}

/// Prints a table with aligned columns.
func printTable(_ header: [String], _ rows: [[String]]) {
    let widths = header.indices.map { column in
        ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
        zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
            .trimmingCharacters(in: .whitespaces)
    }
    print(line(header))
    rows.forEach { print(line($0)) }
}

func iso(_ date: Date?) -> String {
    date.map { $0.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false)) } ?? "-"
}
