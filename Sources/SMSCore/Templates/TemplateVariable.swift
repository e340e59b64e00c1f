/// The names a template may use, and nothing else: each maps to one field of `AppointmentFacts`.
public enum TemplateVariable: String, CaseIterable, Sendable {
    /// `mardi`
    case jour
    /// `03/03/2026`
    case date
    /// `3 mars 2026`
    case dateLongue = "date_longue"
    /// `14h30`
    case heure
    case lieu
    case adresse
    /// `une pièce d'identité et votre convocation`
    case aApporter = "a_apporter"
    /// The service's number, `01 23 45 67 89`.
    case contact
    case ancienJour = "ancien_jour"
    case ancienneDate = "ancienne_date"
    case ancienneHeure = "ancienne_heure"

    /// The values of `facts`; a variable without a value is absent.
    static func values(_ facts: AppointmentFacts) throws(TemplateError) -> [TemplateVariable: String] {
        let when = FrenchDateText(facts.start, in: facts.timeZone)
        var values: [TemplateVariable: String] = [
            .jour: when.weekday, .date: when.date, .dateLongue: when.longDate, .heure: when.time,
            .adresse: try field(facts.address, .adresse, limit: FieldLimits.address),
        ]
        if let name = facts.placeName, !name.allSatisfy(\.isWhitespace) {
            values[.lieu] = try field(name, .lieu, limit: FieldLimits.placeName)
        }
        guard facts.bring.count <= FieldLimits.itemsToBring else {
            throw .tooManyItems(facts.bring.count, limit: FieldLimits.itemsToBring)
        }
        values[.aApporter] = ItemToBring.list(facts.bring)
        values[.contact] = facts.contact?.national
        if let previous = facts.previousStart {
            let before = FrenchDateText(previous, in: facts.timeZone)
            values[.ancienJour] = before.weekday
            values[.ancienneDate] = before.date
            values[.ancienneHeure] = before.time
        }
        return values
    }

    private static func field(_ value: String, _ variable: TemplateVariable, limit: Int) throws(TemplateError) -> String {
        let clean: String
        do {
            clean = try SMSTextSanitiser.sanitiseField(value)
        } catch {
            throw .invalidField(variable, error)
        }
        guard clean.count <= limit else { throw .fieldTooLong(variable, limit: limit) }
        return clean
    }
}

/// Caps on the free-text fields, so that a template's worst case can be checked when it is written.
public enum FieldLimits {
    public static let placeName = 30
    public static let address = 80
    public static let itemsToBring = 2
}
