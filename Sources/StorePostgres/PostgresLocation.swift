import Foundation
import PostgresNIO

/// Where a PostgreSQL store lives, read from a `postgres://user@host:port/database?sslmode=...` URL; the password
/// comes from an environment variable and is never part of the URL, a description or an error.
public struct PostgresLocation: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// How the connection is protected, as libpq's `sslmode` names it (only the modes postgres-nio supports).
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var database: String
    public var tls: TLSMode
    /// The password, read from the environment; nil when the server trusts the connection without one.
    var password: String?

    /// Parses the URL and reads the password from `passwordVariable` in `environment`, if a variable is named.
    public init(url text: String, passwordVariable: String?, environment: [String: String]) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              ["postgres", "postgresql"].contains(scheme) else {
            throw StoreLocationError("the PostgreSQL store must be a URL such as postgres://passerelle@db.example:5432/passerelle")
        }
        if components.password != nil {
            throw StoreLocationError("the PostgreSQL URL must not hold a password: name an environment variable with "
                + "`password_env:` (or --store-password-env) and put the password there")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreLocationError("the PostgreSQL URL has no host")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreLocationError("the PostgreSQL URL names no database (postgres://user@\(host)/DATABASE)")
        }
        let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? TLSMode.require.rawValue
        guard let tls = TLSMode(rawValue: sslmode) else {
            throw StoreLocationError("sslmode \"\(sslmode)\" is not supported; use disable, prefer or require")
        }
        var password: String?
        if let passwordVariable {
            guard let value = environment[passwordVariable], !value.isEmpty else {
                throw StoreLocationError("the PostgreSQL password variable \(passwordVariable) is not set in the environment")
            }
            password = value
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = components.user ?? "passerelle"
        self.database = database
        self.tls = tls
        self.password = password
    }

    /// The URL without any credential, for logs and errors.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    /// The same as `description`: reflection must not print the password either.
    public var debugDescription: String { description }

    var clientConfiguration: PostgresClient.Configuration {
        let tlsSetting: PostgresClient.Configuration.TLS
        switch tls {
        case .disable: tlsSetting = .disable
        case .prefer: tlsSetting = .prefer(.makeClientConfiguration())
        case .require: tlsSetting = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                         database: database, tls: tlsSetting)
        configuration.options.additionalStartupParameters = [("application_name", "passerelle")]
        configuration.options.maximumConnections = 16
        return configuration
    }
}

/// A store location that cannot be used as written; the message says what to change and never holds a secret.
public struct StoreLocationError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}
