/// The adapters this gateway knows, by name. Adding a system means one line where the registry is built.
public struct AdapterRegistry: Sendable {
    private let adapters: [String: any Adapter]

    public init(_ adapters: [any Adapter]) {
        self.adapters = Dictionary(adapters.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func adapter(named name: String) -> (any Adapter)? { adapters[name] }

    public var names: [String] { adapters.keys.sorted() }
}
