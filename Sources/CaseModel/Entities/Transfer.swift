import Foundation

/// A dessaisissement: a case handed from one SPIP/SAP to another, including between APPI and PRISME.
public struct Transfer: Classified, Hashable {
    public var id: UUID
    public var measureRef: UUID?
    public var personRef: UUID?
    public var fromService: String
    public var toService: String
    public var state: TransferState
    public var decisionDate: LocalDate?

    public init(
        id: UUID, measureRef: UUID? = nil, personRef: UUID? = nil, fromService: String, toService: String,
        state: TransferState, decisionDate: LocalDate? = nil
    ) {
        self.id = id
        self.measureRef = measureRef
        self.personRef = personRef
        self.fromService = fromService
        self.toService = toService
        self.state = state
        self.decisionDate = decisionDate
    }

    /// The stored properties of `Transfer`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case id, measureRef, personRef, fromService, toService, state, decisionDate

        public var category: DataCategory {
            switch self {
            case .id, .measureRef, .personRef, .fromService, .toService, .state, .decisionDate: .measure
            }
        }
    }
}

/// The state of a transfer, with MSJ's values: `pending → accepted | auto_accepted | refused`.
public enum TransferState: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case pending
    case accepted
    case autoAccepted = "auto_accepted"
    case refused
}
