import Foundation
import Gateway
import SMSAdapter
import Testing

/// Providers are built from configuration values, their secrets read from the environment variables named there.
@Suite struct ProviderProfileTests {
    static let twilioValues = ["base_url": "https://api.example.invalid", "account_sid": "AC00000000000000000000000000000001",
                               "auth_token_env": "SMS_TWILIO_TOKEN", "from": "SPIP57",
                               "status_callback_url": "https://passerelle.example.invalid/sms/status"]

    @Test func twilioProfileBuildsFromValuesAndTheEnvironment() throws {
        let settings = try AdapterSettings.resolve(adapter: "sms.primary", fields: ProviderProfile.twilio.fields, values: Self.twilioValues,
                                                   environment: ["SMS_TWILIO_TOKEN": "token-synthetic"])
        let provider = try ProviderProfile.twilio.provider(name: "primary", settings: settings, transport: NoTransport())
        #expect(provider.name == "primary")
        _ = try ProviderProfile.twilio.reader(settings: settings)
    }

    @Test func aMissingSecretNamesItsVariableNeverAValue() {
        do {
            _ = try AdapterSettings.resolve(adapter: "sms.primary", fields: ProviderProfile.twilio.fields, values: Self.twilioValues,
                                            environment: [:])
            Issue.record("resolved without the token")
        } catch {
            #expect(error.description.contains("SMS_TWILIO_TOKEN") && error.description.contains("not set"))
        }
    }

    @Test func twilioNeedsASenderOrAMessagingService() throws {
        var values = Self.twilioValues
        values["from"] = nil
        let settings = try AdapterSettings.resolve(adapter: "sms.primary", fields: ProviderProfile.twilio.fields, values: values,
                                                   environment: ["SMS_TWILIO_TOKEN": "token-synthetic"])
        #expect(throws: AdapterSettingsError.self) {
            try ProviderProfile.twilio.provider(name: "primary", settings: settings, transport: NoTransport())
        }
    }

    @Test func jsonProfileNeedsItsKeyAndWebhookSecret() throws {
        let values = ["base_url": "https://sms.example.invalid", "api_key_env": "K", "webhook_secret_env": "W", "from": "SPIP57",
                      "rate_per_second": "0"]
        let settings = try AdapterSettings.resolve(adapter: "sms.secondary", fields: ProviderProfile.json.fields, values: values,
                                                   environment: ["K": "key-synthetic", "W": "secret-synthetic"])
        #expect(throws: AdapterSettingsError.self) {
            try ProviderProfile.json.provider(name: "secondary", settings: settings, transport: NoTransport())
        }
        _ = try ProviderProfile.json.reader(settings: settings)
    }
}

/// A transport for providers that are built but never called.
struct NoTransport: Transport {
    func send(_ request: OutboundRequest, timeoutMilliseconds: Int) async -> TransportResult {
        .failure("not connected", stage: .beforeSending)
    }
}
