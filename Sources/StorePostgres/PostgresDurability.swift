import Gateway
import Logging
import PostgresNIO

/// The server settings required before a 2xx may mean "on disk", read with `SHOW` on the
/// store's own connections.
enum PostgresDurability {
    /// Each setting, the values that keep commits durable, and what happens without it.
    static let required: [(setting: String, durable: Set<String>, why: String)] = [
        ("fsync", ["on"], "without it a crash can corrupt the whole cluster"),
        // `local`, `remote_write` and `remote_apply` also flush the local WAL before a commit returns.
        ("synchronous_commit", ["on", "local", "remote_write", "remote_apply"],
         "without it a crash may lose transactions already acknowledged to senders"),
        ("full_page_writes", ["on"], "without it a crash during a page write can leave torn pages"),
    ]

    static func check(_ client: PostgresClient, logger: Logger) async throws {
        let found = try await settings(client, logger: logger)
        let off = required.filter { !$0.durable.contains(found[$0.setting] ?? "?") }
        guard off.isEmpty else {
            throw StoreError.misconfigured("refusing to start: PostgreSQL must run with "
                + off.map { "\($0.setting)=on (found \(found[$0.setting] ?? "?"); \($0.why))" }.joined(separator: ", "))
        }
    }

    /// The settings as the server reports them now.
    static func settings(_ client: PostgresClient, logger: Logger) async throws -> [String: String] {
        var found: [String: String] = [:]
        for (setting, _, _) in required {
            for try await value in try await client.query(PostgresQuery(unsafeSQL: "SHOW \(setting)"), logger: logger)
                .decode(String.self) {
                found[setting] = value
            }
        }
        return found
    }
}
