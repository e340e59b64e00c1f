/// A system of the justice information landscape that Passerelle talks to or refers to.
public enum SystemCode: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case appi = "APPI"
    case prisme = "PRISME"
    case genesis = "GENESIS"
    case cassiopee = "CASSIOPEE"
    case saphir = "SAPHIR"
    case msj = "MSJ"
    case dpn = "DPN"
    case sms = "SMS"
}

/// An identifier that another system gives to a person or a case, with its validity.
public struct ExternalRef: Classified, Hashable {
    public var system: SystemCode
    /// What the value identifies in that system, e.g. `numeroDossier`, `numeroEcrou`, `numeroParquet`.
    public var kind: String
    public var value: String
    public var site: String?
    public var validFrom: LocalDate?
    public var validTo: LocalDate?

    public init(system: SystemCode, kind: String, value: String, site: String? = nil, validFrom: LocalDate? = nil, validTo: LocalDate? = nil) {
        self.system = system
        self.kind = kind
        self.value = value
        self.site = site
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// The stored properties of `ExternalRef`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case system, kind, value, site, validFrom, validTo

        public var category: DataCategory {
            switch self {
            case .system, .kind, .value, .site, .validFrom, .validTo: .identity
            }
        }
    }
}
