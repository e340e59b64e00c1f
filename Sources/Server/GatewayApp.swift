import CaseModel
import Foundation
import Gateway
import HomeAdapter
import Hummingbird
import Synchronization
import Logging
import SafeXML
import StoreSQLite

/// The running gateway: store, engine, delivery workers, HTTP API and any in-process stubs, wired from one config.
public final class GatewayApp: Sendable {
    public let config: PasserelleConfig
    public let store: any Store
    public let engine: GatewayEngine
    public let delivery: DeliveryService
    public let modes: AdapterModes
    public let metrics: GatewayMetrics
    private let context: APIContext
    private let transport: HTTPTransport
    private let runner = ServerRunner()
    private let stubs: [HomeStub]
    private let logger: Logger

    /// Every adapter this build knows; adding a system adds one line here.
    public static let registry = AdapterRegistry([HomeAdapter()])

    public init(config: PasserelleConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
                clock: @escaping @Sendable () -> Date = { Date() }, idlePollMilliseconds: Int = 250,
                logger: Logger = Logger(label: "passerelle")) async throws {
        SafeXML.installHardening()
        try config.validate(file: "configuration", knownAdapters: Self.registry.names)
        self.config = config
        self.logger = logger
        let clients = try ClientDirectory(config.clients, environment: environment)
        var credentials: [String: String] = [:]
        for destination in config.destinations {
            guard let variable = destination.tokenEnv else { continue }
            guard let token = environment[variable], !token.isEmpty else {
                throw ConfigError(file: "environment",
                                  message: "destination \"\(destination.name)\": environment variable \(variable) is not set")
            }
            credentials[destination.url] = token
        }
        let store = try await StoreFactory.open(config.store, environment: environment, clock: clock)
        let destinations = config.engineDestinations
        let modes = AdapterModes(store: store, defaults: config.defaultModes)
        let metrics = GatewayMetrics()
        let transport = HTTPTransport(credentials: credentials)
        let delivery = DeliveryService(
            store: store, registry: Self.registry, destinations: destinations, transport: transport, modes: modes,
            idlePollMilliseconds: idlePollMilliseconds, clock: clock,
            logger: Logger(label: "passerelle.delivery"),
            observe: { destination, outcome, seconds in metrics.attempt(destination: destination, outcome: outcome, seconds: seconds) })
        let engine = GatewayEngine(store: store, router: MessageRouter(routes: config.routes), policy: AccessPolicy(),
                                   destinations: destinations, clock: clock,
                                   onAccepted: { delivery.wake($0) })
        self.store = store
        self.engine = engine
        self.delivery = delivery
        self.modes = modes
        self.metrics = metrics
        self.transport = transport
        self.stubs = (config.stubs ?? []).filter { $0.system == "home" }.map { _ in HomeStub() }
        self.context = APIContext(config: config, clients: clients, registry: Self.registry, modes: modes, engine: engine,
                                  store: store, delivery: delivery, metrics: metrics, clock: clock)
    }

    /// Starts stubs, delivery workers and the HTTP server; returns the port the API listens on.
    public func start() async throws -> Int {
        for (stub, section) in zip(stubs, (config.stubs ?? []).filter { $0.system == "home" }) {
            let port = try await stub.start(port: section.port)
            logger.info("stub listening", metadata: ["system": "home", "port": "\(port)"])
        }
        let released = try await store.recoverAtStartup()
        if released > 0 {
            logger.info("deliveries left in flight by the previous run are queued again", metadata: ["count": "\(released)"])
        }
        let router = Hummingbird.Router()
        InboundRoutes(context: context).register(on: router)
        OpsRoutes(context: context).register(on: router)
        deliveryTask.withLock { task in
            task = Task { await self.delivery.run() }
        }
        return try await runner.start(router: router, host: config.server.host, port: config.server.port, logger: logger)
    }

    private let deliveryTask = Mutex<Task<Void, Never>?>(nil)

    /// Stops accepting, stops the workers (leases left behind expire and are taken over), closes the client.
    public func stop() async {
        await runner.stop()
        let task = deliveryTask.withLock { $0 }
        task?.cancel()
        await task?.value
        for stub in stubs { await stub.stop() }
        try? await transport.shutdown()
        await StoreFactory.close(store)
    }

    /// Serves until the server stops (SIGTERM/SIGINT are handled by the caller).
    public func wait() async throws {
        try await runner.wait()
    }
}
