import Foundation

extension SendingCalendar {
    /// The last allowed send time at or before `desired` and no earlier than `notBefore`, for a reminder that must
    /// move earlier rather than later (SMS rules H3): a J-2 reminder falling on a Sunday goes out on Saturday evening.
    /// Nil when no allowed moment lies between the two.
    public func latestAllowedSendTime(atOrBefore desired: Date, notBefore: Date, region: HolidayRegion) -> Date? {
        guard notBefore <= desired else { return nil }
        let zone = region.timeZone
        var day = CalendarDay(desired, in: zone)
        let first = CalendarDay(notBefore, in: zone)
        while day >= first {
            defer { day = day.adding(days: -1) }
            if isRestDay(day, region) { continue }
            let opening = day.at(hour: opensAt, in: zone)
            // The window closes at `closesAt`, excluded: the last minute inside it.
            let lastMinute = day.at(hour: closesAt, in: zone).addingTimeInterval(-60)
            let candidate = min(desired, lastMinute)
            if candidate >= opening, candidate >= notBefore { return candidate }
        }
        return nil
    }
}
