import CaseModel
import Foundation
import Gateway
import SMSAdapter
import Yams

/// The whole configuration file (`passerelle.yaml`). Secrets are never in it: only names of environment variables.
public struct PasserelleConfig: Sendable, Equatable, Codable {
    public var store: StoreSection
    public var server: ServerSection
    public var clients: [ClientSection]
    public var adapters: [String: AdapterSection]
    public var destinations: [DestinationSection]
    public var routes: [String: [String]]
    /// Stubs of external systems started in the same process (demo and tests only).
    public var stubs: [StubSection]?
    /// Spans exported over OTLP/HTTP; off when absent.
    public var tracing: TracingSection?
    /// The web console's settings.
    public var console: ConsoleSection?

    /// `tracing: {enabled: true, endpoint: http://collector:4318/v1/traces, service_name: passerelle}`.
    public struct TracingSection: Sendable, Equatable, Codable {
        public var enabled: Bool
        /// The collector's OTLP/HTTP traces URL.
        public var endpoint: String?
        /// `service.name` of the exported spans; default `passerelle`.
        public var serviceName: String?

        enum CodingKeys: String, CodingKey {
            case enabled, endpoint
            case serviceName = "service_name"
        }
    }

    /// `console: {language: fr}`: the language of a browser that states no preference (`fr` by default, or `en`).
    public struct ConsoleSection: Sendable, Equatable, Codable {
        public var language: String?
    }

    /// Where the data lives: exactly one of `sqlite` (one gateway process) or `postgres` (several instances).
    public struct StoreSection: Sendable, Equatable, Codable {
        /// Path of the SQLite file.
        public var sqlite: String?
        /// `postgres://user@host:port/database?sslmode=require`, without a password.
        public var postgres: String?
        /// Environment variable holding the PostgreSQL password, if the server asks for one.
        public var passwordEnv: String?

        public init(sqlite: String? = nil, postgres: String? = nil, passwordEnv: String? = nil) {
            self.sqlite = sqlite
            self.postgres = postgres
            self.passwordEnv = passwordEnv
        }
    }

    public struct ServerSection: Sendable, Equatable, Codable {
        public var host: String
        public var port: Int
        /// Largest request body accepted, in bytes (413 above).
        public var maxBodyBytes: Int?
    }

    public struct ClientSection: Sendable, Equatable, Codable {
        public var name: String
        public var role: ClientRole
        /// Environment variable holding the client's bearer token.
        public var tokenEnv: String
        /// For partner clients: the adapters whose inbound endpoint they may call.
        public var adapters: [String]?
    }

    public struct AdapterSection: Sendable, Equatable, Codable {
        /// Whether the adapter starts enabled when ops never changed its state.
        public var enabled: Bool
        /// The adapter's own settings (`passerelle adapters describe NAME` lists them); secrets as `<name>_env`.
        public var settings: [String: String]?
    }

    public struct DestinationSection: Sendable, Equatable, Codable {
        public var name: String
        public var adapter: String
        public var role: RecipientRole
        public var url: String
        /// Environment variable holding the bearer token sent to this destination, if it needs one.
        public var tokenEnv: String?
        public var categories: [DataCategory]?
        public var timeoutMs: Int?
        public var concurrency: Int?
        public var retry: RetrySection?
        public var circuit: CircuitSection?
    }

    public struct CircuitSection: Sendable, Equatable, Codable {
        /// Consecutive failures (timeouts, connection errors, 5xx, 429) that open the circuit.
        public var failures: Int?
        /// How long an open circuit rests before one trial delivery.
        public var cooldownMs: Int?

        enum CodingKeys: String, CodingKey {
            case failures
            case cooldownMs = "cooldown_ms"
        }
    }

    public struct RetrySection: Sendable, Equatable, Codable {
        public var maxAttempts: Int?
        public var baseDelayMs: Int?
        public var maxDelayMs: Int?
    }

    /// A stub answering from `contracts/<system>/`; `faults` as in `passerelle stubs serve --fault`.
    public struct StubSection: Sendable, Equatable, Codable {
        public var system: String
        public var port: Int
        public var faults: String?
        /// The contracts folder (default: `contracts`, relative to the working directory).
        public var contracts: String?
        /// `system: sms` only: where the provider stub posts JSON-profile receipts and replies.
        public var eventsURL: String?
        /// `system: sms` only: where the provider stub posts Twilio-profile inbound replies.
        public var replyURL: String?
        /// `system: sms` only: environment variables of the credentials the stub expects and signs with
        /// (synthetic test values when not given).
        public var twilioTokenEnv: String?
        public var jsonAPIKeyEnv: String?
        public var jsonWebhookSecretEnv: String?
        /// `system: sms` only: the wait before each receipt (default 200 ms).
        public var receiptDelayMs: Int?

        enum CodingKeys: String, CodingKey {
            case system, port, faults, contracts
            case eventsURL = "events_url", replyURL = "reply_url", twilioTokenEnv = "twilio_token_env",
                 jsonAPIKeyEnv = "json_api_key_env", jsonWebhookSecretEnv = "json_webhook_secret_env",
                 receiptDelayMs = "receipt_delay_ms"
        }
    }

    /// Reads and checks a configuration file; errors name the file and say what to fix.
    public static func load(path: String) throws -> PasserelleConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "cannot read the file (does it exist, is it UTF-8?)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> PasserelleConfig {
        let locator = ConfigLocator(text)
        if let unknown = locator.unknownKeys().first {
            throw ConfigError(file: file, line: unknown.line,
                              message: "unknown key \"\(unknown.path)\"; check its spelling against README's configuration table")
        }
        let config: PasserelleConfig
        do {
            config = try YAMLDecoder().decode(PasserelleConfig.self, from: text, userInfo: [:])
        } catch let error as DecodingError {
            throw ConfigError(file: file, line: locator.line(of: ConfigError.path(of: error)), message: ConfigError.explain(error))
        } catch {
            throw ConfigError(file: file, message: "not valid YAML: \(error)")
        }
        do {
            try config.validate(file: file)
        } catch var error as ConfigError {
            error.line = error.path.flatMap(locator.line(of:))
            throw error
        }
        return config
    }

    /// Cross-references: every route names a destination, every destination an adapter, and so on.
    public func validate(file: String, knownAdapters: [String] = GatewayApp.catalogue.map(\.name)) throws {
        func fail(_ path: [String], _ message: String) throws -> Never {
            throw ConfigError(file: file, path: path, message: message)
        }
        if let problem = store.problem { try fail(["store"], problem) }
        if server.port < 0 || server.port > 65_535 {
            try fail(["server", "port"], "server.port \(server.port) is not a TCP port (0–65535)")
        }
        var seen: Set<String> = []
        for (index, destination) in destinations.enumerated() {
            if !seen.insert(destination.name).inserted {
                try fail(["destinations", String(index), "name"], "destination name \"\(destination.name)\" is used twice; names must be unique")
            }
            if !knownAdapters.contains(destination.adapter) {
                try fail(["destinations", String(index), "adapter"],
                         "destination \"\(destination.name)\" uses adapter \"\(destination.adapter)\", which does not exist; "
                            + "known adapters: \(knownAdapters.joined(separator: ", "))")
            }
            if adapters[destination.adapter] == nil {
                try fail(["destinations", String(index), "adapter"],
                         "destination \"\(destination.name)\" uses adapter \"\(destination.adapter)\", "
                            + "which has no entry under `adapters:`; add `\(destination.adapter): {enabled: true}`")
            }
            if destination.adapter == "sms" {
                try checkPlanner(destination, at: index, fail: fail)
                continue
            }
            guard let url = URL(string: destination.url), let scheme = url.scheme, ["http", "https"].contains(scheme),
                  url.host != nil else {
                try fail(["destinations", String(index), "url"],
                         "destination \"\(destination.name)\": url must be an absolute http(s) URL")
            }
        }
        for name in adapters.keys.sorted() where !knownAdapters.contains(name) {
            try fail(["adapters", name], "adapters.\(name): no such adapter; known adapters: \(knownAdapters.joined(separator: ", "))")
        }
        for (kind, names) in routes.sorted(by: { $0.key < $1.key }) {
            if kind != "*" && !MessageKind.known.contains(where: { $0.rawValue == kind }) {
                try fail(["routes", kind], "routes: unknown message kind \"\(kind)\"")
            }
            for name in names where !seen.contains(name) {
                try fail(["routes", kind], "routes.\(kind): destination \"\(name)\" is not defined under `destinations:`")
            }
        }
        var clientNames: Set<String> = []
        for (index, client) in clients.enumerated() where !clientNames.insert(client.name).inserted {
            try fail(["clients", String(index), "name"], "client name \"\(client.name)\" is used twice; names must be unique")
        }
        if let tracing, tracing.enabled {
            guard let endpoint = tracing.endpoint, let url = URL(string: endpoint), let scheme = url.scheme,
                  ["http", "https"].contains(scheme), url.host != nil else {
                try fail(["tracing", "endpoint"], "tracing.endpoint must be the collector's OTLP/HTTP URL "
                            + "(e.g. http://127.0.0.1:4318/v1/traces) when tracing is enabled")
            }
        }
        if let language = console?.language, ConsoleLanguage(rawValue: language) == nil {
            try fail(["console", "language"], "console.language \"\(language)\" is not offered; choose "
                        + ConsoleLanguage.allCases.map(\.rawValue).joined(separator: " or "))
        }
    }

    /// The SMS planner's destination is internal (`local:sms`) and may never see more than the planner needs:
    /// a configuration that could disclose other categories to it is refused at start-up.
    private func checkPlanner(_ destination: DestinationSection, at index: Int,
                              fail: ([String], String) throws -> Never) throws {
        if destination.url != SMSAdapter.localScheme + "sms" {
            try fail(["destinations", String(index), "url"],
                     "destination \"\(destination.name)\" uses the sms adapter: its url must be `local:sms`")
        }
        let allowed = AccessPolicy().allowed(for: Destination(
            name: destination.name, adapter: destination.adapter, role: destination.role, url: destination.url,
            categories: destination.categories.map(Set.init)))
        let extra = allowed.subtracting(SMSAdapter.plannerCategories)
        if !extra.isEmpty {
            try fail(["destinations", String(index), "categories"],
                     "destination \"\(destination.name)\" (the SMS planner) could receive "
                        + extra.map(\.rawValue).sorted().joined(separator: ", ")
                        + "; give it `categories: [identity, contact, agenda]` (or fewer)")
        }
    }

    /// The destinations as the engine sees them.
    public var engineDestinations: [Destination] {
        destinations.map { section in
            let standard = RetryPolicy.standard
            return Destination(
                name: section.name, adapter: section.adapter, role: section.role, url: section.url,
                categories: section.categories.map(Set.init),
                retry: RetryPolicy(maxAttempts: section.retry?.maxAttempts ?? standard.maxAttempts,
                                   baseDelayMilliseconds: section.retry?.baseDelayMs ?? standard.baseDelayMilliseconds,
                                   maxDelayMilliseconds: section.retry?.maxDelayMs ?? standard.maxDelayMilliseconds),
                timeoutMilliseconds: section.timeoutMs ?? 10_000, concurrency: section.concurrency ?? 8,
                circuit: CircuitBreaker(threshold: section.circuit?.failures ?? 5,
                                        cooldown: Double(section.circuit?.cooldownMs ?? 10_000) / 1_000))
        }
    }

    /// Each adapter's mode when ops never changed it.
    public var defaultModes: [String: AdapterMode] {
        adapters.mapValues { $0.enabled ? .enabled : .disabled }
    }

    enum CodingKeys: String, CodingKey {
        case store, server, clients, adapters, destinations, routes, stubs, tracing, console
    }
}

extension PasserelleConfig.StoreSection {
    enum CodingKeys: String, CodingKey {
        case sqlite, postgres
        case passwordEnv = "password_env"
    }

    /// What is wrong with the section, if anything; never quotes a URL, which might hold a password by mistake.
    var problem: String? {
        switch (sqlite, postgres) {
        case (nil, nil): return "store: give either `sqlite: PATH` or `postgres: URL`"
        case (.some, .some): return "store: give either `sqlite:` or `postgres:`, not both"
        case (.some, nil) where passwordEnv != nil: return "store.password_env applies to `postgres:` only"
        default: return nil
        }
    }

    /// Reads `--store sqlite:PATH` or `--store postgres://...`; the PostgreSQL password stays in the environment
    /// variable the configuration (or `--store-password-env`) names.
    public static func parse(option text: String, passwordEnv: String?) throws -> Self {
        if text.hasPrefix("sqlite:") {
            return Self(sqlite: String(text.dropFirst("sqlite:".count)))
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            return Self(postgres: text, passwordEnv: passwordEnv)
        }
        throw ConfigError(file: "--store", message: "give sqlite:PATH or postgres://user@host:port/database")
    }
}

extension PasserelleConfig.ServerSection {
    enum CodingKeys: String, CodingKey {
        case host, port
        case maxBodyBytes = "max_body_bytes"
    }
}

extension PasserelleConfig.ClientSection {
    enum CodingKeys: String, CodingKey {
        case name, role, adapters
        case tokenEnv = "token_env"
    }
}

extension PasserelleConfig.DestinationSection {
    enum CodingKeys: String, CodingKey {
        case name, adapter, role, url, categories, concurrency, retry, circuit
        case tokenEnv = "token_env"
        case timeoutMs = "timeout_ms"
    }
}

extension PasserelleConfig.RetrySection {
    enum CodingKeys: String, CodingKey {
        case maxAttempts = "max_attempts"
        case baseDelayMs = "base_delay_ms"
        case maxDelayMs = "max_delay_ms"
    }
}

/// A configuration problem, naming the file, the line when known, and what to change.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    /// Where in the document the problem is, as keys and indexes.
    public var path: [String]?
    public var message: String

    public init(file: String, line: Int? = nil, path: [String]? = nil, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }

    static func path(of error: DecodingError) -> [String] {
        let context: DecodingError.Context?
        switch error {
        case .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: context = nil
        }
        return context?.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } ?? []
    }

    static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key \"\(key.stringValue)\" in \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "invalid value at \(path(context)): \(context.debugDescription)"
        @unknown default:
            return "invalid configuration"
        }
    }
}
