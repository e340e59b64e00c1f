import Foundation
import Synchronization

/// Remembers the webhook delivery ids seen while their signature could still be valid, so that a delivery sent
/// again is refused (409) instead of passing as new.
///
/// Memory is per gateway process and lost on restart. That is safe: a replay that gets past it (after a restart,
/// or on another instance) carries events already stored, and the engine's idempotency on the event id answers
/// it as a duplicate without storing anything. Only correctly signed requests are remembered, so only the key
/// holder can grow it; entries leave once the timestamp window has closed on them.
final class ReplayGuard: Sendable {
    private struct State {
        var seen: [String: Date] = [:]
        /// Ids in the order they were seen; their expiries are in the same order.
        var queue: [(id: String, expires: Date)] = []
        var head = 0
    }

    private let state = Mutex(State())
    /// How long an id is remembered: a timestamp accepted now may be `tolerance` ahead, and stays valid for
    /// `tolerance` after that.
    private let retention: TimeInterval

    init(toleranceSeconds: Int) {
        self.retention = TimeInterval(2 * toleranceSeconds + 1)
    }

    /// True the first time `id` is seen within the retention; false for a replay. Check and record are one step.
    func firstSight(of id: String, now: Date) -> Bool {
        state.withLock { state in
            while state.head < state.queue.count, state.queue[state.head].expires < now {
                let expired = state.queue[state.head]
                if state.seen[expired.id] == expired.expires { state.seen[expired.id] = nil }
                state.head += 1
            }
            if state.head > 1_024, state.head * 2 > state.queue.count {
                state.queue.removeFirst(state.head)
                state.head = 0
            }
            if let expires = state.seen[id], expires >= now { return false }
            let expires = now.addingTimeInterval(retention)
            state.seen[id] = expires
            state.queue.append((id, expires))
            return true
        }
    }
}
