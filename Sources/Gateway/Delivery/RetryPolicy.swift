/// How often and how fast a failed delivery is tried again: exponential backoff with full jitter, then dead letter.
public struct RetryPolicy: Sendable, Equatable, Codable {
    /// Attempts before the delivery becomes a dead letter (counted since the last replay).
    public var maxAttempts: Int
    public var baseDelayMilliseconds: Int
    public var maxDelayMilliseconds: Int

    public init(maxAttempts: Int, baseDelayMilliseconds: Int, maxDelayMilliseconds: Int) {
        self.maxAttempts = maxAttempts
        self.baseDelayMilliseconds = baseDelayMilliseconds
        self.maxDelayMilliseconds = maxDelayMilliseconds
    }

    public static let standard = RetryPolicy(maxAttempts: 10, baseDelayMilliseconds: 1_000, maxDelayMilliseconds: 300_000)

    /// The delay before attempt `attempt + 1`, given that `attempt` attempts failed; `unit` in [0, 1) draws the jitter.
    public func delayMilliseconds(afterAttempt attempt: Int, unit: Double) -> Int {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(Double(maxDelayMilliseconds), Double(baseDelayMilliseconds) * Double(1 << exponent))
        // Half fixed, half random: spreads retries of many deliveries while keeping a floor that grows.
        return Int(ceiling / 2 + ceiling / 2 * min(max(unit, 0), 1))
    }
}
