import Foundation

/// The record of an interview (entretien) between the CPIP and the person; never leaves the SPIP.
public struct Interview: Classified, Hashable {
    public var id: UUID
    public var author: String
    public var date: Date
    public var text: String

    public init(id: UUID, author: String, date: Date, text: String) {
        self.id = id
        self.author = author
        self.date = date
        self.text = text
    }

    /// The stored properties of `Interview`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case id, author, date, text

        public var category: DataCategory {
            switch self {
            case .id, .author, .date, .text: .interview
            }
        }
    }
}
