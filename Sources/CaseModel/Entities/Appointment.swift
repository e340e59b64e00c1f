import Foundation

/// A convocation of the person by the SPIP or the JAP; place and time are mandatory.
public struct Appointment: Classified, Hashable {
    public var id: UUID
    /// The MSJ type label, e.g. `Convocation de suivi SPIP`, `Placement TIG/TNR` (domain reference §4.3).
    public var type: String
    public var start: Date
    /// IANA time zone of the place, e.g. `Europe/Paris`, `Indian/Reunion`.
    public var timeZone: String
    public var place: Place
    public var service: String
    public var agent: String?
    public var state: AppointmentState
    /// Why it was made, e.g. `sortie d'audience`, `741-1`, `suivi`.
    public var origin: String?

    public init(
        id: UUID, type: String, start: Date, timeZone: String, place: Place, service: String,
        agent: String? = nil, state: AppointmentState, origin: String? = nil
    ) {
        self.id = id
        self.type = type
        self.start = start
        self.timeZone = timeZone
        self.place = place
        self.service = service
        self.agent = agent
        self.state = state
        self.origin = origin
    }

    /// The stored properties of `Appointment`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case id, type, start, timeZone, place, service, agent, state, origin

        public var category: DataCategory {
            switch self {
            case .id, .type, .start, .timeZone, .place, .service, .agent, .state, .origin: .agenda
            }
        }
    }
}

/// Where an appointment takes place, as the person must be told.
public struct Place: Classified, Hashable {
    public var name: String
    public var address: String
    public var phone: String?
    public var contact: String?
    public var infoLink: String?

    public init(name: String, address: String, phone: String? = nil, contact: String? = nil, infoLink: String? = nil) {
        self.name = name
        self.address = address
        self.phone = phone
        self.contact = contact
        self.infoLink = infoLink
    }

    /// The stored properties of `Place`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case name, address, phone, contact, infoLink

        public var category: DataCategory {
            switch self {
            case .name, .address, .phone, .contact, .infoLink: .agenda
            }
        }
    }
}

/// The state of an appointment, with MSJ's production values:
/// `created → booked → fulfiled | no_show | excused | canceled`.
public enum AppointmentState: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case created
    case booked
    case fulfiled
    case noShow = "no_show"
    case excused
    case canceled
}
