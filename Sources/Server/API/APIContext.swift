import Foundation
import Gateway
import Logging
import Tracing
import SMSAdapter
import StoreSQLite

/// What every route needs, built once at start-up.
struct APIContext: Sendable {
    let config: PasserelleConfig
    let clients: ClientDirectory
    let registry: AdapterRegistry
    let modes: AdapterModes
    let engine: GatewayEngine
    let store: any Store
    let delivery: DeliveryService
    let metrics: GatewayMetrics
    /// Spans of inbound requests; a no-op unless `tracing:` is enabled.
    let tracer: any Tracer
    let polling: PollingHealth
    let clock: @Sendable () -> Date
    let logger: Logger
    /// The SMS service, when the `sms` adapter is configured.
    let sms: SMSService?
    /// Callback readers per configured SMS provider name.
    let smsReaders: [String: any SMSCallbackReader]
    /// The gateway's public base URL as providers call it: signatures cover the exact URL.
    let smsPublicURL: String

    var maxBodyBytes: Int { config.server.maxBodyBytes ?? 1 << 20 }
}
