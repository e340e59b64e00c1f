import Logging
import OTel
import ServiceLifecycle
import Synchronization
import Tracing

/// The OTLP/HTTP (protobuf) span exporter of `tracing:`, for this gateway only: nothing is bootstrapped process-wide.
/// Spans are batched and sent in the background; stopping flushes what is left.
final class TracingExport: Sendable {
    let tracer: any Tracer
    private let group: ServiceGroup
    private let running = Mutex<Task<Void, Never>?>(nil)

    private init(tracer: any Tracer, group: ServiceGroup) {
        self.tracer = tracer
        self.group = group
    }

    /// Nil when the section says `enabled: false`. The OTEL_* environment variables may still adjust the exporter.
    static func make(_ section: PasserelleConfig.TracingSection, logger: Logger) throws -> TracingExport? {
        guard section.enabled, let endpoint = section.endpoint else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = section.serviceName ?? "passerelle"
        configuration.propagators = [.traceContext]
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.enabled = true
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.endpoint = endpoint
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.diagnosticLogger = .custom(logger)
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        let group = ServiceGroup(services: [backend.service], logger: logger)
        return TracingExport(tracer: backend.factory, group: group)
    }

    func start() {
        running.withLock { task in
            guard task == nil else { return }
            task = Task { try? await self.group.run() }
        }
    }

    /// Exports the spans still waiting, then stops. A gateway stopped before it started still shuts the exporter's
    /// HTTP client down through the group.
    func stop() async {
        start()
        await group.triggerGracefulShutdown()
        let task = running.withLock { $0 }
        await task?.value
    }
}
