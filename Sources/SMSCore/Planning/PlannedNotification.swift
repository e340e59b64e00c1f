import Foundation

/// One SMS the planner wants sent: its kind, when it was wanted and when the calendar lets it go.
public struct PlannedNotification: Sendable, Equatable {
    public var kind: NotificationKind
    /// The moment asked for (booking time, J-2, an officer's request): with the appointment and the kind, the
    /// notification's identity (SMS rules S1).
    public var desiredAt: Date
    /// When it may be sent in the recipient's time zone.
    public var sendAt: Date
    /// Why `sendAt` differs from `desiredAt`, if it does.
    public var deferral: SendDeferral?
    /// For a reschedule notice: the appointment's previous start.
    public var previousStart: Date?

    public init(kind: NotificationKind, desiredAt: Date, sendAt: Date, deferral: SendDeferral? = nil,
                previousStart: Date? = nil) {
        self.kind = kind
        self.desiredAt = desiredAt
        self.sendAt = sendAt
        self.deferral = deferral
        self.previousStart = previousStart
    }
}

/// Why no SMS can be planned for a person or an appointment; said to the officer as is.
public enum PlanRefusal: String, Sendable, Equatable, Codable {
    case noConsent = "no-consent"
    case optedOut = "opted-out"
    case noMobile = "no-mobile"
    case appointmentPast = "appointment-past"
    case appointmentCancelled = "appointment-cancelled"
    /// No allowed sending moment is left before the appointment.
    case noAllowedTime = "no-allowed-time"

    /// The sentence an officer reads.
    public var explanation: String {
        switch self {
        case .noConsent: "the person refused SMS or has no phone recorded: tell them by other means"
        case .optedOut: "the person answered STOP: SMS stay off until an officer records their new consent"
        case .noMobile: "no mobile number is recorded for the person (a landline or none)"
        case .appointmentPast: "the appointment has already started"
        case .appointmentCancelled: "the appointment is cancelled"
        case .noAllowedTime: "no allowed sending time (08:00–20:00, no Sunday or holiday) is left before the appointment"
        }
    }
}

/// Why a notification the settings ask for was left out, though others were planned.
public enum PlanSkip: String, Sendable, Equatable, Codable {
    /// The reminder time has passed and a summon goes out now (SMS rules H5).
    case summonCovers = "summon-covers-reminder"
    /// No allowed moment before the appointment (H6).
    case noAllowedTime = "no-allowed-time"
}

/// What the planner decided for one appointment event.
public struct ReminderPlan: Sendable, Equatable {
    /// Whether the pending notifications of the appointment must be withdrawn first (moved or cancelled).
    public var cancelPending: Bool
    public var notifications: [PlannedNotification]
    /// Set when nothing can be sent at all; `notifications` is then empty.
    public var refusal: PlanRefusal?
    public var skipped: [(kind: NotificationKind, reason: PlanSkip)]

    public init(cancelPending: Bool, notifications: [PlannedNotification] = [], refusal: PlanRefusal? = nil,
                skipped: [(kind: NotificationKind, reason: PlanSkip)] = []) {
        self.cancelPending = cancelPending
        self.notifications = notifications
        self.refusal = refusal
        self.skipped = skipped
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.cancelPending == rhs.cancelPending && lhs.notifications == rhs.notifications && lhs.refusal == rhs.refusal
            && lhs.skipped.map { "\($0.kind)/\($0.reason)" } == rhs.skipped.map { "\($0.kind)/\($0.reason)" }
    }
}
