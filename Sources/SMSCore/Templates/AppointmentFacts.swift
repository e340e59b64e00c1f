import Foundation

/// Everything an SMS may say about an appointment (SMS rules C1): when, where, what to bring, whom to call.
///
/// There is deliberately no field for the person, the offence, the measure, the case or any free note: what is
/// not here cannot reach a template (C2). Place and address are free text from the home system, so they are
/// sanitised and capped in length when rendered.
public struct AppointmentFacts: Sendable, Equatable {
    public var start: Date
    /// The place's time zone: the time is shown as the place's clocks show it (SMS rules N5).
    public var timeZone: TimeZone
    /// A short name of the place, e.g. `Antenne de Nanterre`; optional.
    public var placeName: String?
    public var address: String
    public var bring: [ItemToBring]
    /// The service's number, shown in national form; a landline is fine here.
    public var contact: PhoneNumber?
    /// For a reschedule notice: when the appointment was before.
    public var previousStart: Date?

    public init(start: Date, timeZone: TimeZone, placeName: String? = nil, address: String, bring: [ItemToBring] = [],
                contact: PhoneNumber? = nil, previousStart: Date? = nil) {
        self.start = start
        self.timeZone = timeZone
        self.placeName = placeName
        self.address = address
        self.bring = bring
        self.contact = contact
        self.previousStart = previousStart
    }
}

/// Things a person may be asked to bring, from a closed list: free text could reveal the measure
/// ("le chargeur du bracelet").
public enum ItemToBring: String, CaseIterable, Sendable, Codable {
    case identityDocument = "identity-document"
    case convocation
    case proofOfAddress = "proof-of-address"
    case proofOfIncome = "proof-of-income"

    /// The words in the SMS.
    public var text: String {
        switch self {
        case .identityDocument: "une pièce d'identité"
        case .convocation: "votre convocation"
        case .proofOfAddress: "un justificatif de domicile"
        case .proofOfIncome: "vos justificatifs de ressources"
        }
    }

    /// `a`, `a et b`, `a, b et c`.
    static func list(_ items: [ItemToBring]) -> String? {
        var seen = Set<ItemToBring>()
        let words = items.filter { seen.insert($0).inserted }.map(\.text)
        guard let last = words.last else { return nil }
        return words.count == 1 ? last : words.dropLast().joined(separator: ", ") + " et " + last
    }
}
