import Yams

/// Finds where a key path sits in the configuration text, and which keys nobody reads (typos).
struct ConfigLocator {
    private let root: Node?

    init(_ text: String) {
        root = try? Yams.compose(yaml: text)
    }

    /// The line of the node at `path` (mapping keys, or sequence indexes as numbers), or of its deepest ancestor.
    func line(of path: [String]) -> Int? {
        var node = root
        var line = root?.mark?.line
        for component in path {
            guard let current = node else { break }
            if let mapping = current.mapping, let pair = mapping.first(where: { $0.key.string == component }) {
                line = pair.key.mark?.line ?? line
                node = pair.value
            } else if let sequence = current.sequence, let index = Int(component), sequence.indices.contains(index) {
                node = sequence[index]
                line = node?.mark?.line ?? line
            } else {
                break
            }
        }
        return line
    }

    /// Keys present in the file that the configuration does not know, with their lines.
    func unknownKeys() -> [(path: String, line: Int?)] {
        guard let mapping = root?.mapping else { return [] }
        var found: [(String, Int?)] = []
        func check(_ mapping: Node.Mapping, allowed: Set<String>, at path: String) {
            for (key, _) in mapping {
                guard let name = key.string, !allowed.contains(name) else { continue }
                found.append((path.isEmpty ? name : "\(path).\(name)", key.mark?.line))
            }
        }
        func section(_ name: String) -> Node? { mapping.first { $0.key.string == name }?.value }
        check(mapping, allowed: ["store", "server", "clients", "adapters", "destinations", "routes", "stubs", "tracing",
                                 "console"], at: "")
        if let tracing = section("tracing")?.mapping {
            check(tracing, allowed: ["enabled", "endpoint", "service_name"], at: "tracing")
        }
        if let console = section("console")?.mapping { check(console, allowed: ["language"], at: "console") }
        if let store = section("store")?.mapping { check(store, allowed: Self.storeKeys, at: "store") }
        if let server = section("server")?.mapping { check(server, allowed: ["host", "port", "max_body_bytes"], at: "server") }
        for (index, client) in (section("clients")?.sequence ?? []).enumerated() {
            if let client = client.mapping { check(client, allowed: ["name", "role", "token_env", "adapters"], at: "clients[\(index)]") }
        }
        for (name, adapter) in section("adapters")?.mapping ?? [:] {
            if let adapter = adapter.mapping {
                check(adapter, allowed: ["enabled", "settings"], at: "adapters.\(name.string ?? "?")")
            }
        }
        for (index, destination) in (section("destinations")?.sequence ?? []).enumerated() {
            guard let destination = destination.mapping else { continue }
            check(destination, allowed: ["name", "adapter", "role", "url", "token_env", "categories", "timeout_ms",
                                         "concurrency", "retry", "circuit"], at: "destinations[\(index)]")
            if let circuit = destination.first(where: { $0.key.string == "circuit" })?.value.mapping {
                check(circuit, allowed: ["failures", "cooldown_ms"], at: "destinations[\(index)].circuit")
            }
            if let retry = destination.first(where: { $0.key.string == "retry" })?.value.mapping {
                check(retry, allowed: ["max_attempts", "base_delay_ms", "max_delay_ms"], at: "destinations[\(index)].retry")
            }
        }
        for (index, stub) in (section("stubs")?.sequence ?? []).enumerated() {
            guard let stub = stub.mapping else { continue }
            check(stub, allowed: ["system", "port", "faults", "contracts", "events_url", "reply_url", "twilio_token_env",
                                  "json_api_key_env", "json_webhook_secret_env", "receipt_delay_ms"], at: "stubs[\(index)]")
        }
        return found
    }

    /// Keys of the `store` section.
    static let storeKeys: Set<String> = ["sqlite", "postgres", "password_env"]
}
