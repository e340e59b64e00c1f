import Synchronization

/// Wakes a sleeping worker early: a pending signal is kept until the worker next waits, so none is lost.
public final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns when signalled or after `milliseconds`, whichever comes first.
    public func wait(milliseconds: Int) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let resumeNow = self.state.withLock { state -> Bool in
                        if state.pending {
                            state.pending = false
                            return true
                        }
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(milliseconds))
                self.signal()
            }
            await group.next()
            group.cancelAll()
            // The timer task signals when it ends; clear what the two tasks left so the next wait starts clean.
            await group.waitForAll()
            self.state.withLock { $0.pending = false }
        }
    }
}
