/// One public holiday.
public struct PublicHoliday: Hashable, Sendable {
    public let day: CalendarDay
    /// The French name, e.g. `Lundi de Pâques`.
    public let name: String
}

/// French public holidays per region (SMS rules §7): the national list of the code du travail (L3133-1), the two
/// Alsace-Moselle days and each overseas territory's abolition-of-slavery day (décret 83-1003 as amended).
public enum PublicHolidays {
    /// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").
    public static func easterSunday(_ year: Int) -> CalendarDay {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDay(year, month, day)
    }

    /// The holidays of `year` in `region`, in date order.
    public static func holidays(_ year: Int, in region: HolidayRegion) -> [PublicHoliday] {
        let easter = easterSunday(year)
        var days = [
            PublicHoliday(day: CalendarDay(year, 1, 1), name: "Jour de l'an"),
            PublicHoliday(day: easter.adding(days: 1), name: "Lundi de Pâques"),
            PublicHoliday(day: CalendarDay(year, 5, 1), name: "Fête du travail"),
            PublicHoliday(day: CalendarDay(year, 5, 8), name: "Victoire 1945"),
            PublicHoliday(day: easter.adding(days: 39), name: "Ascension"),
            PublicHoliday(day: easter.adding(days: 50), name: "Lundi de Pentecôte"),
            PublicHoliday(day: CalendarDay(year, 7, 14), name: "Fête nationale"),
            PublicHoliday(day: CalendarDay(year, 8, 15), name: "Assomption"),
            PublicHoliday(day: CalendarDay(year, 11, 1), name: "Toussaint"),
            PublicHoliday(day: CalendarDay(year, 11, 11), name: "Armistice"),
            PublicHoliday(day: CalendarDay(year, 12, 25), name: "Noël"),
        ]
        days += local(year, easter: easter, region: region)
        return days.sorted { $0.day < $1.day }
    }

    /// The holiday on `day` in `region`, if any.
    public static func holiday(on day: CalendarDay, in region: HolidayRegion) -> PublicHoliday? {
        holidays(day.year, in: region).first { $0.day == day }
    }

    private static func local(_ year: Int, easter: CalendarDay, region: HolidayRegion) -> [PublicHoliday] {
        let abolition = "Abolition de l'esclavage"
        switch region {
        case .metropolitanFrance, .saintPierreEtMiquelon:
            return []
        case .alsaceMoselle:
            return [PublicHoliday(day: easter.adding(days: -2), name: "Vendredi saint"),
                    PublicHoliday(day: CalendarDay(year, 12, 26), name: "Saint-Étienne")]
        case .mayotte: return [PublicHoliday(day: CalendarDay(year, 4, 27), name: abolition)]
        case .martinique: return [PublicHoliday(day: CalendarDay(year, 5, 22), name: abolition)]
        case .guadeloupe: return [PublicHoliday(day: CalendarDay(year, 5, 27), name: abolition)]
        // SMS rules §7 notes that the 2012 decree text reads 27 May; 28 May is the date the territory observes.
        case .saintMartin: return [PublicHoliday(day: CalendarDay(year, 5, 28), name: abolition)]
        case .guyane: return [PublicHoliday(day: CalendarDay(year, 6, 10), name: abolition)]
        case .saintBarthelemy: return [PublicHoliday(day: CalendarDay(year, 10, 9), name: abolition)]
        case .reunion: return [PublicHoliday(day: CalendarDay(year, 12, 20), name: abolition)]
        }
    }
}
