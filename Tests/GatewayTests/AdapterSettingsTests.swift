import Gateway
import Testing

@Suite struct AdapterSettingsTests {
    let fields = [
        AdapterField("poll_interval_ms", "How often to poll", default: "5000"),
        AdapterField("hmac_secret", "Webhook signing key", secret: true, required: true),
        AdapterField("base_url", "Partner endpoint", required: true),
    ]

    @Test func defaultsApplyAndSecretsComeFromTheEnvironment() throws {
        let settings = try AdapterSettings.resolve(
            adapter: "saphir", fields: fields, values: ["hmac_secret_env": "SAPHIR_KEY", "base_url": "http://127.0.0.1:1"],
            environment: ["SAPHIR_KEY": "synthetic-key-value"])
        #expect(try settings.int("poll_interval_ms") == 5_000)
        #expect(settings.string("base_url") == "http://127.0.0.1:1")
        #expect(settings.secret("hmac_secret")?.reveal() == "synthetic-key-value")
        #expect("\(settings.secret("hmac_secret")!)" == "***")
    }

    @Test func unknownMissingAndUnsetSettingsAreNamed() {
        #expect(throws: AdapterSettingsError.self) {
            try AdapterSettings.resolve(adapter: "saphir", fields: fields,
                                        values: ["hmac_secret": "inline", "base_url": "x"], environment: [:])
        }
        do {
            _ = try AdapterSettings.resolve(adapter: "saphir", fields: fields,
                                            values: ["hmac_secret_env": "MISSING", "base_url": "x"], environment: [:])
            Issue.record("an unset environment variable must be refused")
        } catch {
            #expect(error.description == "adapters.saphir.settings: environment variable MISSING (hmac_secret) is not set")
        }
        do {
            _ = try AdapterSettings.resolve(adapter: "saphir", fields: fields, values: ["hmac_secret_env": "K"],
                                            environment: ["K": "v"])
            Issue.record("a missing required setting must be refused")
        } catch {
            #expect(error.description.contains("\"base_url\" is required"))
        }
    }
}
