import Foundation
import Gateway

/// The wire profiles Passerelle speaks, with the settings each takes (secrets from the environment, through
/// `<name>_env` keys, as for adapters) and how to build the provider and its callback reader.
public enum ProviderProfile: String, Sendable, CaseIterable {
    /// Twilio's form API and signed form callbacks.
    case twilio
    /// Our JSON API (`contracts/sms/README.md`).
    case json

    /// The settings of this profile, for `AdapterSettings.resolve`.
    public var fields: [AdapterField] {
        let common = [
            AdapterField("base_url", "the provider API's root URL", required: true),
            AdapterField("timeout_ms", "how long one call may take before its outcome is uncertain", default: "10000"),
            AdapterField("rate_per_second", "sends per second allowed (token bucket)", default: "10"),
            AdapterField("burst", "sends allowed at once before the rate applies", default: "20"),
        ]
        switch self {
        case .twilio:
            return common + [
                AdapterField("account_sid", "the Twilio account SID (Basic auth user)", required: true),
                AdapterField("auth_token", "the Twilio auth token: Basic auth password and callback signing key", secret: true,
                             required: true),
                AdapterField("from", "the alphanumeric sender (≤ 11 characters)"),
                AdapterField("messaging_service_sid", "a Messaging Service SID, used instead of from"),
                AdapterField("status_callback_url", "the exact public URL of our status-callback route", required: true),
            ]
        case .json:
            return common + [
                AdapterField("api_key", "the bearer API key", secret: true, required: true),
                AdapterField("webhook_secret", "the key of the callbacks' HMAC-SHA256 signature", secret: true, required: true),
                AdapterField("from", "the alphanumeric sender (≤ 11 characters)", required: true),
                AdapterField("tolerance_seconds", "how far a callback's timestamp may be from our clock", default: "300"),
            ]
        }
    }

    /// Builds the provider named `name` (its sends go through its own rate limiter).
    public func provider(name: String, settings: AdapterSettings, transport: any Transport) throws(AdapterSettingsError)
        -> any SMSProvider {
        let rate = try settings.int("rate_per_second") ?? 10
        let burst = try settings.int("burst") ?? 20
        guard rate > 0, burst > 0 else {
            throw AdapterSettingsError(adapter: settings.adapter, message: "rate_per_second and burst must be positive")
        }
        return RateLimitedProvider(try exchange(name: name, settings: settings, transport: transport),
                                   limiter: RateLimiter(ratePerSecond: Double(rate), burst: burst))
    }

    /// Builds the provider without a rate limiter, with its pure request and answer halves exposed (contract replay).
    public func exchange(name: String, settings: AdapterSettings, transport: any Transport) throws(AdapterSettingsError)
        -> any SMSProvider & ProviderExchange {
        let base = try Self.required("base_url", settings)
        let timeout = try settings.int("timeout_ms") ?? 10_000
        guard timeout > 0 else { throw AdapterSettingsError(adapter: settings.adapter, message: "timeout_ms must be positive") }
        switch self {
        case .twilio:
            guard let token = settings.secret("auth_token") else { throw Self.missing("auth_token", settings) }
            let from = settings.string("from"), service = settings.string("messaging_service_sid")
            guard from != nil || service != nil else {
                throw AdapterSettingsError(adapter: settings.adapter, message: "from or messaging_service_sid is required")
            }
            return TwilioProvider(name: name, settings: .init(
                baseURL: base, accountSid: try Self.required("account_sid", settings), authToken: token, from: from,
                messagingServiceSid: service, statusCallbackURL: try Self.required("status_callback_url", settings),
                timeoutMilliseconds: timeout), transport: transport)
        case .json:
            guard let key = settings.secret("api_key") else { throw Self.missing("api_key", settings) }
            return JsonProvider(name: name, settings: .init(baseURL: base, apiKey: key, from: try Self.required("from", settings),
                                                            timeoutMilliseconds: timeout), transport: transport)
        }
    }

    /// Builds the reader of this profile's callbacks.
    public func reader(settings: AdapterSettings, clock: @escaping @Sendable () -> Date = { Date() }) throws(AdapterSettingsError)
        -> any SMSCallbackReader {
        switch self {
        case .twilio:
            guard let token = settings.secret("auth_token") else { throw Self.missing("auth_token", settings) }
            return TwilioCallbackReader(authToken: token)
        case .json:
            guard let secret = settings.secret("webhook_secret") else { throw Self.missing("webhook_secret", settings) }
            return JsonCallbackReader(secret: secret, toleranceSeconds: try settings.int("tolerance_seconds") ?? 300, clock: clock)
        }
    }

    private static func required(_ field: String, _ settings: AdapterSettings) throws(AdapterSettingsError) -> String {
        guard let value = settings.string(field), !value.isEmpty else { throw missing(field, settings) }
        return value
    }

    private static func missing(_ field: String, _ settings: AdapterSettings) -> AdapterSettingsError {
        AdapterSettingsError(adapter: settings.adapter, message: "setting \"\(field)\" is required")
    }
}
