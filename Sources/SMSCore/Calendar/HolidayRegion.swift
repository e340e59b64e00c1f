import Foundation

/// Where a person is followed, for public holidays and quiet hours: a territory, with Alsace-Moselle apart from
/// the rest of metropolitan France (its local law adds Good Friday and 26 December).
public enum HolidayRegion: String, CaseIterable, Sendable, Codable {
    case metropolitanFrance = "FR"
    case alsaceMoselle = "FR-AM"
    case guadeloupe = "GP"
    case saintBarthelemy = "BL"
    case saintMartin = "MF"
    case martinique = "MQ"
    case guyane = "GF"
    case reunion = "RE"
    case mayotte = "YT"
    case saintPierreEtMiquelon = "PM"

    /// The region of a territory; Alsace-Moselle must be chosen explicitly, since no phone number tells it.
    public init(_ territory: Territory) {
        switch territory {
        case .metropolitanFrance: self = .metropolitanFrance
        case .guadeloupe: self = .guadeloupe
        case .saintBarthelemy: self = .saintBarthelemy
        case .saintMartin: self = .saintMartin
        case .martinique: self = .martinique
        case .guyane: self = .guyane
        case .reunion: self = .reunion
        case .mayotte: self = .mayotte
        case .saintPierreEtMiquelon: self = .saintPierreEtMiquelon
        }
    }

    public var territory: Territory {
        switch self {
        case .metropolitanFrance, .alsaceMoselle: .metropolitanFrance
        case .guadeloupe: .guadeloupe
        case .saintBarthelemy: .saintBarthelemy
        case .saintMartin: .saintMartin
        case .martinique: .martinique
        case .guyane: .guyane
        case .reunion: .reunion
        case .mayotte: .mayotte
        case .saintPierreEtMiquelon: .saintPierreEtMiquelon
        }
    }

    public var timeZone: TimeZone { territory.timeZone }
}
