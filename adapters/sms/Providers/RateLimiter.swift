import Foundation
import Synchronization

/// A token bucket: `burst` tokens at most, refilled at `ratePerSecond`. Over any window of `t` seconds it grants
/// at most `ratePerSecond × t + burst` (SMS rules S6). Pure logic over the instants it is given.
public struct TokenBucket: Sendable, Equatable {
    public let ratePerSecond: Double
    public let burst: Double
    private var tokens: Double
    private var updated: Double

    /// Starts full at instant `now` (seconds on any monotonic scale).
    public init(ratePerSecond: Double, burst: Int, now: Double) {
        precondition(ratePerSecond > 0 && burst >= 1, "a token bucket needs a positive rate and a burst of at least 1")
        self.ratePerSecond = ratePerSecond
        self.burst = Double(burst)
        self.tokens = Double(burst)
        self.updated = now
    }

    /// Takes one token at `now` if there is one; otherwise says how many seconds until there will be.
    public mutating func take(now: Double) -> Double? {
        if now > updated {
            tokens = min(burst, tokens + (now - updated) * ratePerSecond)
            updated = now
        }
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return (1 - tokens) / ratePerSecond
    }
}

/// A token bucket shared by every sender of one provider, with an injectable clock.
public final class RateLimiter: Sendable {
    private let bucket: Mutex<TokenBucket>
    private let clock: @Sendable () -> Double

    /// `clock` gives monotonic seconds; by default the system's uptime clock.
    public init(ratePerSecond: Double, burst: Int, clock: @escaping @Sendable () -> Double = RateLimiter.uptime) {
        self.clock = clock
        self.bucket = Mutex(TokenBucket(ratePerSecond: ratePerSecond, burst: burst, now: clock()))
    }

    /// Takes a token if one is there now; nil when granted, otherwise the seconds to wait.
    public func tryAcquire() -> Double? {
        let now = clock()
        return bucket.withLock { $0.take(now: now) }
    }

    /// Waits until a token is granted (cancellation ends the wait by throwing).
    public func acquire() async throws {
        while let wait = tryAcquire() {
            try await Task.sleep(for: .seconds(wait))
        }
    }

    /// Monotonic seconds since boot.
    public static let uptime: @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }
}
