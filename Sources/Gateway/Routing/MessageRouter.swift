import CaseModel

/// Message router: maps a message kind to the destinations that must receive it (Camel's content-based router).
public struct MessageRouter: Sendable {
    private let table: [MessageKind: [String]]
    private let fallback: [String]

    /// `routes` maps a kind to destination names; the kind `*` catches every kind without a route of its own.
    public init(routes: [String: [String]]) {
        var table: [MessageKind: [String]] = [:]
        var fallback: [String] = []
        for (kind, names) in routes {
            if kind == "*" { fallback = names } else { table[MessageKind(rawValue: kind)] = names }
        }
        self.table = table
        self.fallback = fallback
    }

    /// Destination names for a kind, without the message's own origin adapter (no echo back to the sender).
    public func destinations(for kind: MessageKind) -> [String] {
        table[kind] ?? fallback
    }
}
