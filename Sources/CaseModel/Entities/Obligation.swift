/// An obligation or prohibition attached to a measure (CP 132-44 general, 132-45 specific).
public struct Obligation: Classified, Hashable {
    /// E.g. `132-45-1` (care), `132-45-5` (compensate the victim).
    public var code: String
    public var label: String
    /// Date by which the person must bring proof.
    public var proofDeadline: LocalDate?
    public var status: ObligationStatus?

    public init(code: String, label: String, proofDeadline: LocalDate? = nil, status: ObligationStatus? = nil) {
        self.code = code
        self.label = label
        self.proofDeadline = proofDeadline
        self.status = status
    }

    /// The stored properties of `Obligation`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case code, label, proofDeadline, status

        public var category: DataCategory {
            switch self {
            case .code, .label, .proofDeadline, .status: .measure
            }
        }
    }
}

/// Whether an obligation has been proven.
public enum ObligationStatus: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case pending
    case proven
    case breached
}
