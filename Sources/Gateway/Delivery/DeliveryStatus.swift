/// The life of one delivery to one destination, as an explicit state machine with pure transitions.
public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for its turn (first attempt or a retry at `nextAttemptAt`).
    case pending
    /// Claimed by a worker holding a lease.
    case inFlight = "in_flight"
    /// The destination acknowledged it.
    case delivered
    /// Failed permanently or ran out of attempts; kept until ops replay or cancel it.
    case dead
    /// Withdrawn by ops; kept for the record, never sent.
    case cancelled

    public var isTerminal: Bool {
        switch self {
        case .delivered, .cancelled: return true
        case .pending, .inFlight, .dead: return false
        }
    }
}

/// What an attempt came to, as the adapter classified it.
public enum AttemptOutcome: Sendable, Equatable {
    case delivered(status: Int)
    /// Worth trying again (timeouts, 5xx, 429, connection errors).
    case transient(status: Int?, error: String)
    /// Will never succeed as it is (4xx other than 408/425/429, an encoding error).
    case permanent(status: Int?, error: String)
}

/// The transitions of `DeliveryStatus`, free of I/O so they can be tested on their own.
public enum DeliveryTransition {
    /// The status after an attempt: delivered, back to pending for a retry, or dead.
    public static func afterAttempt(_ outcome: AttemptOutcome, cycleAttempts: Int, policy: RetryPolicy) -> DeliveryStatus {
        switch outcome {
        case .delivered: return .delivered
        case .permanent: return .dead
        case .transient: return cycleAttempts >= policy.maxAttempts ? .dead : .pending
        }
    }

    /// Whether ops may replay a delivery in this status (a new attempt cycle linked to the old one).
    public static func canReplay(_ status: DeliveryStatus) -> Bool {
        switch status {
        case .dead, .cancelled: return true
        case .pending, .inFlight, .delivered: return false
        }
    }

    /// Whether ops may cancel a delivery in this status.
    public static func canCancel(_ status: DeliveryStatus) -> Bool {
        switch status {
        case .pending, .dead: return true
        case .inFlight, .delivered, .cancelled: return false
        }
    }
}
