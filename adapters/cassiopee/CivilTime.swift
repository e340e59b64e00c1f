import CaseModel
import Foundation

/// The date and time arithmetic of the contract: instants with an offset, local times at a place, months.
enum CivilTime {
    /// `YYYY-MM-DDTHH:MM:SS` then `Z` or `±HH:MM` (the contract's `Horodatage`); nil for any other shape.
    static func instant(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 || bytes.count == 25, bytes[10] == UInt8(ascii: "T"),
              let date = LocalDate(String(decoding: bytes[0..<10], as: UTF8.self)),
              let time = clock(bytes[11..<19]) else { return nil }
        let offsetSeconds: Int
        if bytes.count == 20 {
            guard bytes[19] == UInt8(ascii: "Z") else { return nil }
            offsetSeconds = 0
        } else {
            let sign = bytes[19]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), bytes[22] == UInt8(ascii: ":"),
                  let hours = number(bytes[20..<22]), let minutes = number(bytes[23..<25]), hours < 24, minutes < 60
            else { return nil }
            offsetSeconds = (sign == UInt8(ascii: "+") ? 1 : -1) * (hours * 3600 + minutes * 60)
        }
        guard let zone = TimeZone(secondsFromGMT: offsetSeconds) else { return nil }
        return local(date, hour: time.hour, minute: time.minute, second: time.second, in: zone)
    }

    /// The instant of `HH:MM` on `date` at a place in `zone`; a time skipped by a clock change moves forward.
    static func instant(on date: LocalDate, at text: String, in zone: TimeZone) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
              let hour = number(bytes[0..<2]), let minute = number(bytes[3..<5]), hour < 24, minute < 60
        else { return nil }
        return local(date, hour: hour, minute: minute, second: 0, in: zone)
    }

    /// `date` plus `months` calendar months; the day is clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb).
    static func adding(months: Int, to date: LocalDate) -> LocalDate? {
        let index = date.year * 12 + (date.month - 1) + months
        let year = index / 12, month = index % 12 + 1
        for day in stride(from: date.day, through: min(date.day, 28), by: -1) {
            if let result = LocalDate(year: year, month: month, day: day) { return result }
        }
        return nil
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, the contract's `HorodatageUTC`.
    static func utcText(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        let whole = calendar.date(from: parts) ?? instant
        let milliseconds = min(999, max(0, Int((instant.timeIntervalSince(whole) * 1000).rounded(.down))))
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T\(pad(parts.hour, 2)):"
            + "\(pad(parts.minute, 2)):\(pad(parts.second, 2)).\(pad(milliseconds, 3))Z"
    }

    private static func local(_ date: LocalDate, hour: Int, minute: Int, second: Int, in zone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day,
                                                  hour: hour, minute: minute, second: second))
    }

    private static func clock(_ bytes: ArraySlice<UInt8>) -> (hour: Int, minute: Int, second: Int)? {
        let start = bytes.startIndex
        guard bytes.count == 8, bytes[start + 2] == UInt8(ascii: ":"), bytes[start + 5] == UInt8(ascii: ":"),
              let hour = number(bytes[start..<start + 2]), let minute = number(bytes[start + 3..<start + 5]),
              let second = number(bytes[start + 6..<start + 8]), hour < 24, minute < 60, second < 60
        else { return nil }
        return (hour, minute, second)
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
