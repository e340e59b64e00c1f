import Crypto
import Foundation

/// What a client of the HTTP API may do.
public enum ClientRole: String, Codable, Sendable, CaseIterable {
    /// The home case system: posts canonical messages and reads their status.
    case home
    /// Operations staff: adapters, deliveries, metrics.
    case ops
    /// Probation officers: appointment reminders.
    case officer
    /// Auditors: the audit log.
    case auditor
    /// An external system: its own inbound endpoint only.
    case partner
}

/// An authenticated caller.
public struct Client: Sendable, Equatable {
    public var name: String
    public var role: ClientRole
    /// Adapters whose inbound endpoint a partner may call.
    public var adapters: Set<String>
}

/// Bearer tokens of every client, held only as SHA-256 digests so a memory dump or a log line cannot leak them.
public struct ClientDirectory: Sendable {
    private let byDigest: [String: Client]

    /// Reads each client's token from the environment variable the configuration names.
    public init(_ sections: [PasserelleConfig.ClientSection], environment: [String: String]) throws {
        var byDigest: [String: Client] = [:]
        for section in sections {
            guard let token = environment[section.tokenEnv], !token.isEmpty else {
                throw ConfigError(file: "environment",
                                  message: "client \"\(section.name)\": environment variable \(section.tokenEnv) is not set")
            }
            guard token.utf8.count >= 16 else {
                throw ConfigError(file: "environment",
                                  message: "client \"\(section.name)\": the token in \(section.tokenEnv) is shorter than 16 characters")
            }
            byDigest[Self.digest(token)] = Client(name: section.name, role: section.role,
                                                  adapters: Set(section.adapters ?? []))
        }
        self.byDigest = byDigest
    }

    /// The client presenting this `Authorization` header, or nil.
    public func authenticate(_ authorization: String?) -> Client? {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return nil }
        let token = authorization.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { return nil }
        return byDigest[Self.digest(token)]
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
