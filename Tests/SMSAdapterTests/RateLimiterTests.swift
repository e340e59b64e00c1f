import Foundation
import SMSAdapter
import Synchronization
import Testing

/// The token bucket is never exceeded: over any window of t seconds, at most rate × t + burst grants.
@Suite struct RateLimiterTests {
    /// SplitMix64, so that each run draws the same request times from its seed.
    struct Draw {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((mixed ^ (mixed >> 31)) >> 11) / Double(1 << 53)
        }
    }

    @Test(arguments: 1...40)
    func neverGrantsMoreThanRateTimesWindowPlusBurst(seed: Int) {
        var draw = Draw(state: UInt64(seed))
        let rate = 1 + draw.next() * 50, burst = 1 + Int(draw.next() * 20)
        var bucket = TokenBucket(ratePerSecond: rate, burst: burst, now: 0)
        var now = 0.0
        var granted: [Double] = []
        for _ in 0..<2_000 {
            now += draw.next() * draw.next() * 0.2
            if bucket.take(now: now) == nil { granted.append(now) }
        }
        #expect(!granted.isEmpty)
        for (index, start) in granted.enumerated() {
            for window in [0.0, 0.05, 0.5, 1, 5] {
                let inWindow = granted[index...].prefix { $0 <= start + window }.count
                #expect(Double(inWindow) <= rate * window + Double(burst) + 1e-9,
                        "seed \(seed): \(inWindow) grants in \(window) s at rate \(rate), burst \(burst)")
            }
        }
    }

    @Test func aRefusalSaysHowLongToWaitAndTheTokenIsThereThen() {
        var bucket = TokenBucket(ratePerSecond: 2, burst: 1, now: 10)
        #expect(bucket.take(now: 10) == nil)
        let wait = bucket.take(now: 10)
        #expect(wait == 0.5)
        #expect(bucket.take(now: 10.25) != nil)
        #expect(bucket.take(now: 10.5) == nil)
    }

    @Test func limiterUsesItsInjectedClockAndAcquireEventuallyGrants() async throws {
        let time = Mutex(100.0)
        let limiter = RateLimiter(ratePerSecond: 1, burst: 2, clock: { time.withLock { $0 } })
        #expect(limiter.tryAcquire() == nil)
        #expect(limiter.tryAcquire() == nil)
        #expect(limiter.tryAcquire() == 1)
        time.withLock { $0 += 1 }
        #expect(limiter.tryAcquire() == nil)
        let fast = RateLimiter(ratePerSecond: 1_000, burst: 1)
        for _ in 0..<5 { try await fast.acquire() }
    }
}
