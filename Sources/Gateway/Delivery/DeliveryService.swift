import CaseModel
import Foundation
import Logging
import Synchronization
import Tracing

/// Delivery workers, one per destination: claim due deliveries under a lease, encode, send, record the outcome.
public final class DeliveryService: Sendable {
    private let store: any Store
    private let registry: AdapterRegistry
    private let destinations: [Destination]
    private let transport: any Transport
    private let modes: AdapterModes
    private let owner: String
    private let idlePollMilliseconds: Int
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let signals: [String: WakeSignal]
    private let circuits: Mutex<[String: CircuitState]>
    private let observe: @Sendable (_ destination: String, _ outcome: String, _ seconds: Double, _ error: String?) -> Void
    private let tracer: any Tracer

    public init(store: any Store, registry: AdapterRegistry, destinations: [Destination], transport: any Transport,
                modes: AdapterModes, owner: String = "passerelle-\(UUID().uuidString.prefix(8).lowercased())",
                idlePollMilliseconds: Int = 250, clock: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = Logger(label: "passerelle.delivery"),
                observe: @escaping @Sendable (_ destination: String, _ outcome: String, _ seconds: Double, _ error: String?) -> Void = { _, _, _, _ in },
                tracer: any Tracer = NoOpTracer()) {
        self.observe = observe
        self.tracer = tracer
        self.circuits = Mutex(Dictionary(destinations.map { ($0.name, CircuitState.closed(consecutiveFailures: 0)) },
                                         uniquingKeysWith: { a, _ in a }))
        self.store = store
        self.registry = registry
        self.destinations = destinations
        self.transport = transport
        self.modes = modes
        self.owner = owner
        self.idlePollMilliseconds = idlePollMilliseconds
        self.clock = clock
        self.logger = logger
        self.signals = Dictionary(destinations.map { ($0.name, WakeSignal()) }, uniquingKeysWith: { a, _ in a })
    }

    /// Tells the workers of these destinations that new deliveries are waiting.
    public func wake(_ destinationNames: [String]) {
        destinationNames.forEach { signals[$0]?.signal() }
    }

    /// Wakes every worker, e.g. after an adapter was enabled.
    public func wakeAll() {
        signals.values.forEach { $0.signal() }
    }

    /// Each destination's circuit, for the console, metrics and readiness.
    public func circuitStates() -> [String: CircuitState] {
        circuits.withLock { $0 }
    }

    /// Runs every worker until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for destination in destinations {
                group.addTask { await self.runWorker(destination) }
            }
        }
    }

    private func runWorker(_ destination: Destination) async {
        guard let adapter = registry.adapter(named: destination.adapter), let signal = signals[destination.name] else {
            logger.error("no adapter for destination", metadata: ["destination": "\(destination.name)"])
            return
        }
        // Long enough to cover one attempt with its deadline; short enough that a dead worker's deliveries move on soon.
        let lease = destination.timeoutMilliseconds * 2 + 1_000
        while !Task.isCancelled {
            do {
                guard try await modes.mode(of: destination.adapter).delivers else {
                    await signal.wait(milliseconds: idlePollMilliseconds)
                    continue
                }
                let admission = circuits.withLock { circuits -> Int? in
                    let (limit, state) = destination.circuit.admission(circuits[destination.name] ?? .closed(consecutiveFailures: 0),
                                                           now: clock())
                    circuits[destination.name] = state
                    return limit
                }
                if admission == 0 {
                    // The destination is resting after repeated failures: its queue waits, nothing is lost.
                    await signal.wait(milliseconds: idlePollMilliseconds)
                    continue
                }
                let claimed = try await store.claim(destination: destination.name, owner: owner,
                                                    leaseMilliseconds: lease,
                                                    limit: min(admission ?? .max, max(1, destination.concurrency)),
                                                    now: clock())
                if claimed.isEmpty {
                    await signal.wait(milliseconds: try await idleWait(destination))
                    continue
                }
                await withTaskGroup(of: Void.self) { group in
                    for delivery in claimed {
                        group.addTask { await self.attempt(delivery, to: destination, with: adapter) }
                    }
                }
            } catch {
                if Task.isCancelled { break }
                logger.error("delivery loop error; retrying",
                             metadata: ["destination": "\(destination.name)", "error": "\(type(of: error))"])
                await signal.wait(milliseconds: 1_000)
            }
        }
    }

    private func idleWait(_ destination: Destination) async throws -> Int {
        guard let due = try await store.nextDue(destination: destination.name) else { return idlePollMilliseconds }
        let milliseconds = Int(due.timeIntervalSince(clock()) * 1_000)
        return min(max(milliseconds, 5), idlePollMilliseconds)
    }

    /// One attempt: the only place where data leaves the gateway, so it is also where disclosure is audited.
    /// It carries the trace recorded with the message, in a client span of identifiers only: no content, no subject.
    func attempt(_ delivery: ClaimedDelivery, to destination: Destination, with adapter: any Adapter) async {
        let span = tracer.startSpan("deliver \(destination.name)",
                                    context: TracePropagation.context(continuing: delivery.trace, tracer: tracer),
                                    ofKind: .client)
        span.attributes["passerelle.destination"] = destination.name
        span.attributes["passerelle.adapter"] = destination.adapter
        span.attributes["passerelle.message.id"] = delivery.messageId
        span.attributes["passerelle.message.kind"] = delivery.kind
        span.attributes["passerelle.delivery.id"] = delivery.id
        span.attributes["passerelle.delivery.attempt"] = delivery.attempt
        defer { span.end() }
        let started = clock()
        let outcome: AttemptOutcome
        do {
            let envelope = try StrictJSON.decode(Envelope.self, from: delivery.payload)
            var request = try adapter.encode(envelope, for: destination)
            let trace = TracePropagation.onward(from: span, tracer: tracer, continuing: delivery.trace)
            request.headers.removeAll { ["traceparent", "tracestate"].contains($0.0.lowercased()) }
            request.headers += trace.headers
            let result = await transport.send(request, timeoutMilliseconds: destination.timeoutMilliseconds)
            outcome = adapter.classify(result)
        } catch {
            outcome = .permanent(status: nil, error: "encoding failed: \(type(of: error))")
        }
        let finished = clock()
        circuits.withLock { circuits in
            circuits[destination.name] = destination.circuit.after(outcome, in: circuits[destination.name] ?? .closed(consecutiveFailures: 0),
                                                       now: finished)
        }
        let status = DeliveryTransition.afterAttempt(outcome, cycleAttempts: delivery.cycleAttempt, policy: destination.retry)
        span.attributes["passerelle.delivery.outcome"] = status.rawValue
        var nextAttemptAt: Date?
        var httpStatus: Int?
        var error: String?
        switch outcome {
        case .delivered(let code):
            httpStatus = code
        case .transient(let code, let text), .permanent(let code, let text):
            httpStatus = code
            error = text
            // The error's text may quote the partner's answer: the span says only that it failed.
            span.setStatus(SpanStatus(code: .error))
        }
        if let httpStatus { span.attributes["http.response.status_code"] = httpStatus }
        if status == .pending {
            let delay = destination.retry.delayMilliseconds(afterAttempt: delivery.cycleAttempt, unit: Double.random(in: 0..<1))
            nextAttemptAt = finished.addingTimeInterval(Double(delay) / 1_000)
        }
        let audit = AuditDraft(
            operation: .disclose, actor: "passerelle", actorFunction: "delivery-worker", purpose: delivery.purpose,
            subject: delivery.subjectKey, categories: delivery.categories, recipients: [destination.name],
            outcome: status == .delivered ? "delivered" : status == .dead ? "dead" : "retry \(delivery.attempt)",
            messageId: delivery.messageId, detail: error)
        let record = AttemptRecord(deliveryId: delivery.id, owner: owner, attempt: delivery.attempt, status: status,
                                   httpStatus: httpStatus, error: error, startedAt: started, finishedAt: finished,
                                   nextAttemptAt: nextAttemptAt, audit: audit)
        observe(destination.name, status.rawValue, finished.timeIntervalSince(started), error)
        do {
            let kept = try await store.recordAttempt(record)
            logger.info("delivery attempt", metadata: [
                "delivery": "\(delivery.id)", "message": "\(delivery.messageId)", "destination": "\(destination.name)",
                "attempt": "\(delivery.attempt)", "status": "\(kept ? status.rawValue : "lease-lost")",
            ])
        } catch {
            // The lease will expire and another claim will retry: at least once, never silently dropped.
            logger.error("could not record attempt", metadata: ["delivery": "\(delivery.id)", "error": "\(type(of: error))"])
        }
    }
}

/// The current mode of each adapter: the stored state when ops changed it, else the configured default.
public final class AdapterModes: Sendable {
    private let store: any Store
    private let defaults: [String: AdapterMode]

    public init(store: any Store, defaults: [String: AdapterMode]) {
        self.store = store
        self.defaults = defaults
    }

    public func mode(of adapter: String) async throws -> AdapterMode {
        try await all()[adapter] ?? .disabled
    }

    /// Every known adapter's mode, stored state winning over configuration.
    public func all() async throws -> [String: AdapterMode] {
        var modes = defaults
        for state in try await store.adapterStates() { modes[state.name] = state.mode }
        return modes
    }
}
