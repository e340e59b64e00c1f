import CaseModel
import CassiopeeAdapter
import ContractKit
import Foundation
import Gateway
import GenesisAdapter
import HomeAdapter
import Hummingbird
import Logging
import SafeXML
import SaphirAdapter
import SMSAdapter
import StoreSQLite
import Synchronization
import Tracing

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
    /// The SMS service, when the `sms` adapter is configured.
    public let sms: SMSService?
    private let runner = ServerRunner()
    private let stubs: [(stub: any ServedStub, port: Int)]
    /// What each poller last met, as `/health/ready` reports it.
    public let polling: PollingHealth
    private let poller: (poller: GenesisPoller, transport: HTTPTransport)?
    private let logger: Logger
    /// The OTLP exporter's background work, when `tracing:` is enabled.
    private let tracing: TracingExport?

    /// Every adapter this build knows; adding a system adds one line here.
    public static let catalogue: [AdapterDefinition] = [
        HomeAdapter.definition, CassiopeeAdapter.definition, SaphirAdapter.definition, GenesisAdapter.definition,
        SMSAdapter.definition,
    ]

    /// Every adapter built with default settings: enough to decode and encode for contract replay.
    public static var registry: AdapterRegistry {
        AdapterRegistry(catalogue.compactMap { try? $0.make(AdapterSettings(adapter: $0.name)) })
    }

    /// The configured adapters, built with their settings and secrets.
    public static func registry(for config: PasserelleConfig, environment: [String: String]) throws -> AdapterRegistry {
        var adapters: [any Adapter] = []
        for definition in catalogue {
            guard let section = config.adapters[definition.name] else { continue }
            let settings = try AdapterSettings.resolve(adapter: definition.name, fields: definition.fields,
                                                       values: section.settings ?? [:], environment: environment)
            adapters.append(try definition.make(settings))
        }
        return AdapterRegistry(adapters)
    }

    /// The adapter registry this gateway runs with.
    public let registry: AdapterRegistry

    public init(config: PasserelleConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
                clock: @escaping @Sendable () -> Date = { Date() }, idlePollMilliseconds: Int = 250,
                logger: Logger = Logger(label: "passerelle")) async throws {
        SafeXML.installHardening()
        try config.validate(file: "configuration", knownAdapters: Self.catalogue.map(\.name))
        let registry = try Self.registry(for: config, environment: environment)
        self.registry = registry
        self.config = config
        self.logger = logger
        let clients = try ClientDirectory(config.clients, environment: environment)
        // Before the store and the HTTP client exist, so that a stub's configuration error leaves nothing open.
        let stubs = try (config.stubs ?? []).map { section in
            (stub: try StubFactory.make(section, environment: environment), port: section.port)
        }
        var credentials: [String: String] = [:]
        for destination in config.destinations {
            guard let variable = destination.tokenEnv else { continue }
            guard let token = environment[variable], !token.isEmpty else {
                throw ConfigError(file: "environment",
                                  message: "destination \"\(destination.name)\": environment variable \(variable) is not set")
            }
            credentials[destination.url] = token
        }
        let tracing = try config.tracing.flatMap { try TracingExport.make($0, logger: logger) }
        let tracer: any Tracer = tracing?.tracer ?? NoOpTracer()
        let store = try await StoreFactory.open(config.store, environment: environment, clock: clock)
        let destinations = config.engineDestinations
        let modes = AdapterModes(store: store, defaults: config.defaultModes)
        let metrics = GatewayMetrics()
        let transport = HTTPTransport(credentials: credentials)
        let local = LocalTransport(http: transport)
        let delivery = DeliveryService(
            store: store, registry: registry, destinations: destinations, transport: local, modes: modes,
            idlePollMilliseconds: idlePollMilliseconds, clock: clock,
            logger: Self.logger(label: "passerelle.delivery", like: logger),
            observe: { destination, outcome, seconds, error in
                metrics.attempt(destination: destination, outcome: outcome, seconds: seconds, error: error, at: clock())
            }, tracer: tracer)
        let engine = GatewayEngine(store: store, router: MessageRouter(routes: config.routes), policy: AccessPolicy(),
                                   destinations: destinations, clock: clock,
                                   onAccepted: { delivery.wake($0) })
        let sms: SMSWiring?
        do {
            sms = try SMSWiring.make(config: config, environment: environment, store: store, engine: engine,
                                     http: transport, clock: clock, metrics: metrics, logger: logger)
        } catch {
            try? await transport.shutdown()
            await StoreFactory.close(store)
            throw error
        }
        if let sms { local.attach(sms.service) }
        self.sms = sms?.service
        self.store = store
        self.engine = engine
        self.delivery = delivery
        self.modes = modes
        self.metrics = metrics
        self.tracing = tracing
        self.transport = transport
        self.stubs = stubs
        let polling = PollingHealth()
        self.polling = polling
        if let genesis = registry.adapter(named: "genesis") as? GenesisAdapter, genesis.polling.url != nil {
            let feedTransport = HTTPTransport(maxResponseBytes: genesis.maxDocumentBytes)
            self.poller = (GenesisPoller(adapter: genesis, engine: engine, modes: modes, transport: feedTransport,
                                         health: polling, logger: Self.logger(label: "passerelle.genesis", like: logger)),
                           feedTransport)
        } else {
            self.poller = nil
        }
        self.context = APIContext(config: config, clients: clients, registry: registry, modes: modes, engine: engine,
                                  store: store, delivery: delivery, metrics: metrics, tracer: tracer, polling: polling, clock: clock,
                                  logger: logger, sms: sms?.service, smsReaders: sms?.readers ?? [:],
                                  smsPublicURL: sms?.publicURL ?? "")
    }

    /// A logger of its own label at the same level as the gateway's.
    private static func logger(label: String, like parent: Logger) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = parent.logLevel
        return logger
    }

    /// Starts stubs, delivery workers and the HTTP server; returns the port the API listens on.
    public func start() async throws -> Int {
        for (stub, port) in stubs {
            let bound = try await stub.start(host: "127.0.0.1", port: port)
            logger.info("stub listening", metadata: ["system": "\(stub.systemName)", "port": "\(bound)", "seed": "\(stub.seed)"])
        }
        tracing?.start()
        let released = try await store.recoverAtStartup()
        if released > 0 {
            logger.info("deliveries left in flight by the previous run are queued again", metadata: ["count": "\(released)"])
        }
        let table = RouteTable(router: Hummingbird.Router())
        table.router.add(middleware: MetricsMiddleware())
        table.router.add(middleware: ConsoleLanguageMiddleware(
            fallback: config.console?.language.flatMap(ConsoleLanguage.init(rawValue:)) ?? .fr))
        InboundRoutes(context: context).register(on: table)
        OpsRoutes(context: context).register(on: table)
        SMSRoutes(context: context).register(on: table)
        ConsoleRoutes(context: context, sessions: consoleSessions).register(on: table)
        routeList.withLock { $0 = table.routes }
        table.router.add(middleware: UnmatchedRoutes(routes: table.routes))
        deliveryTask.withLock { task in
            task = Task { await self.delivery.run() }
        }
        if let poller {
            pollerTask.withLock { task in
                task = Task { await poller.poller.run() }
            }
        }
        if let sms {
            smsTask.withLock { task in
                task = Task { await sms.run() }
            }
        }
        return try await runner.start(router: table.router, host: config.server.host, port: config.server.port, logger: logger)
    }

    private let deliveryTask = Mutex<Task<Void, Never>?>(nil)
    private let pollerTask = Mutex<Task<Void, Never>?>(nil)
    private let smsTask = Mutex<Task<Void, Never>?>(nil)
    private let routeList = Mutex<[String]>([])
    private let consoleSessions = ConsoleSessions()

    /// The routes served, as "METHOD /path/{param}" (known once started).
    public var routes: [String] { routeList.withLock { $0 } }

    /// Stops accepting, stops the workers (leases left behind expire and are taken over), closes the client.
    public func stop() async {
        await runner.stop()
        let polls = pollerTask.withLock { $0 }
        polls?.cancel()
        await polls?.value
        try? await poller?.transport.shutdown()
        let task = deliveryTask.withLock { $0 }
        task?.cancel()
        await task?.value
        let sender = smsTask.withLock { $0 }
        sender?.cancel()
        await sender?.value
        for (stub, _) in stubs { await stub.stop() }
        try? await transport.shutdown()
        await StoreFactory.close(store)
        await tracing?.stop()
    }

    /// Serves until the server stops (SIGTERM/SIGINT are handled by the caller).
    public func wait() async throws {
        try await runner.wait()
    }
}
