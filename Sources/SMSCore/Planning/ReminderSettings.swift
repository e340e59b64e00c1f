import Foundation

/// How a service plans its SMS: a summon at booking, reminders some time before, and the sending window.
public struct ReminderSettings: Sendable, Equatable {
    /// How long before the appointment each reminder is due, e.g. `[48 h]` (SMS rules H4).
    public var reminderOffsets: [TimeInterval]
    /// Whether an SMS goes out when the appointment is booked.
    public var summonAtBooking: Bool
    public var calendar: SendingCalendar

    public init(reminderOffsets: [TimeInterval] = [48 * 3600], summonAtBooking: Bool = true,
                calendar: SendingCalendar = SendingCalendar()) {
        self.reminderOffsets = reminderOffsets
        self.summonAtBooking = summonAtBooking
        self.calendar = calendar
    }

    /// Reads offsets written as `48h`, `7d` or `90m`, separated by commas.
    public static func offsets(parsing text: String) -> [TimeInterval]? {
        var offsets: [TimeInterval] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let unit = part.last, let amount = Int(part.dropLast()), amount > 0 else { return nil }
            switch unit {
            case "m": offsets.append(TimeInterval(amount * 60))
            case "h": offsets.append(TimeInterval(amount * 3600))
            case "d": offsets.append(TimeInterval(amount * 86_400))
            default: return nil
            }
        }
        return offsets.isEmpty ? nil : offsets
    }
}
