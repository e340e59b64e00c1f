import Foundation
import Gateway
import SMSAdapter

/// Builds the configured providers from the `<slot>_*` settings of `adapters.sms` (each slot resolved against its
/// profile's own fields), behind a failover when there are two, and one callback reader per slot.
enum SMSProviderFactory {
    /// `clock` is the readers' clock for callback timestamps.
    static func make(values: [String: String], environment: [String: String], publicURL: String,
                     transport: any Transport, clock: @escaping @Sendable () -> Date) throws
        -> (provider: any SMSProvider, readers: [String: any SMSCallbackReader]) {
        var providers: [any SMSProvider] = []
        var readers: [String: any SMSCallbackReader] = [:]
        for slot in SMSConfiguration.providerSlots {
            guard let profileName = values["\(slot)_profile"] else { continue }
            guard let profile = ProviderProfile(rawValue: profileName) else {
                throw ConfigError(file: "configuration", message: "adapters.sms.settings.\(slot)_profile: one of "
                    + ProviderProfile.allCases.map(\.rawValue).joined(separator: ", "))
            }
            var own: [String: String] = [:]
            for (key, value) in values where key.hasPrefix(slot + "_") && key != "\(slot)_profile" {
                own[String(key.dropFirst(slot.count + 1))] = value
            }
            if profile == .twilio, own["status_callback_url"] == nil {
                own["status_callback_url"] = publicURL + "/inbound/sms/\(slot)/status"
            }
            let settings = try AdapterSettings.resolve(adapter: "sms", fields: profile.fields, values: own,
                                                       environment: environment)
            providers.append(try profile.provider(name: slot, settings: settings, transport: transport))
            readers[slot] = try profile.reader(settings: settings, clock: clock)
        }
        guard let first = providers.first else {
            throw ConfigError(file: "configuration",
                              message: "adapters.sms.settings: configure a provider with primary_profile and its settings")
        }
        return (providers.count == 1 ? first : FailoverProvider(name: "failover", providers: providers), readers)
    }
}
