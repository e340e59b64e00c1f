/// The content of a message: optional sections, each a canonical entity (or a list of them).
public struct Payload: Classified, Hashable {
    public var person: Person?
    public var affaire: Affaire?
    public var decision: Decision?
    public var measure: Measure?
    public var appointment: Appointment?
    public var report: Report?
    public var interviews: [Interview]?
    public var notes: [Note]?
    public var evaluation: Evaluation?
    public var penalRecord: PenalRecordSnapshot?
    public var placement: MonitoringPlacement?
    public var monitoringEvent: MonitoringEvent?
    public var transfer: Transfer?
    public var custodyMovement: CustodyMovement?
    public var smsNotification: SMSNotificationReport?

    public init(
        person: Person? = nil, affaire: Affaire? = nil, decision: Decision? = nil, measure: Measure? = nil,
        appointment: Appointment? = nil, report: Report? = nil, interviews: [Interview]? = nil,
        notes: [Note]? = nil, evaluation: Evaluation? = nil, penalRecord: PenalRecordSnapshot? = nil,
        placement: MonitoringPlacement? = nil, monitoringEvent: MonitoringEvent? = nil,
        transfer: Transfer? = nil, custodyMovement: CustodyMovement? = nil,
        smsNotification: SMSNotificationReport? = nil
    ) {
        self.person = person
        self.affaire = affaire
        self.decision = decision
        self.measure = measure
        self.appointment = appointment
        self.report = report
        self.interviews = interviews
        self.notes = notes
        self.evaluation = evaluation
        self.penalRecord = penalRecord
        self.placement = placement
        self.monitoringEvent = monitoringEvent
        self.transfer = transfer
        self.custodyMovement = custodyMovement
        self.smsNotification = smsNotification
    }

    public typealias Field = Section

    /// A section of the payload; its category gates the whole section, its entity's fields gate the rest.
    public enum Section: String, CaseIterable, Sendable, ClassifiedField {
        case person, affaire, decision, measure, appointment, report, interviews, notes, evaluation
        case penalRecord, placement, monitoringEvent, transfer, custodyMovement, smsNotification

        public var category: DataCategory {
            switch self {
            case .person: .identity
            case .affaire, .decision: .decision
            case .measure, .transfer: .measure
            case .appointment, .smsNotification: .agenda
            case .report: .report
            case .interviews: .interview
            case .notes: .note
            case .evaluation: .evaluation
            case .penalRecord, .custodyMovement: .penalRecord
            case .placement, .monitoringEvent: .monitoring
            }
        }
    }

    /// The categories of every section and every field that holds a value.
    ///
    /// Nested values (an appointment's place, a measure's obligations) count under the category
    /// of the field that holds them.
    public var categories: Set<DataCategory> {
        var found = Set<DataCategory>()
        func collect<E: Classified>(_ section: Section, _ value: E?) {
            guard let value else { return }
            found.insert(section.category)
            if let members = FieldInspection.members(of: value) {
                found.formUnion(members.map(\.field.category))
            } else {
                found.formUnion(E.Field.allCases.map(\.category))
            }
        }
        func collect<E: Classified>(_ section: Section, _ values: [E]?) {
            guard let values else { return }
            found.insert(section.category)
            for value in values { collect(section, value) }
        }
        for section in Section.allCases {
            switch section {
            case .person: collect(section, person)
            case .affaire: collect(section, affaire)
            case .decision: collect(section, decision)
            case .measure: collect(section, measure)
            case .appointment: collect(section, appointment)
            case .report: collect(section, report)
            case .interviews: collect(section, interviews)
            case .notes: collect(section, notes)
            case .evaluation: collect(section, evaluation)
            case .penalRecord: collect(section, penalRecord)
            case .placement: collect(section, placement)
            case .monitoringEvent: collect(section, monitoringEvent)
            case .transfer: collect(section, transfer)
            case .custodyMovement: collect(section, custodyMovement)
            case .smsNotification: collect(section, smsNotification)
            }
        }
        return found
    }
}
