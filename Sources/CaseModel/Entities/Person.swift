import Foundation

/// The person under a judicial measure (PPSMJ). No NIR is ever stored; minors are not followed.
public struct Person: Classified, Hashable {
    public var id: UUID
    public var nom: String
    public var nomUsage: String?
    public var prenoms: [String]
    public var sexe: Sexe?
    public var dateNaissance: LocalDate?
    public var lieuNaissance: String?
    public var aliases: [String]?
    public var commune: String?
    public var sansDomicileFixe: Bool?
    /// Lives abroad.
    public var residenceEtranger: Bool?
    /// Mobile number in E.164 form, e.g. `+33612345678`.
    public var mobile: String?
    public var smsConsent: SmsConsent?

    public init(
        id: UUID, nom: String, nomUsage: String? = nil, prenoms: [String], sexe: Sexe? = nil,
        dateNaissance: LocalDate? = nil, lieuNaissance: String? = nil, aliases: [String]? = nil,
        commune: String? = nil, sansDomicileFixe: Bool? = nil, residenceEtranger: Bool? = nil,
        mobile: String? = nil, smsConsent: SmsConsent? = nil
    ) {
        self.id = id
        self.nom = nom
        self.nomUsage = nomUsage
        self.prenoms = prenoms
        self.sexe = sexe
        self.dateNaissance = dateNaissance
        self.lieuNaissance = lieuNaissance
        self.aliases = aliases
        self.commune = commune
        self.sansDomicileFixe = sansDomicileFixe
        self.residenceEtranger = residenceEtranger
        self.mobile = mobile
        self.smsConsent = smsConsent
    }

    /// The stored properties of `Person`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case id, nom, nomUsage, prenoms, sexe, dateNaissance, lieuNaissance, aliases, commune
        case sansDomicileFixe, residenceEtranger, mobile, smsConsent

        public var category: DataCategory {
            switch self {
            case .id, .nom, .nomUsage, .prenoms, .sexe, .dateNaissance, .lieuNaissance, .aliases,
                 .commune, .sansDomicileFixe, .residenceEtranger:
                .identity
            case .mobile, .smsConsent:
                .contact
            }
        }
    }
}

/// Sex as recorded in the civil-status data of the source system.
public enum Sexe: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case masculin = "M"
    case feminin = "F"
}

/// Whether the person agreed to receive SMS reminders.
public enum SmsConsent: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case accepted
    case refused
    case noPhone
}
