import Foundation

/// A read-only, versioned copy of a detainee's fiche pénale as GENESIS holds it.
public struct PenalRecordSnapshot: Classified, Hashable {
    public var numeroEcrouInitial: String
    public var numeroEcrouActuel: String
    public var etablissement: String
    public var dateEcrou: LocalDate
    /// Detention titles, e.g. `mandat de dépôt`, `jugement du TJ de Nancy`.
    public var titres: [String]
    public var condamnations: [Condamnation]
    /// Days of pre-trial detention deducted from the sentence.
    public var detentionProvisoireImputee: Int?
    public var reductions: [SentenceReduction]?
    public var dateFinPeine: LocalDate?
    /// Date prévisible de libération.
    public var dpl: LocalDate?
    public var amenagements: [String]?
    public var incidents: [Incident]?
    /// Increases with every change in GENESIS; a snapshot never replaces a newer one.
    public var version: Int
    /// When GENESIS last changed the record.
    public var updatedAt: Date?
    /// The fields (their JSON keys) that differ from the previous snapshot; absent on the first one.
    public var changedFields: [String]?

    public init(
        numeroEcrouInitial: String, numeroEcrouActuel: String, etablissement: String, dateEcrou: LocalDate,
        titres: [String], condamnations: [Condamnation], detentionProvisoireImputee: Int? = nil,
        reductions: [SentenceReduction]? = nil, dateFinPeine: LocalDate? = nil, dpl: LocalDate? = nil,
        amenagements: [String]? = nil, incidents: [Incident]? = nil, version: Int, updatedAt: Date? = nil,
        changedFields: [String]? = nil
    ) {
        self.numeroEcrouInitial = numeroEcrouInitial
        self.numeroEcrouActuel = numeroEcrouActuel
        self.etablissement = etablissement
        self.dateEcrou = dateEcrou
        self.titres = titres
        self.condamnations = condamnations
        self.detentionProvisoireImputee = detentionProvisoireImputee
        self.reductions = reductions
        self.dateFinPeine = dateFinPeine
        self.dpl = dpl
        self.amenagements = amenagements
        self.incidents = incidents
        self.version = version
        self.updatedAt = updatedAt
        self.changedFields = changedFields
    }

    /// The stored properties of `PenalRecordSnapshot`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case numeroEcrouInitial, numeroEcrouActuel, etablissement, dateEcrou, titres, condamnations
        case detentionProvisoireImputee, reductions, dateFinPeine, dpl, amenagements, incidents, version
        case updatedAt, changedFields

        public var category: DataCategory {
            switch self {
            case .numeroEcrouInitial, .numeroEcrouActuel, .etablissement, .dateEcrou, .titres, .condamnations,
                 .detentionProvisoireImputee, .reductions, .dateFinPeine, .dpl, .amenagements, .incidents, .version,
                 .updatedAt, .changedFields:
                .penalRecord
            }
        }
    }
}

/// A conviction on a fiche pénale.
public struct Condamnation: Classified, Hashable {
    public var natinf: [Int]
    public var juridiction: String?
    public var date: LocalDate?
    /// The sentence as pronounced, e.g. `2 ans d'emprisonnement`.
    public var quantum: String

    public init(natinf: [Int], juridiction: String? = nil, date: LocalDate? = nil, quantum: String) {
        self.natinf = natinf
        self.juridiction = juridiction
        self.date = date
        self.quantum = quantum
    }

    /// The stored properties of `Condamnation`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case natinf, juridiction, date, quantum

        public var category: DataCategory {
            switch self {
            case .natinf, .juridiction, .date, .quantum: .penalRecord
            }
        }
    }
}

/// A sentence reduction: automatic credit (CRP, before 2023) or granted by the JAP (RPS).
public struct SentenceReduction: Classified, Hashable {
    public var kind: ReductionKind
    public var days: Int
    public var grantedOn: LocalDate?

    public init(kind: ReductionKind, days: Int, grantedOn: LocalDate? = nil) {
        self.kind = kind
        self.days = days
        self.grantedOn = grantedOn
    }

    /// The stored properties of `SentenceReduction`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case kind, days, grantedOn

        public var category: DataCategory {
            switch self {
            case .kind, .days, .grantedOn: .penalRecord
            }
        }
    }
}

/// Crédit de réduction de peine, réduction de peine supplémentaire, réduction de sûreté, or a CRP withdrawn.
public enum ReductionKind: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case crp = "CRP"
    case rps = "RPS"
    /// Réduction supplémentaire de la peine (as GENESIS names the JAP's reductions since 2023).
    case rsp = "RSP"
    /// A CRP withdrawn by the JAP (bad conduct); its days count against the person.
    case retraitCrp = "RETRAIT_CRP"
}

/// A disciplinary incident recorded during detention.
public struct Incident: Classified, Hashable {
    public var date: LocalDate
    public var label: String

    public init(date: LocalDate, label: String) {
        self.date = date
        self.label = label
    }

    /// The stored properties of `Incident`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case date, label

        public var category: DataCategory {
            switch self {
            case .date, .label: .penalRecord
            }
        }
    }
}
