/// Moves a polling adapter's cursor from the position it read from to the position after the page it read.
/// Applied in the same transaction as the unit's messages, so a crash never separates the two: after a restart the
/// poller reads the page again from `from` (nothing was stored) or goes on from `to` (everything was).
public struct CursorAdvance: Sendable, Equatable {
    public var adapter: String
    /// The cursor the page was read from; nil for an adapter that has never committed one.
    public var from: String?
    /// The cursor to read the next page from.
    public var to: String

    public init(adapter: String, from: String?, to: String) {
        self.adapter = adapter
        self.from = from
        self.to = to
    }
}

/// A unit's cursor advance expected the cursor at `expected`, but it was at `found`: another poller stored that page
/// first. Nothing of the unit was stored; the poller reads on from `found`.
public struct CursorMoved: Error, Sendable, Equatable, CustomStringConvertible {
    public var adapter: String
    public var expected: String?
    public var found: String?

    public init(adapter: String, expected: String?, found: String?) {
        self.adapter = adapter
        self.expected = expected
        self.found = found
    }

    public var description: String {
        "the poll cursor of \(adapter) is at \(found ?? "the start"), not \(expected ?? "the start"): "
            + "another poller stored this page first; nothing of this unit was stored"
    }
}
