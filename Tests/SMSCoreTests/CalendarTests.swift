import Foundation
import SMSCore
import Testing

@Suite struct HolidayTests {
    @Test(arguments: [(2024, 3, 31), (2025, 4, 20), (2026, 4, 5), (2027, 3, 28), (2028, 4, 16), (2030, 4, 21),
                      (2038, 4, 25), (2000, 4, 23), (2019, 4, 21), (2011, 4, 24)])
    func easterMatchesKnownYears(year: Int, month: Int, day: Int) {
        #expect(PublicHolidays.easterSunday(year) == CalendarDay(year, month, day))
    }

    @Test func easterBasedHolidays() {
        let days2025 = Set(PublicHolidays.holidays(2025, in: .metropolitanFrance).map(\.day))
        #expect(days2025.contains(CalendarDay(2025, 4, 21)))  // Lundi de Pâques
        #expect(days2025.contains(CalendarDay(2025, 5, 29)))  // Ascension
        #expect(days2025.contains(CalendarDay(2025, 6, 9)))  // Lundi de Pentecôte
        #expect(days2025.count == 11)
        let days2026 = Set(PublicHolidays.holidays(2026, in: .metropolitanFrance).map(\.day))
        #expect(days2026.isSuperset(of: [CalendarDay(2026, 4, 6), CalendarDay(2026, 5, 14), CalendarDay(2026, 5, 25)]))
        let days2027 = Set(PublicHolidays.holidays(2027, in: .metropolitanFrance).map(\.day))
        #expect(days2027.isSuperset(of: [CalendarDay(2027, 3, 29), CalendarDay(2027, 5, 6), CalendarDay(2027, 5, 17)]))
        #expect(PublicHolidays.holiday(on: CalendarDay(2025, 5, 29), in: .reunion)?.name == "Ascension")
    }

    @Test func alsaceMoselleAddsGoodFridayAndSaintStephen() {
        #expect(PublicHolidays.holiday(on: CalendarDay(2025, 4, 18), in: .alsaceMoselle)?.name == "Vendredi saint")
        #expect(PublicHolidays.holiday(on: CalendarDay(2026, 4, 3), in: .alsaceMoselle)?.name == "Vendredi saint")
        #expect(PublicHolidays.holiday(on: CalendarDay(2025, 12, 26), in: .alsaceMoselle) != nil)
        #expect(PublicHolidays.holiday(on: CalendarDay(2025, 4, 18), in: .metropolitanFrance) == nil)
        #expect(PublicHolidays.holiday(on: CalendarDay(2025, 12, 26), in: .metropolitanFrance) == nil)
        #expect(PublicHolidays.holidays(2025, in: .alsaceMoselle).count == 13)
    }

    @Test(arguments: [(HolidayRegion.mayotte, 4, 27), (.martinique, 5, 22), (.guadeloupe, 5, 27), (.saintMartin, 5, 28),
                      (.guyane, 6, 10), (.saintBarthelemy, 10, 9), (.reunion, 12, 20)])
    func eachOverseasTerritoryHasItsAbolitionDay(region: HolidayRegion, month: Int, day: Int) {
        for year in [2025, 2026, 2027] {
            #expect(PublicHolidays.holiday(on: CalendarDay(year, month, day), in: region)?.name == "Abolition de l'esclavage")
            #expect(PublicHolidays.holiday(on: CalendarDay(year, month, day), in: .metropolitanFrance) == nil)
            let others = HolidayRegion.allCases.filter { $0 != region && $0 != .alsaceMoselle }
            for other in others where !(month == 5 && day == 27 && other == .saintMartin) {
                #expect(PublicHolidays.holiday(on: CalendarDay(year, month, day), in: other)?.name != "Abolition de l'esclavage")
            }
        }
        #expect(PublicHolidays.holidays(2026, in: .saintPierreEtMiquelon).count == 11)
    }

    @Test func weekdaysAreComputedWithoutTheLocale() {
        #expect(CalendarDay(2026, 3, 3).isoWeekday == 2)  // a Tuesday
        #expect(CalendarDay(2025, 3, 30).isSunday)
        #expect(CalendarDay(2024, 2, 28).adding(days: 1) == CalendarDay(2024, 2, 29))
        #expect(CalendarDay(2025, 12, 31).adding(days: 1) == CalendarDay(2026, 1, 1))
    }
}

@Suite struct SendingCalendarTests {
    let calendar = SendingCalendar()

    func instant(_ day: CalendarDay, _ hour: Int, _ minute: Int = 0, _ region: HolidayRegion) -> Date {
        day.at(hour: hour, minute: minute, in: region.timeZone)
    }

    @Test func reunionReminderMovesToTheNextAllowedTimeInReunionNotParis() throws {
        // Appointment on Tuesday 3 March 2026 at 09:00 in Réunion; the J-2 reminder falls on Sunday 1 March, 19:30.
        let appointment = instant(CalendarDay(2026, 3, 3), 9, 0, .reunion)
        let desired = instant(CalendarDay(2026, 3, 1), 19, 30, .reunion)
        let slot = try #require(calendar.nextAllowedSendTime(desired: desired, region: .reunion, appointment: appointment))
        #expect(slot.time == instant(CalendarDay(2026, 3, 2), 8, 0, .reunion))
        #expect(slot.time == Date(timeIntervalSince1970: 1_772_424_000))  // 2026-03-02T04:00:00Z
        #expect(slot.time != instant(CalendarDay(2026, 3, 2), 8, 0, .metropolitanFrance))
        #expect(slot.deferral == .sunday)
        #expect(!slot.restDayWaived)
    }

    @Test func quietHoursAreTheRecipientsOwn() throws {
        // 19:30 in Paris on a Monday is 22:30 in Réunion: inside the window in Paris, outside it in Réunion.
        let appointment = instant(CalendarDay(2026, 3, 6), 9, 0, .reunion)
        let desired = instant(CalendarDay(2026, 3, 2), 19, 30, .metropolitanFrance)
        let reunion = try #require(calendar.nextAllowedSendTime(desired: desired, region: .reunion, appointment: appointment))
        #expect(reunion.time == instant(CalendarDay(2026, 3, 3), 8, 0, .reunion))
        #expect(reunion.deferral == .quietHours)
        let paris = try #require(calendar.nextAllowedSendTime(desired: desired, region: .metropolitanFrance,
                                                              appointment: appointment))
        #expect(paris.time == desired)
        #expect(paris.deferral == nil)
        let cayenne = try #require(calendar.nextAllowedSendTime(desired: desired, region: .guyane, appointment: appointment))
        #expect(cayenne.time == desired)  // 15:30 in Cayenne
    }

    @Test func theWindowIsEightToTwenty() throws {
        let appointment = instant(CalendarDay(2026, 3, 20), 9, 0, .metropolitanFrance)
        let tuesday = CalendarDay(2026, 3, 3)
        for (hour, minute, expected) in [(7, 59, instant(tuesday, 8, 0, .metropolitanFrance)),
                                         (8, 0, instant(tuesday, 8, 0, .metropolitanFrance)),
                                         (19, 59, instant(tuesday, 19, 59, .metropolitanFrance)),
                                         (20, 0, instant(tuesday.adding(days: 1), 8, 0, .metropolitanFrance))] {
            let slot = calendar.nextAllowedSendTime(desired: instant(tuesday, hour, minute, .metropolitanFrance),
                                                    region: .metropolitanFrance, appointment: appointment)
            #expect(slot?.time == expected)
        }
    }

    @Test func publicHolidaysAreSkippedPerRegion() throws {
        // Good Friday 3 April 2026: a holiday in Alsace-Moselle only. Easter Monday 6 April: everywhere.
        let appointment = instant(CalendarDay(2026, 4, 20), 9, 0, .metropolitanFrance)
        let friday = instant(CalendarDay(2026, 4, 3), 10, 0, .metropolitanFrance)
        let paris = try #require(calendar.nextAllowedSendTime(desired: friday, region: .metropolitanFrance, appointment: appointment))
        #expect(paris.time == friday)
        let strasbourg = try #require(calendar.nextAllowedSendTime(desired: friday, region: .alsaceMoselle, appointment: appointment))
        #expect(strasbourg.time == instant(CalendarDay(2026, 4, 4), 8, 0, .alsaceMoselle))
        #expect(strasbourg.deferral == .publicHoliday("Vendredi saint"))
        // Saturday 20:30 → Sunday → Easter Monday → Tuesday 08:00.
        let saturday = instant(CalendarDay(2026, 4, 4), 20, 30, .metropolitanFrance)
        let slot = try #require(calendar.nextAllowedSendTime(desired: saturday, region: .metropolitanFrance, appointment: appointment))
        #expect(slot.time == instant(CalendarDay(2026, 4, 7), 8, 0, .metropolitanFrance))
        // Réunion on 20 December 2027 (a Monday): abolition day, moved to Tuesday.
        let abolition = instant(CalendarDay(2027, 12, 20), 10, 0, .reunion)
        let reunion = try #require(calendar.nextAllowedSendTime(desired: abolition, region: .reunion,
                                                                appointment: abolition.addingTimeInterval(7 * 86400)))
        #expect(reunion.time == instant(CalendarDay(2027, 12, 21), 8, 0, .reunion))
        #expect(reunion.deferral == .publicHoliday("Abolition de l'esclavage"))
    }

    @Test func aRestDayIsUsedWhenTheAppointmentComesFirst() throws {
        // Appointment Monday 07:30 (before the window opens); desired Saturday 21:00: Sunday 08:00 is the only slot.
        let appointment = instant(CalendarDay(2026, 3, 9), 7, 30, .metropolitanFrance)
        let desired = instant(CalendarDay(2026, 3, 7), 21, 0, .metropolitanFrance)
        let slot = try #require(calendar.nextAllowedSendTime(desired: desired, region: .metropolitanFrance, appointment: appointment))
        #expect(slot.time == instant(CalendarDay(2026, 3, 8), 8, 0, .metropolitanFrance))
        #expect(slot.restDayWaived)
        // Appointment Sunday 08:30, desired Saturday 21:00: nothing allowed before it.
        let tooSoon = instant(CalendarDay(2026, 3, 8), 7, 0, .metropolitanFrance)
        #expect(calendar.nextAllowedSendTime(desired: desired, region: .metropolitanFrance, appointment: tooSoon) == nil)
        #expect(calendar.nextAllowedSendTime(desired: appointment.addingTimeInterval(60), region: .metropolitanFrance,
                                             appointment: appointment) == nil)
    }

    @Test func springForwardMovesTheUTCInstantNotTheLocalOpening() throws {
        // Europe: Sunday 29 March 2026, 02:00 → 03:00. Saturday 23:00 CET → Monday 08:00 CEST = 06:00 UTC.
        let appointment = instant(CalendarDay(2026, 4, 2), 9, 0, .metropolitanFrance)
        let desired = instant(CalendarDay(2026, 3, 28), 23, 0, .metropolitanFrance)
        let slot = try #require(calendar.nextAllowedSendTime(desired: desired, region: .metropolitanFrance, appointment: appointment))
        #expect(slot.time == Date(timeIntervalSince1970: 1_774_850_400))  // 2026-03-30T06:00:00Z
        // Réunion has no DST: 08:00 there is 04:00 UTC before and after.
        let reunion = try #require(calendar.nextAllowedSendTime(desired: desired, region: .reunion, appointment: appointment))
        #expect(reunion.time == Date(timeIntervalSince1970: 1_774_843_200))  // 2026-03-30T04:00:00Z
    }

    @Test func fallBackAndMiquelonsAmericanRules() throws {
        // Europe: Sunday 25 October 2026, 03:00 → 02:00. Saturday 21:00 CEST → Monday 08:00 CET = 07:00 UTC.
        let appointment = instant(CalendarDay(2026, 10, 30), 9, 0, .metropolitanFrance)
        let desired = instant(CalendarDay(2026, 10, 24), 21, 0, .metropolitanFrance)
        let slot = try #require(calendar.nextAllowedSendTime(desired: desired, region: .metropolitanFrance, appointment: appointment))
        #expect(slot.time == Date(timeIntervalSince1970: 1_792_998_000))  // 2026-10-26T07:00:00Z
        // Miquelon: UTC−3, then UTC−2 from Sunday 8 March 2026. Saturday 7 March 21:00 → Monday 9 March 08:00 = 10:00 UTC.
        let miquelon = instant(CalendarDay(2026, 3, 7), 21, 0, .saintPierreEtMiquelon)
        let later = instant(CalendarDay(2026, 3, 20), 9, 0, .saintPierreEtMiquelon)
        let pm = try #require(calendar.nextAllowedSendTime(desired: miquelon, region: .saintPierreEtMiquelon, appointment: later))
        #expect(pm.time == Date(timeIntervalSince1970: 1_773_050_400))  // 2026-03-09T10:00:00Z
    }
}
