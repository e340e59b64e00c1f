/// A configuration field an adapter declares: `passerelle adapters describe NAME` prints them.
public struct AdapterField: Sendable, Equatable {
    public var name: String
    public var summary: String
    public var defaultValue: String?
    /// A secret is never written in the configuration: the file names the environment variable holding it,
    /// under the key `<name>_env`.
    public var secret: Bool
    public var required: Bool

    public init(_ name: String, _ summary: String, default defaultValue: String? = nil, secret: Bool = false,
                required: Bool = false) {
        self.name = name
        self.summary = summary
        self.defaultValue = defaultValue
        self.secret = secret
        self.required = required
    }
}

/// A secret value that never prints itself: logs, errors and dumps show `***`.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// The raw value, for the one place that must use it (a signature, an Authorization header).
    public func reveal() -> String { value }

    public var description: String { "***" }
    public var debugDescription: String { "***" }
}

/// One adapter's settings from the configuration file, secrets resolved from the environment.
public struct AdapterSettings: Sendable {
    public let adapter: String
    private let values: [String: String]
    private let secrets: [String: Secret]

    public init(adapter: String, values: [String: String] = [:], secrets: [String: Secret] = [:]) {
        self.adapter = adapter
        self.values = values
        self.secrets = secrets
    }

    /// Reads `values` (from the file) against the declared fields: unknown keys refused, defaults applied,
    /// secrets looked up in `environment` through their `<name>_env` key.
    public static func resolve(adapter: String, fields: [AdapterField], values given: [String: String],
                               environment: [String: String]) throws(AdapterSettingsError) -> AdapterSettings {
        var values: [String: String] = [:]
        var secrets: [String: Secret] = [:]
        let known = Set(fields.map { $0.secret ? "\($0.name)_env" : $0.name })
        if let unknown = given.keys.sorted().first(where: { !known.contains($0) }) {
            throw AdapterSettingsError(adapter: adapter, message: "unknown setting \"\(unknown)\"; "
                + "known settings: \(known.sorted().joined(separator: ", "))")
        }
        for field in fields {
            if field.secret {
                guard let variable = given["\(field.name)_env"] else {
                    if field.required {
                        throw AdapterSettingsError(adapter: adapter,
                                                   message: "\(field.name)_env is required: name the environment variable holding \(field.name)")
                    }
                    continue
                }
                guard let value = environment[variable], !value.isEmpty else {
                    throw AdapterSettingsError(adapter: adapter, message: "environment variable \(variable) (\(field.name)) is not set")
                }
                secrets[field.name] = Secret(value)
            } else if let value = given[field.name] ?? field.defaultValue {
                values[field.name] = value
            } else if field.required {
                throw AdapterSettingsError(adapter: adapter, message: "setting \"\(field.name)\" is required: \(field.summary)")
            }
        }
        return AdapterSettings(adapter: adapter, values: values, secrets: secrets)
    }

    public func string(_ name: String) -> String? { values[name] }

    public func int(_ name: String) throws(AdapterSettingsError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text) else {
            throw AdapterSettingsError(adapter: adapter, message: "setting \"\(name)\" must be an integer")
        }
        return value
    }

    public func secret(_ name: String) -> Secret? { secrets[name] }
}

/// A setting that is missing, unknown or malformed; names the adapter and the setting, never a secret.
public struct AdapterSettingsError: Error, Sendable, CustomStringConvertible {
    public var adapter: String
    public var message: String

    /// For an adapter that checks its own settings' values when it is built.
    public init(adapter: String, message: String) {
        self.adapter = adapter
        self.message = message
    }

    public var description: String { "adapters.\(adapter).settings: \(message)" }
}

/// What the gateway knows of an adapter before it is configured: its name, its fields, how to build it.
public struct AdapterDefinition: Sendable {
    public var name: String
    public var summary: String
    public var fields: [AdapterField]
    public var make: @Sendable (AdapterSettings) throws -> any Adapter

    public init(name: String, summary: String, fields: [AdapterField] = [],
                make: @escaping @Sendable (AdapterSettings) throws -> any Adapter) {
        self.name = name
        self.summary = summary
        self.fields = fields
        self.make = make
    }
}
