import PostgresNIO

/// Server-side failures the store reacts to, by SQLSTATE.
enum SQLState {
    static let uniqueViolation = "23505"

    static func of(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}

/// A PostgreSQL error as a person can act on it: the server's own message (which never holds the password) or the
/// kind of connection failure.
enum PostgresFailure {
    static func explain(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return "\(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
