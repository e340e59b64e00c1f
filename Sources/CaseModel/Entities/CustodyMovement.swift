import Foundation

/// A movement in the committal register reported by GENESIS (écrou, levée d'écrou, transfer…).
public struct CustodyMovement: Classified, Hashable {
    public var type: CustodyMovementType
    public var numeroEcrou: String
    public var etablissement: String
    public var at: Date
    /// True when the establishment code is not one the gateway knows (a new or renamed establishment): passed on
    /// as received, for the home system to resolve.
    public var etablissementInconnu: Bool?
    /// Écrou: the detention title (`MANDAT_DEPOT`, `JUGEMENT`…).
    public var titreDetention: String?
    /// Levée d'écrou: why (`FIN_PEINE`, `LIBERATION_CONDITIONNELLE`…).
    public var motif: String?
    /// Transfer: where the person goes, and their écrou number there if they got a new one.
    public var etablissementDestination: String?
    public var nouveauNumeroEcrou: String?
    /// Hospitalisation: where the person was taken.
    public var lieu: String?
    /// Return: the GENESIS id of the hospitalisation or escape it ends.
    public var mouvementTermine: String?

    public init(type: CustodyMovementType, numeroEcrou: String, etablissement: String, at: Date,
                etablissementInconnu: Bool? = nil, titreDetention: String? = nil, motif: String? = nil,
                etablissementDestination: String? = nil, nouveauNumeroEcrou: String? = nil, lieu: String? = nil,
                mouvementTermine: String? = nil) {
        self.type = type
        self.numeroEcrou = numeroEcrou
        self.etablissement = etablissement
        self.at = at
        self.etablissementInconnu = etablissementInconnu
        self.titreDetention = titreDetention
        self.motif = motif
        self.etablissementDestination = etablissementDestination
        self.nouveauNumeroEcrou = nouveauNumeroEcrou
        self.lieu = lieu
        self.mouvementTermine = mouvementTermine
    }

    /// The stored properties of `CustodyMovement`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case type, numeroEcrou, etablissement, at, etablissementInconnu, titreDetention, motif
        case etablissementDestination, nouveauNumeroEcrou, lieu, mouvementTermine

        public var category: DataCategory {
            switch self {
            case .type, .numeroEcrou, .etablissement, .at, .etablissementInconnu, .titreDetention, .motif,
                 .etablissementDestination, .nouveauNumeroEcrou, .lieu, .mouvementTermine: .penalRecord
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
