import Foundation

/// What became of an SMS about an appointment, told to the home system (`sms.status-changed`): the status, the
/// masked number and times, never the text or the full number.
public struct SMSNotificationReport: Classified, Hashable {
    /// The gateway's id of the notification; absent for an opt-out that concerned no pending SMS.
    public var notificationId: String?
    public var appointmentId: UUID?
    /// `summon`, `reminder`, `cancellation` or `reschedule`.
    public var notificationKind: String?
    /// `accepted`, `delivered`, `undeliverable`, `cancelled`, `opted_out`, `unknown`...
    public var status: String
    /// `+33 6 •• •• •• 12`.
    public var maskedNumber: String?
    /// When it was, or is, to be sent.
    public var sendAt: Date?
    public var changedAt: Date
    /// Why, in words without personal data: `stop-reply`, `no-consent`, `appointment-changed`...
    public var reason: String?

    public init(notificationId: String?, appointmentId: UUID?, notificationKind: String?, status: String,
                maskedNumber: String?, sendAt: Date?, changedAt: Date, reason: String?) {
        self.notificationId = notificationId
        self.appointmentId = appointmentId
        self.notificationKind = notificationKind
        self.status = status
        self.maskedNumber = maskedNumber
        self.sendAt = sendAt
        self.changedAt = changedAt
        self.reason = reason
    }

    /// The stored properties of `SMSNotificationReport`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case notificationId, appointmentId, notificationKind, status, maskedNumber, sendAt, changedAt, reason

        public var category: DataCategory {
            switch self {
            case .notificationId, .appointmentId, .notificationKind, .status, .sendAt, .changedAt, .reason: .agenda
            case .maskedNumber: .contact
            }
        }
    }
}
