import Foundation

/// French words and numbers for a moment in a given time zone, independent of the machine's locale.
public struct FrenchDateText: Equatable, Sendable {
    /// `mardi`.
    public let weekday: String
    /// `03/03/2026`.
    public let date: String
    /// `3 mars 2026`.
    public let longDate: String
    /// `14h30`, `9h05`.
    public let time: String

    static let weekdays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    static let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                         "octobre", "novembre", "décembre"]

    /// The words for `moment` as a clock in `timeZone` shows it (the appointment place's zone, SMS rules N5).
    public init(_ moment: Date, in timeZone: TimeZone) {
        let parts = CalendarDay.gregorian(timeZone).dateComponents([.year, .month, .day, .hour, .minute], from: moment)
        // A Gregorian calendar always yields these components.
        let day = CalendarDay(parts.year!, parts.month!, parts.day!)
        weekday = Self.weekdays[day.isoWeekday - 1]
        date = String(format: "%02d/%02d/%04d", day.day, day.month, day.year)
        longDate = "\(day.day == 1 ? "1er" : String(day.day)) \(Self.months[day.month - 1]) \(day.year)"
        time = String(format: "%dh%02d", parts.hour!, parts.minute!)
    }
}
