/// The kind of personal data a field holds; the access policy allows or removes fields by category.
public enum DataCategory: String, CaseIterable, Codable, Sendable, Comparable {
    case identity
    case contact
    case measure
    case decision
    case penalRecord = "penal-record"
    case monitoring
    case agenda
    case report
    case interview
    case note
    case evaluation

    public static func < (lhs: DataCategory, rhs: DataCategory) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
