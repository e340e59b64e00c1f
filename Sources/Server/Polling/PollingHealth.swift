import Synchronization

/// What each poller last met, for `/health/ready`: fine, stopped because its adapter is disabled, or failing
/// (with a reason that names the failure, never data).
public final class PollingHealth: Sendable {
    /// The state of one poller.
    public enum State: Sendable, Equatable {
        case polling
        case stopped
        case degraded(String)
    }

    private let states = Mutex<[String: State]>([:])

    public init() {}

    public func set(_ adapter: String, _ state: State) {
        states.withLock { $0[adapter] = state }
    }

    /// The poller's state; nil for an adapter nobody polls.
    public func state(of adapter: String) -> State? {
        states.withLock { $0[adapter] }
    }
}
