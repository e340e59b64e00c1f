/// A criminal case as the parquet registers it in Cassiopée.
public struct Affaire: Classified, Hashable {
    public var numeroParquet: String
    /// The court (tribunal judiciaire), e.g. `TJ Thionville`.
    public var juridiction: String
    public var dateFaits: LocalDate?
    public var infractions: [Infraction]

    public init(numeroParquet: String, juridiction: String, dateFaits: LocalDate? = nil, infractions: [Infraction]) {
        self.numeroParquet = numeroParquet
        self.juridiction = juridiction
        self.dateFaits = dateFaits
        self.infractions = infractions
    }

    /// The stored properties of `Affaire`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case numeroParquet, juridiction, dateFaits, infractions

        public var category: DataCategory {
            switch self {
            case .numeroParquet, .juridiction, .dateFaits, .infractions: .decision
            }
        }
    }
}

/// An offence of a case, by its NATINF code.
public struct Infraction: Classified, Hashable {
    public var natinf: Int
    public var label: String
    public var nature: InfractionNature

    public init(natinf: Int, label: String, nature: InfractionNature) {
        self.natinf = natinf
        self.label = label
        self.nature = nature
    }

    /// The stored properties of `Infraction`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case natinf, label, nature

        public var category: DataCategory {
            switch self {
            case .natinf, .label, .nature: .decision
            }
        }
    }
}

/// Seriousness of an offence: contravention classes 1–5, délit, crime.
public enum InfractionNature: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case contravention1 = "C1"
    case contravention2 = "C2"
    case contravention3 = "C3"
    case contravention4 = "C4"
    case contravention5 = "C5"
    case delit = "D"
    case crime = "Cr"
}
