import Foundation

/// A provider whose sends wait for a token of its rate limiter; lookups are not limited.
public struct RateLimitedProvider: SMSProvider {
    private let provider: any SMSProvider
    private let limiter: RateLimiter

    public init(_ provider: any SMSProvider, limiter: RateLimiter) {
        self.provider = provider
        self.limiter = limiter
    }

    public var name: String { provider.name }

    public func send(_ message: ProviderMessage) async -> ProviderSendResult {
        do {
            try await limiter.acquire()
        } catch {
            return .notProcessed(reason: "cancelled while waiting for the rate limit", retryAfterSeconds: nil)
        }
        return await provider.send(message)
    }

    public func lookup(_ message: ProviderMessage, since: Date) async -> ProviderLookup {
        await provider.lookup(message, since: since)
    }
}
