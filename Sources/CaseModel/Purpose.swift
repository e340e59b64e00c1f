/// Why data is exchanged (motif); recorded in the audit of every disclosure.
public enum Purpose: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case saisine
    case suivi
    case convocation
    case rapport
    case incident
    case dessaisissement
    case execution
    case surveillance
    case statistique
}
