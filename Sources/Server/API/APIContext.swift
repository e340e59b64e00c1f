import Foundation
import Gateway
import Logging
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
    let polling: PollingHealth
    let clock: @Sendable () -> Date
    let logger: Logger

    var maxBodyBytes: Int { config.server.maxBodyBytes ?? 1 << 20 }
}
