import CaseModel

/// Decides, per destination, which parts of a message may be disclosed, and records what it withheld.
public struct AccessPolicy: Sendable {
    /// Per-destination narrowing from configuration; absent means the role's ceiling.
    public var restrictions: [String: Set<DataCategory>]

    public init(restrictions: [String: Set<DataCategory>] = [:]) {
        self.restrictions = restrictions
    }

    /// The categories a destination may receive: its role's ceiling, narrowed by configuration, never widened.
    public func allowed(for destination: Destination) -> Set<DataCategory> {
        var allowed = destination.role.ceiling
        if destination.role != .spip { allowed.subtract(RecipientRole.spipOnly) }
        if let narrowed = restrictions[destination.name] ?? destination.categories {
            allowed.formIntersection(narrowed)
        }
        return allowed
    }

    /// Applies the policy to one payload for one destination.
    public func decide(_ payload: Payload, for destination: Destination) -> PolicyDecision {
        let allowed = allowed(for: destination)
        if allowed.isEmpty {
            return PolicyDecision(destination: destination.name, payload: nil, disclosed: [],
                                  withheld: payload.categories, withheldFields: [])
        }
        let cut = payload.filtered(allowing: allowed)
        let disclosed = cut.payload.categories
        let withheld = Set(cut.removed.map(\.category))
        // A message whose whole content was withheld is not delivered at all: an empty shell still discloses
        // that something happened to the subject.
        let deliverable = !payload.categories.isEmpty && disclosed.isEmpty ? nil : cut.payload
        return PolicyDecision(destination: destination.name, payload: deliverable, disclosed: disclosed,
                              withheld: withheld, withheldFields: cut.removed.map(\.path))
    }
}

/// What the policy let through to one destination and what it withheld (categories and field paths, never values).
public struct PolicyDecision: Sendable, Equatable {
    public var destination: String
    /// The payload to deliver, or nil when nothing at all may reach this destination.
    public var payload: Payload?
    public var disclosed: Set<DataCategory>
    public var withheld: Set<DataCategory>
    public var withheldFields: [String]

    public var isDenied: Bool { payload == nil }
}
