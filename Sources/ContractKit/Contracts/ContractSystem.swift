import Foundation
import Yams

/// One partner system's contract: `contracts/<system>/system.yaml`, its schemas and its cases.
public struct ContractSystem: Sendable {
    /// The wire format of the system's messages; decides how bodies are validated and compared.
    public enum Format: String, Sendable, Decodable {
        case json, xml
    }

    /// What the system's cases exercise: an `Adapter` (envelopes in and out) or an SMS provider profile.
    public enum Flavour: String, Sendable, Decodable {
        case adapter, provider
    }

    /// Default schema files (under `schema/`) per message role; a case may name another.
    public struct DefaultSchemas: Sendable, Decodable {
        public var inbound: String?
        public var outbound: String?
        public var response: String?
    }

    private struct Manifest: Decodable {
        var adapter: String
        var format: Format
        var description: String?
        var schemas: DefaultSchemas?
        var testSettings: [String: String]?
        var flavour: Flavour?
        var profiles: [String: [String: String]]?

        enum CodingKeys: String, CodingKey {
            case adapter, format, description, schemas, testSettings = "test_settings", flavour, profiles
        }
    }

    /// The folder name, e.g. `home`.
    public let name: String
    /// The adapter's name in the gateway's registry.
    public let adapter: String
    public let format: Format
    public let defaults: DefaultSchemas
    /// The adapter's settings for replaying cases, secrets written out: synthetic values made for the contract
    /// (a test HMAC key), never real ones. Empty when the adapter needs none.
    public let testSettings: [String: String]
    public let flavour: Flavour
    /// Provider contracts: each profile's settings for replay, secrets written out (synthetic values only).
    public let profiles: [String: [String: String]]
    public let schemas: [String: WireSchema]
    public let cases: [ContractCase]
    public let folder: URL

    /// Loads `folder`: the manifest, every file of `schema/`, every `cases/*/case.yaml`, in name order.
    public init(folder: URL) throws(ContractError) {
        let name = folder.lastPathComponent
        let manifestURL = folder.appendingPathComponent("system.yaml")
        let manifest: Manifest
        do {
            manifest = try YAMLDecoder().decode(Manifest.self, from: try String(contentsOf: manifestURL, encoding: .utf8))
        } catch {
            throw ContractError("\(manifestURL.path): \(Self.explain(error)); see contracts/README.md for the fields")
        }
        var schemas: [String: WireSchema] = [:]
        let schemaFolder = folder.appendingPathComponent("schema")
        for file in Self.list(schemaFolder) {
            schemas[file] = try WireSchema(file: schemaFolder.appendingPathComponent(file))
        }
        var cases: [ContractCase] = []
        let caseFolder = folder.appendingPathComponent("cases")
        for caseName in Self.list(caseFolder) {
            let url = caseFolder.appendingPathComponent(caseName)
            let yaml = url.appendingPathComponent("case.yaml")
            guard FileManager.default.fileExists(atPath: yaml.path) else { continue }
            do {
                var contractCase = try YAMLDecoder().decode(ContractCase.self, from: try String(contentsOf: yaml, encoding: .utf8))
                contractCase.name = caseName
                contractCase.folder = url
                cases.append(contractCase)
            } catch {
                throw ContractError("\(yaml.path): \(Self.explain(error)); see contracts/README.md for the fields")
            }
        }
        self.name = name
        self.adapter = manifest.adapter
        self.format = manifest.format
        self.defaults = manifest.schemas ?? DefaultSchemas()
        self.testSettings = manifest.testSettings ?? [:]
        self.flavour = manifest.flavour ?? .adapter
        self.profiles = manifest.profiles ?? [:]
        self.schemas = schemas
        self.cases = cases
        self.folder = folder
    }

    /// The schema named `file`, or the system's default for that role; nil when the contract declares none.
    /// A name may point into a JSON schema's definitions: `envelope.v1.schema.json#/$defs/envelope`.
    public func schema(_ file: String?, default role: KeyPath<DefaultSchemas, String?>) throws(ContractError) -> WireSchema? {
        guard let chosen = file ?? defaults[keyPath: role] else { return nil }
        let parts = chosen.split(separator: "#", maxSplits: 1).map(String.init)
        guard let schema = schemas[parts[0]] else {
            throw ContractError("system \(name): no schema \(parts[0]) under schema/; add it or fix the name")
        }
        guard parts.count == 2 else { return schema }
        guard case .json(let json) = schema, let definition = json.definition("#" + parts[1]) else {
            throw ContractError("system \(name): \(chosen) does not point at a definition of a JSON schema; write file#/$defs/NAME")
        }
        return .json(definition)
    }

    /// The entries of a folder, sorted, hidden files left out.
    static func list(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// A YAML or decoding error in words that name the field.
    private static func explain(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing field \"\(key.stringValue)\"\(where: context.codingPath)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong value\(where: context.codingPath): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            "invalid value\(where: context.codingPath): \(context.debugDescription)"
                + (context.underlyingError.map { " (\($0))" } ?? "")
        default:
            String(describing: error)
        }
    }
}

private extension String.StringInterpolation {
    mutating func appendInterpolation(where path: [any CodingKey]) {
        if !path.isEmpty { appendLiteral(" at " + path.map(\.stringValue).joined(separator: ".")) }
    }
}

/// Every system under a `contracts/` folder: each subfolder holding a `system.yaml`.
public struct ContractLibrary: Sendable {
    public let root: URL
    public let systems: [ContractSystem]

    public init(root: URL) throws(ContractError) {
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw ContractError("no contracts folder at \(root.path); run from the repository root or pass --contracts DIR")
        }
        var systems: [ContractSystem] = []
        for name in ContractSystem.list(root)
        where FileManager.default.fileExists(atPath: root.appendingPathComponent(name).appendingPathComponent("system.yaml").path) {
            systems.append(try ContractSystem(folder: root.appendingPathComponent(name)))
        }
        self.root = root
        self.systems = systems
    }

    /// The system named `name`, or an error listing those there are.
    public func system(_ name: String) throws(ContractError) -> ContractSystem {
        guard let system = systems.first(where: { $0.name == name }) else {
            throw ContractError("no contract for system \"\(name)\"; available: \(systems.map(\.name).joined(separator: ", "))")
        }
        return system
    }
}
