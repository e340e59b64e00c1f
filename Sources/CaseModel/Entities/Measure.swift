import Foundation

/// A measure the SPIP follows (sursis probatoire, TIG, DDSE…), with its obligations and status.
///
/// May arrive `incomplete` from Cassiopée and be completed later.
public struct Measure: Classified, Hashable {
    public var id: UUID
    public var type: MeasureType
    /// Article of the code, e.g. `CP 132-40`.
    public var legalBasis: String?
    public var decisionRef: UUID?
    public var startDate: LocalDate?
    public var endDate: LocalDate?
    public var tigHours: Int?
    public var ddseDays: Int?
    public var obligations: [Obligation]
    public var prohibitions: [String]?
    public var jap: String?
    public var sap: String?
    public var spip: String?
    public var cpipReferent: String?
    public var status: MeasureStatus
    public var incomplete: Bool?

    public init(
        id: UUID, type: MeasureType, legalBasis: String? = nil, decisionRef: UUID? = nil,
        startDate: LocalDate? = nil, endDate: LocalDate? = nil, tigHours: Int? = nil, ddseDays: Int? = nil,
        obligations: [Obligation] = [], prohibitions: [String]? = nil, jap: String? = nil, sap: String? = nil,
        spip: String? = nil, cpipReferent: String? = nil, status: MeasureStatus, incomplete: Bool? = nil
    ) {
        self.id = id
        self.type = type
        self.legalBasis = legalBasis
        self.decisionRef = decisionRef
        self.startDate = startDate
        self.endDate = endDate
        self.tigHours = tigHours
        self.ddseDays = ddseDays
        self.obligations = obligations
        self.prohibitions = prohibitions
        self.jap = jap
        self.sap = sap
        self.spip = spip
        self.cpipReferent = cpipReferent
        self.status = status
        self.incomplete = incomplete
    }

    /// The stored properties of `Measure`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case id, type, legalBasis, decisionRef, startDate, endDate, tigHours, ddseDays, obligations
        case prohibitions, jap, sap, spip, cpipReferent, status, incomplete

        public var category: DataCategory {
            switch self {
            case .id, .type, .legalBasis, .decisionRef, .startDate, .endDate, .tigHours, .ddseDays,
                 .obligations, .prohibitions, .jap, .sap, .spip, .cpipReferent, .status, .incomplete:
                .measure
            }
        }
    }
}

/// The type of a measure (domain reference §4.1).
public enum MeasureType: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case sursisProbatoire = "SP"
    case sursisProbatoireRenforce = "SPR"
    case sursisProbatoirePartiel = "SP_PARTIEL"
    case tig = "TIG"
    case ddsePeine = "DDSE_PEINE"
    case ddseAmenagement = "DDSE_AMENAGEMENT"
    case semiLiberte = "SL"
    case placementExterieur = "PE"
    case liberationConditionnelle = "LC"
    case liberationSousContrainte = "LSC"
    case suiviSocioJudiciaire = "SSJ"
    case surveillanceJudiciaire = "SJ"
    case controleJudiciaire = "CJ"
    case arse = "ARSE"
    case bar = "BAR"
    case stage = "STAGE"
    case ajournementProbation = "AJOURNEMENT_PROBATION"
    case enquete = "ENQUETE"
    case suivi741_1 = "SUIVI_741_1"
}

/// Where a measure stands in its follow-up (domain reference §4.2).
public enum MeasureStatus: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case aPrendreEnCharge = "A_PRENDRE_EN_CHARGE"
    case enCours = "EN_COURS"
    case suspendue = "SUSPENDUE"
    case enDessaisissement = "EN_DESSAISISSEMENT"
    case terminee = "TERMINEE"
    case revoquee = "REVOQUEE"
    case archivee = "ARCHIVEE"
}
