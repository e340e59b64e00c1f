import Foundation

/// Why a notification that failed temporarily gets no new attempt (SMS rules §12.3).
public enum RetryRefusal: String, Equatable, Sendable {
    case appointmentPast = "appointment-past"
    case optedOut = "opted-out"
    case retriesExhausted = "retries-exhausted"
    case noAllowedTime = "no-allowed-time"
}

/// The answer for one `failed_temporary` notification: a new attempt and when, or why not.
public enum RetryDecision: Equatable, Sendable {
    /// Plan retry number `retry` (1-based) of the chain at `at`.
    case retry(at: Date, retry: Int)
    case refuse(RetryRefusal)
}

/// SMS rules §12.3: after `failed_temporary`, at most two new attempts, after a pause, inside the sending window,
/// only before the appointment and never for a person who opted out. Pure: the clock is an argument.
public struct HandsetRetryPolicy: Sendable, Equatable {
    /// New attempts allowed for one notification chain.
    public static let maximumRetries = 2

    /// How long to wait after the failure before trying again.
    public var pause: TimeInterval
    public var calendar: SendingCalendar

    public init(pause: TimeInterval = 3600, calendar: SendingCalendar = SendingCalendar()) {
        self.pause = pause
        self.calendar = calendar
    }

    /// Decides for a notification that failed at `failedAt`, whose chain already had `retriesSoFar` new attempts.
    public func decide(failedAt: Date, appointment: Date, region: HolidayRegion, optedOut: Bool,
                       retriesSoFar: Int) -> RetryDecision {
        if optedOut { return .refuse(.optedOut) }
        guard appointment > failedAt else { return .refuse(.appointmentPast) }
        guard retriesSoFar < Self.maximumRetries else { return .refuse(.retriesExhausted) }
        guard let slot = calendar.nextAllowedSendTime(desired: failedAt.addingTimeInterval(pause), region: region,
                                                      appointment: appointment) else {
            return .refuse(.noAllowedTime)
        }
        return .retry(at: slot.time, retry: retriesSoFar + 1)
    }
}
