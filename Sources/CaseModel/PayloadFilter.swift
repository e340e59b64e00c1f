/// A payload cut down for one recipient, and what was cut.
public struct PolicyCut: Sendable, Hashable {
    public var payload: Payload
    /// Every field or section removed, in payload order.
    public var removed: [RemovedField]

    public init(payload: Payload, removed: [RemovedField]) {
        self.payload = payload
        self.removed = removed
    }
}

/// A field or section removed by the policy, e.g. `notes`, `person.mobile`, `interviews[0]`.
public struct RemovedField: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var category: DataCategory

    public init(path: String, category: DataCategory) {
        self.path = path
        self.category = category
    }

    public var description: String { "\(path) (\(category.rawValue))" }
}

extension Payload {
    /// This payload without any value whose category is not in `allowed`.
    ///
    /// The result is built from an empty payload: a section is copied only if its category is
    /// allowed, and then only with the fields whose category is allowed. A section that would
    /// lose a required field, or keep nothing, is removed whole. A value that cannot be inspected
    /// is removed (fail closed). Nested values follow the category of the field that holds them.
    public func filtered(allowing allowed: Set<DataCategory>) -> PolicyCut {
        var cutter = SectionCutter(allowed: allowed)
        var kept = Payload()
        for section in Section.allCases {
            switch section {
            case .person: kept.person = cutter.keep(section, person)
            case .affaire: kept.affaire = cutter.keep(section, affaire)
            case .decision: kept.decision = cutter.keep(section, decision)
            case .measure: kept.measure = cutter.keep(section, measure)
            case .appointment: kept.appointment = cutter.keep(section, appointment)
            case .report: kept.report = cutter.keep(section, report)
            case .interviews: kept.interviews = cutter.keep(section, interviews)
            case .notes: kept.notes = cutter.keep(section, notes)
            case .evaluation: kept.evaluation = cutter.keep(section, evaluation)
            case .penalRecord: kept.penalRecord = cutter.keep(section, penalRecord)
            case .placement: kept.placement = cutter.keep(section, placement)
            case .monitoringEvent: kept.monitoringEvent = cutter.keep(section, monitoringEvent)
            case .transfer: kept.transfer = cutter.keep(section, transfer)
            case .custodyMovement: kept.custodyMovement = cutter.keep(section, custodyMovement)
            case .smsNotification: kept.smsNotification = cutter.keep(section, smsNotification)
            }
        }
        return PolicyCut(payload: kept, removed: cutter.removed)
    }
}

/// Keeps the allowed part of each section and records what it leaves out.
private struct SectionCutter {
    let allowed: Set<DataCategory>
    private(set) var removed: [RemovedField] = []

    init(allowed: Set<DataCategory>) {
        self.allowed = allowed
    }

    mutating func keep<E: Classified>(_ section: Payload.Section, _ value: E?) -> E? {
        guard let value else { return nil }
        guard allowed.contains(section.category) else {
            remove(section.rawValue, section.category)
            return nil
        }
        return keepFields(of: value, at: section.rawValue, sectionCategory: section.category)
    }

    mutating func keep<E: Classified>(_ section: Payload.Section, _ values: [E]?) -> [E]? {
        guard let values else { return nil }
        guard allowed.contains(section.category) else {
            remove(section.rawValue, section.category)
            return nil
        }
        var kept: [E] = []
        for (index, value) in values.enumerated() {
            if let value = keepFields(of: value, at: "\(section.rawValue)[\(index)]", sectionCategory: section.category) {
                kept.append(value)
            }
        }
        return kept.isEmpty && !values.isEmpty ? nil : kept
    }

    /// `value` with only its allowed fields, or nil if what remains is not a valid `E`.
    private mutating func keepFields<E: Classified>(of value: E, at path: String, sectionCategory: DataCategory) -> E? {
        guard let members = FieldInspection.members(of: value) else {
            remove(path, sectionCategory)
            return nil
        }
        let denied = members.filter { !allowed.contains($0.field.category) }
        if denied.isEmpty { return value }
        for member in denied {
            remove("\(path).\(member.field.rawValue)", member.field.category)
        }
        let remaining = members.filter { allowed.contains($0.field.category) }
        guard !remaining.isEmpty,
              let reduced = try? StrictJSON.decode(E.self, from: .object(remaining.map { ($0.field.rawValue, $0.value) }))
        else {
            remove(path, sectionCategory)
            return nil
        }
        return reduced
    }

    private mutating func remove(_ path: String, _ category: DataCategory) {
        removed.append(RemovedField(path: path, category: category))
    }
}
