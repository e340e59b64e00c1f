import Foundation

/// Why a send was moved later than desired.
public enum SendDeferral: Equatable, Sendable {
    /// Outside the daily window in the recipient's time zone.
    case quietHours
    case sunday
    case publicHoliday(String)
}

/// When an SMS may go: the first allowed moment at or after the desired one, and why it moved.
public struct SendSlot: Equatable, Sendable {
    public let time: Date
    /// Why `time` is later than desired; nil when the desired time was allowed.
    public let deferral: SendDeferral?
    /// Whether a Sunday or public holiday was allowed because the appointment comes before the next working day.
    public let restDayWaived: Bool
}

/// The sending-hours policy (SMS rules §6, H1–H2): 08:00–20:00 in the recipient's time zone, no Sundays or
/// public holidays unless the appointment is sooner than the next allowed slot. Pure: the clock is an argument.
public struct SendingCalendar: Sendable, Equatable {
    /// The first hour of the window, included.
    public var opensAt: Int
    /// The hour the window closes, excluded.
    public var closesAt: Int

    public init(opensAt: Int = 8, closesAt: Int = 20) {
        precondition((0..<24).contains(opensAt) && opensAt < closesAt && closesAt <= 24, "a window within one day")
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    /// The first allowed send time at or after `desired` for a recipient in `region`, or nil when no allowed
    /// moment comes before `appointment` (a reminder after the appointment is pointless, H6).
    public func nextAllowedSendTime(desired: Date, region: HolidayRegion, appointment: Date) -> SendSlot? {
        let zone = region.timeZone
        if let time = firstOpening(atOrAfter: desired, zone: zone, skipping: { isRestDay($0, region) }),
           time < appointment {
            return SendSlot(time: time, deferral: time == desired ? nil : deferral(of: desired, region: region),
                            restDayWaived: false)
        }
        if let time = firstOpening(atOrAfter: desired, zone: zone, skipping: { _ in false }), time < appointment {
            return SendSlot(time: time, deferral: time == desired ? nil : .quietHours, restDayWaived: true)
        }
        return nil
    }

    /// Whether `day` is a Sunday or a public holiday in `region`.
    public func isRestDay(_ day: CalendarDay, _ region: HolidayRegion) -> Bool {
        day.isSunday || PublicHolidays.holiday(on: day, in: region) != nil
    }

    /// Walks day by day in local time, so that a DST change only moves the UTC instant of 08:00, never the rule.
    private func firstOpening(atOrAfter start: Date, zone: TimeZone, skipping: (CalendarDay) -> Bool) -> Date? {
        var day = CalendarDay(start, in: zone)
        // A run of rest days is at most a few days long (e.g. Saturday holiday, Sunday, Monday holiday).
        for _ in 0..<14 {
            defer { day = day.adding(days: 1) }
            if skipping(day) { continue }
            let opening = day.at(hour: opensAt, in: zone)
            let closing = day.at(hour: closesAt, in: zone)
            let candidate = max(start, opening)
            if candidate < closing { return candidate }
        }
        return nil
    }

    private func deferral(of desired: Date, region: HolidayRegion) -> SendDeferral {
        let day = CalendarDay(desired, in: region.timeZone)
        if let holiday = PublicHolidays.holiday(on: day, in: region) { return .publicHoliday(holiday.name) }
        if day.isSunday { return .sunday }
        return .quietHours
    }
}
