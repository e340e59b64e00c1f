import Foundation

/// A structured evaluation of the person (DAVC-type tool); SPIP only.
public struct Evaluation: Classified, Hashable {
    public var id: UUID
    /// The evaluation tool, e.g. `DAVC`.
    public var tool: String
    public var author: String
    public var date: Date
    public var content: String

    public init(id: UUID, tool: String, author: String, date: Date, content: String) {
        self.id = id
        self.tool = tool
        self.author = author
        self.date = date
        self.content = content
    }

    /// The stored properties of `Evaluation`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case id, tool, author, date, content

        public var category: DataCategory {
            switch self {
            case .id, .tool, .author, .date, .content: .evaluation
            }
        }
    }
}
