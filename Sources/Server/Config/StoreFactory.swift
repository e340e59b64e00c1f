import Foundation
import Gateway
import StorePostgres
import StoreSQLite

/// Opens the store the configuration names.
public enum StoreFactory {
    /// Opens (and migrates) the store; the PostgreSQL password is read from the environment variable the section names.
    public static func open(_ section: PasserelleConfig.StoreSection,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            clock: @escaping @Sendable () -> Date = { Date() }) async throws -> any Store {
        if let problem = section.problem { throw ConfigError(file: "configuration", message: problem) }
        switch (section.sqlite, section.postgres) {
        case (let path?, nil):
            return try SQLiteStore(path: path, clock: clock)
        case (nil, let url?):
            let location = try PostgresLocation(url: url, passwordVariable: section.passwordEnv, environment: environment)
            return try await PostgresStore.open(location, clock: clock)
        default:
            throw ConfigError(file: "configuration", message: "store: give either `sqlite: PATH` or `postgres: URL`")
        }
    }

    /// Opens the store to apply its missing migrations, and says which it applied.
    public static func migrate(_ section: PasserelleConfig.StoreSection,
                               environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> MigrationReport {
        let store = try await open(section, environment: environment)
        let report: MigrationReport?
        switch store {
        case let postgres as PostgresStore: report = postgres.migrations
        case let sqlite as SQLiteStore: report = sqlite.migrations
        default: report = nil
        }
        await close(store)
        guard let report else { throw StoreError.misconfigured("this store does not report its migrations") }
        return report
    }

    /// Closes the store's connections, if it holds any (the SQLite store closes with its last reference).
    public static func close(_ store: any Store) async {
        if let postgres = store as? PostgresStore { await postgres.close() }
    }
}

extension PasserelleConfig.StoreSection: CustomStringConvertible {
    /// Where the data lives, without any credential.
    public var description: String {
        if let postgres {
            return (try? PostgresLocation(url: postgres, passwordVariable: nil, environment: [:]).description)
                ?? "postgres (invalid URL)"
        }
        return "sqlite:\(sqlite ?? "?")"
    }
}
