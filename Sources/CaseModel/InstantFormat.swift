import Foundation

/// ISO-8601 instants as Passerelle writes and reads them.
///
/// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`: the offset is mandatory, since an instant
/// without one is ambiguous. Writes UTC with milliseconds, `2024-03-05T08:30:00.000Z`, so that
/// equal instants always give equal bytes.
enum InstantFormat {
    static let expectation = "expected an ISO-8601 instant such as 2024-03-05T08:30:00Z, with Z or an offset"

    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20,
              bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = CivilCalendar.digits(bytes, 0, 4), let month = CivilCalendar.digits(bytes, 5, 2),
              let day = CivilCalendar.digits(bytes, 8, 2), let hour = CivilCalendar.digits(bytes, 11, 2),
              let minute = CivilCalendar.digits(bytes, 14, 2), let second = CivilCalendar.digits(bytes, 17, 2),
              CivilCalendar.isValid(year: year, month: month, day: day),
              hour < 24, minute < 60, second < 60
        else { return nil }

        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            let start = index + 1
            var end = start
            while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
            guard (1...9).contains(end - start), let value = CivilCalendar.digits(bytes, start, end - start) else {
                return nil
            }
            fraction = Double(value) / pow(10, Double(end - start))
            index = end
        }

        guard let offsetSeconds = offset(bytes, from: index) else { return nil }
        let days = CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// The offset east of UTC in seconds written from `index` to the end, or nil.
    private static func offset(_ bytes: [UInt8], from index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "Z") {
            return index + 1 == bytes.count ? 0 : nil
        }
        guard bytes.count - index == 6, bytes[index + 3] == UInt8(ascii: ":"),
              let hours = CivilCalendar.digits(bytes, index + 1, 2),
              let minutes = CivilCalendar.digits(bytes, index + 4, 2),
              hours < 24, minutes < 60
        else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "+"): return hours * 3_600 + minutes * 60
        case UInt8(ascii: "-"): return -(hours * 3_600 + minutes * 60)
        default: return nil
        }
    }

    /// The UTC text of `date` to the millisecond, or nil outside years 0001–9999.
    static func format(_ date: Date) -> String? {
        let scaled = (date.timeIntervalSince1970 * 1_000).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else { return nil }
        let milliseconds = Int(scaled)
        let seconds = milliseconds >= 0 ? milliseconds / 1_000 : (milliseconds - 999) / 1_000
        let millis = milliseconds - seconds * 1_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilCalendar.date(daysSinceEpoch: days)
        guard (1...9999).contains(year) else { return nil }
        let p = CivilCalendar.padded
        return "\(p(year, 4))-\(p(month, 2))-\(p(day, 2))T\(p(secondOfDay / 3_600, 2)):"
            + "\(p(secondOfDay % 3_600 / 60, 2)):\(p(secondOfDay % 60, 2)).\(p(millis, 3))Z"
    }
}
