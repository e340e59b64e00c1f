/// The named schema migrations of a store: which were applied by this opening and which were already there.
public struct MigrationReport: Sendable, Equatable {
    /// Every migration the store knows, in the order it applies them.
    public var known: [String]
    /// Those this opening applied; the others were already recorded.
    public var appliedNow: [String]

    public init(known: [String], appliedNow: [String]) {
        self.known = known
        self.appliedNow = appliedNow
    }
}
