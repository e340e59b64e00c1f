/// Why an SMS is sent about an appointment (MSJ's flow: summon at booking, reminder before, notices on change).
public enum NotificationKind: String, CaseIterable, Sendable, Codable {
    case summon
    case reminder
    case cancellation
    case reschedule
}
