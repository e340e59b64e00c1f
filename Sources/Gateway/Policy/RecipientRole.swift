import CaseModel

/// The kind of organisation a destination belongs to; it decides which data categories may reach it.
public enum RecipientRole: String, CaseIterable, Codable, Sendable {
    case spip
    case jap
    case parquet
    case prisonDirector = "prison-director"
    case monitoringCentre = "monitoring-centre"
    case association
    case smsProvider = "sms-provider"

    /// The hard floor (docs/data-protection.md): the most a role may ever receive. Configuration can only narrow it.
    public var ceiling: Set<DataCategory> {
        switch self {  // no default: a new role does not compile until it has a ceiling
        case .spip:
            return Set(DataCategory.allCases)
        case .jap:
            return [.identity, .contact, .measure, .decision, .penalRecord, .monitoring, .report, .agenda]
        case .parquet:
            return [.identity, .measure, .decision, .penalRecord, .report]
        case .prisonDirector:
            return [.identity, .measure, .decision, .penalRecord, .report]
        case .monitoringCentre:
            return [.identity, .measure, .monitoring]
        case .association:
            return []
        case .smsProvider:
            return [.contact]
        }
    }

    /// Categories that never leave the probation service, whatever the configuration says (rules A1, A6).
    public static let spipOnly: Set<DataCategory> = [.interview, .note, .evaluation]
}
