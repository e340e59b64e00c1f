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

    @Option(name: .long, help: ArgumentHelp(
        "Use this store instead of the configuration's: sqlite:PATH or postgres://user@host:port/database.",
        valueName: "store"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp(
        "Environment variable holding the PostgreSQL password for --store (default: the configuration's password_env).",
        valueName: "variable"))
    var storePasswordEnv: String?

    /// The configuration file, with the store replaced when --store is given.
    func load() throws -> PasserelleConfig {
        do {
            var config = try PasserelleConfig.load(path: path)
            if let store {
                config.store = try .parse(option: store, passwordEnv: storePasswordEnv ?? config.store.passwordEnv)
                try config.validate(file: path)
            }
            return config
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Opens the store the configuration names, with the same durability checks as the server.
    func openStore() async throws -> any Store {
        let config = try load()
        do {
            return try await StoreFactory.open(config.store)
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
