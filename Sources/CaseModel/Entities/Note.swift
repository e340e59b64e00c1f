import Foundation

/// A CPIP's working note on a case; never leaves the SPIP.
public struct Note: Classified, Hashable {
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

    /// The stored properties of `Note`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case id, author, date, text

        public var category: DataCategory {
            switch self {
            case .id, .author, .date, .text: .note
            }
        }
    }
}
