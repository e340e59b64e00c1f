import Foundation

/// A movement in the committal register reported by GENESIS (écrou, levée d'écrou, transfer…).
public struct CustodyMovement: Classified, Hashable {
    public var type: CustodyMovementType
    public var numeroEcrou: String
    public var etablissement: String
    public var at: Date

    public init(type: CustodyMovementType, numeroEcrou: String, etablissement: String, at: Date) {
        self.type = type
        self.numeroEcrou = numeroEcrou
        self.etablissement = etablissement
        self.at = at
    }

    /// The stored properties of `CustodyMovement`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case type, numeroEcrou, etablissement, at

        public var category: DataCategory {
            switch self {
            case .type, .numeroEcrou, .etablissement, .at: .penalRecord
            }
        }
    }
}

/// The kind of custody movement.
public enum CustodyMovementType: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case ecrou
    case leveeEcrou
    case transfer
    case hospitalisation
    case escape
    /// Réintégration: back in custody after an escape or a leave.
    case reintegration = "return"
}
