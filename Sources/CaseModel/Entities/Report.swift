import Foundation

/// A report from the SPIP to the JAP, validated by the DPIP before it leaves the service.
public struct Report: Classified, Hashable {
    public var id: UUID
    public var type: ReportType
    public var author: String
    public var state: ReportState
    public var title: String?
    public var body: String
    public var submittedAt: Date?

    public init(id: UUID, type: ReportType, author: String, state: ReportState, title: String? = nil, body: String, submittedAt: Date? = nil) {
        self.id = id
        self.type = type
        self.author = author
        self.state = state
        self.title = title
        self.body = body
        self.submittedAt = submittedAt
    }

    /// The stored properties of `Report`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case id, type, author, state, title, body, submittedAt

        public var category: DataCategory {
            switch self {
            case .id, .type, .author, .state, .title, .body, .submittedAt: .report
            }
        }
    }
}

/// What a report is about.
public enum ReportType: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case evaluation
    case incident
    case endOfMeasure
    case investigation
}

/// The round trip of a report: `draft → validated (DPIP) → sentToJap → acknowledged | decided`.
public enum ReportState: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case draft
    case validated
    case sentToJap
    case acknowledged
    case decided
}
