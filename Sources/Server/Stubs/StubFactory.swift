import ContractKit
import Foundation

/// Builds the stubs of the configuration's `stubs:` section: the SMS provider stub for `system: sms`, a contract stub
/// answering from `contracts/<system>/` otherwise.
enum StubFactory {
    static func make(_ section: PasserelleConfig.StubSection, environment: [String: String]) throws -> any ServedStub {
        do {
            if section.system == "sms" {
                var configuration = try SMSStubConfiguration(environment: environment, twilioTokenEnv: section.twilioTokenEnv,
                                                             jsonAPIKeyEnv: section.jsonAPIKeyEnv,
                                                             jsonWebhookSecretEnv: section.jsonWebhookSecretEnv)
                configuration.eventsURL = section.eventsURL
                configuration.replyURL = section.replyURL
                configuration.receiptDelayMilliseconds = section.receiptDelayMs ?? configuration.receiptDelayMilliseconds
                configuration.faults = try SMSStubFaults(parsing: section.faults ?? "none")
                return SMSProviderStub(configuration: configuration)
            }
            let system = try ContractLibrary(root: URL(fileURLWithPath: section.contracts ?? "contracts")).system(section.system)
            return try ContractStub(system: system, faults: try StubFaults(parsing: section.faults ?? "none"))
        } catch {
            throw ConfigError(file: "configuration", message: "stubs: \(error)")
        }
    }
}
