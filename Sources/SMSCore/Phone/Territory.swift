import Foundation

/// A French territory with its own numbering code or time zone, as far as SMS sending cares.
///
/// Saint-Martin and Saint-Barthélemy share +590 and Guadeloupe's mobile prefixes, so a number alone says
/// `guadeloupe`; their own holidays come from where the person is followed (`HolidayRegion`).
public enum Territory: String, CaseIterable, Sendable, Codable {
    case metropolitanFrance = "FR"
    case guadeloupe = "GP"
    case saintBarthelemy = "BL"
    case saintMartin = "MF"
    case martinique = "MQ"
    case guyane = "GF"
    case reunion = "RE"
    case mayotte = "YT"
    case saintPierreEtMiquelon = "PM"

    /// The E.164 country code, without `+`.
    public var countryCode: String {
        switch self {
        case .metropolitanFrance: "33"
        case .guadeloupe, .saintBarthelemy, .saintMartin: "590"
        case .martinique: "596"
        case .guyane: "594"
        case .reunion, .mayotte: "262"
        case .saintPierreEtMiquelon: "508"
        }
    }

    /// The IANA time zone of the territory (SMS rules §5.2).
    public var timeZoneIdentifier: String {
        switch self {
        case .metropolitanFrance: "Europe/Paris"
        case .guadeloupe: "America/Guadeloupe"
        case .saintBarthelemy: "America/St_Barthelemy"
        case .saintMartin: "America/Marigot"
        case .martinique: "America/Martinique"
        case .guyane: "America/Cayenne"
        case .reunion: "Indian/Reunion"
        case .mayotte: "Indian/Mayotte"
        case .saintPierreEtMiquelon: "America/Miquelon"
        }
    }

    public var timeZone: TimeZone {
        // Every identifier above is in the IANA database that Foundation embeds.
        TimeZone(identifier: timeZoneIdentifier)!
    }

    /// The most segments an SMS to this territory may take: Saint-Pierre-et-Miquelon has no concatenation.
    public var segmentBudget: Int {
        self == .saintPierreEtMiquelon ? 1 : SMSComposer.defaultMaxSegments
    }

    /// The French name, for messages to people.
    public var name: String {
        switch self {
        case .metropolitanFrance: "France métropolitaine"
        case .guadeloupe: "Guadeloupe"
        case .saintBarthelemy: "Saint-Barthélemy"
        case .saintMartin: "Saint-Martin"
        case .martinique: "Martinique"
        case .guyane: "Guyane"
        case .reunion: "La Réunion"
        case .mayotte: "Mayotte"
        case .saintPierreEtMiquelon: "Saint-Pierre-et-Miquelon"
        }
    }
}
