import Foundation
import Gateway
import Logging
import SMSAdapter
import SMSCore

/// Builds the SMS service from `adapters.sms`: keys from the environment, templates, providers and their readers.
struct SMSWiring {
    let service: SMSService
    let readers: [String: any SMSCallbackReader]
    let publicURL: String

    static func make(config: PasserelleConfig, environment: [String: String], store: any Store, engine: GatewayEngine,
                     http: HTTPTransport, clock: @escaping @Sendable () -> Date, metrics: GatewayMetrics,
                     logger: Logger) throws -> SMSWiring? {
        guard let section = config.adapters["sms"] else { return nil }
        guard let smsStore = store as? any SMSStore else {
            throw ConfigError(file: "configuration", message: "adapters.sms: this store cannot hold SMS notifications")
        }
        let settings = try AdapterSettings.resolve(adapter: "sms", fields: SMSConfiguration.fields,
                                                   values: section.settings ?? [:], environment: environment)
        let configuration = try SMSConfiguration(settings: settings)
        guard let phoneKey = settings.secret("phone_key"), let hashKey = settings.secret("hash_key") else {
            throw ConfigError(file: "configuration", message: "adapters.sms.settings: phone_key_env and hash_key_env are required")
        }
        let vault: PhoneVault
        do {
            vault = try PhoneVault(encryptionKey: phoneKey.reveal(), hashKey: hashKey.reveal())
        } catch {
            throw ConfigError(file: "environment", message: "adapters.sms: \(error)")
        }
        let templates = try settings.string("templates").map(SMSTemplatesFile.load) ?? TemplateCatalogue.neutral()
        let publicURL = settings.string("public_url") ?? "http://127.0.0.1:8080"
        // A callback's timestamp is checked against the wall clock, the one the provider signs with.
        let providers = try SMSProviderFactory.make(values: section.settings ?? [:], environment: environment,
                                                    publicURL: publicURL, transport: http, clock: { Date() })
        var smsLogger = Logger(label: "passerelle.sms")
        smsLogger.logLevel = logger.logLevel
        let service = SMSService(
            store: smsStore, engine: engine, provider: providers.provider, configuration: configuration,
            templates: templates, vault: vault, clock: clock,
            observer: SMSObserver(sent: { metrics.smsSent(provider: $0, encoding: $1) },
                                  failed: { metrics.smsFailed(provider: $0, encoding: $1) },
                                  receipt: { metrics.smsReceipt(status: $0) }),
            logger: smsLogger)
        return SMSWiring(service: service, readers: providers.readers, publicURL: publicURL)
    }
}
