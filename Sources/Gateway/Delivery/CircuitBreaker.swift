import Foundation

/// Whether a destination is being sent to: closed (normal), open (resting after repeated failures), half-open
/// (one trial delivery decides). Transitions are pure functions, tested without I/O.
public enum CircuitState: Sendable, Equatable {
    case closed(consecutiveFailures: Int)
    case open(until: Date)
    case halfOpen

    public var name: String {
        switch self {
        case .closed: return "closed"
        case .open: return "open"
        case .halfOpen: return "half-open"
        }
    }
}

/// The rules of the circuit: after `threshold` consecutive failures that say the destination is unreachable or
/// overloaded, stop sending for `cooldown`, then let one delivery through to test it.
public struct CircuitBreaker: Sendable, Equatable, Codable {
    public var threshold: Int
    public var cooldown: TimeInterval

    public init(threshold: Int = 5, cooldown: TimeInterval = 10) {
        self.threshold = threshold
        self.cooldown = cooldown
    }

    /// How many deliveries a worker may claim now, and the state to keep (an expired rest becomes half-open).
    public func admission(_ state: CircuitState, now: Date) -> (limit: Int?, state: CircuitState) {
        switch state {
        case .closed: return (nil, state)
        case .halfOpen: return (1, state)
        case .open(let until): return now >= until ? (1, .halfOpen) : (0, state)
        }
    }

    /// The state after an attempt. A delivered message or a refusal (4xx) proves the destination answers.
    public func after(_ outcome: AttemptOutcome, in state: CircuitState, now: Date) -> CircuitState {
        let unreachable: Bool
        switch outcome {
        case .delivered, .permanent: unreachable = false
        case .transient: unreachable = true
        }
        switch (state, unreachable) {
        case (_, false): return .closed(consecutiveFailures: 0)
        case (.halfOpen, true), (.open, true): return .open(until: now.addingTimeInterval(cooldown))
        case (.closed(let failures), true):
            return failures + 1 >= threshold ? .open(until: now.addingTimeInterval(cooldown))
                : .closed(consecutiveFailures: failures + 1)
        }
    }
}
