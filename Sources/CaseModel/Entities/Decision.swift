import Foundation

/// A court or judge's decision in a case; one `Affaire` has many.
public struct Decision: Classified, Hashable {
    public var id: UUID
    public var kind: DecisionKind
    public var court: String
    public var date: LocalDate
    /// No appeal is possible any more.
    public var final: Bool
    /// Version in the source system, when it versions decisions.
    public var version: Int?
    public var peines: [Peine]

    public init(id: UUID, kind: DecisionKind, court: String, date: LocalDate, final: Bool, version: Int? = nil, peines: [Peine]) {
        self.id = id
        self.kind = kind
        self.court = court
        self.date = date
        self.final = final
        self.version = version
        self.peines = peines
    }

    /// The stored properties of `Decision`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case id, kind, court, date, final, version, peines

        public var category: DataCategory {
            switch self {
            case .id, .kind, .court, .date, .final, .version, .peines: .decision
            }
        }
    }
}

/// The form of a decision.
public enum DecisionKind: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case jugement
    case arret
    case ordonnanceJap
    case jugementJap
    case homologationCrpc
    case ordonnancePenale
}

/// A sentence pronounced by a decision; a measure to follow refers to its `MeasureType`.
public struct Peine: Classified, Hashable {
    /// E.g. `emprisonnement avec sursis probatoire`.
    public var label: String
    public var measureType: MeasureType?
    /// Length or amount as pronounced, e.g. `18 mois dont 12 avec sursis probatoire pendant 2 ans`.
    public var quantum: String?

    public init(label: String, measureType: MeasureType? = nil, quantum: String? = nil) {
        self.label = label
        self.measureType = measureType
        self.quantum = quantum
    }

    /// The stored properties of `Peine`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case label, measureType, quantum

        public var category: DataCategory {
            switch self {
            case .label, .measureType, .quantum: .decision
            }
        }
    }
}
