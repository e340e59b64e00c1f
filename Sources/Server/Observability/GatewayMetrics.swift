import CoreMetrics
import Foundation
import Gateway
import Synchronization

/// The gateway's counters, gauges and latency histogram, recorded through swift-metrics into a Prometheus registry of
/// this gateway's own, and rendered with what the libraries report (`/metrics`).
public final class GatewayMetrics: Sendable {
    private struct Activity {
        var recentDeliveries: [String: [Date]] = [:]
        var lastError: [String: (text: String, at: Date)] = [:]
    }
    private let activityState = Mutex(Activity())
    private let backend: PrometheusBackend
    /// Upper bounds of the delivery latency buckets, in seconds.
    static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    /// Every metric the gateway records, with its help line; the dashboard and the console's readers rely on these
    /// names.
    public static let help: [String: String] = [
        "passerelle_messages_accepted_total": "Envelopes accepted and stored, per adapter and kind.",
        "passerelle_messages_rejected_total": "Inbound messages rejected, per adapter and reason.",
        "passerelle_deliveries_total": "Delivery attempts, per destination and outcome.",
        "passerelle_sms_sent_total": "SMS accepted by a provider, per provider and encoding (GSM-7, UCS-2).",
        "passerelle_sms_failed_total": "SMS refused for good by a provider, per provider and encoding.",
        "passerelle_sms_receipts_total": "Delivery receipts that moved an SMS's status, per status.",
        "passerelle_queue_depth": "Deliveries waiting or in flight, per destination.",
        "passerelle_dead_letters": "Deliveries in the dead-letter state, per destination.",
        "passerelle_queue_oldest_age_seconds": "Age of the oldest undelivered delivery, per destination.",
        "passerelle_adapter_enabled": "1 when the adapter receives and delivers.",
        "passerelle_circuit_open": "1 while a destination's circuit is open or half-open.",
        "passerelle_delivery_latency_seconds": "Time of one delivery attempt, per destination.",
    ]

    /// What the libraries (Hummingbird's request metrics) report through swift-metrics' global system. swift-metrics
    /// is bootstrapped once per process, so these figures are the process's, shared by every gateway it runs.
    static let libraries: PrometheusBackend = {
        let backend = PrometheusBackend(help: [
            "hb_requests_total": "HTTP requests answered, per route, method and status (Hummingbird).",
            "hb_request_errors_total": "HTTP requests that ended in an error, per route, method and status (Hummingbird).",
            "http_server_request_duration_seconds": "Time to answer an HTTP request, per route, method and status (Hummingbird).",
            "http_server_active_requests": "HTTP requests being answered, per method (Hummingbird).",
        ], fallbackHelp: "Reported through swift-metrics by a library the gateway uses.")
        MetricsSystem.bootstrap(backend)
        return backend
    }()

    public init() {
        backend = PrometheusBackend(help: Self.help, fallbackHelp: "Recorded by the gateway.",
                                    valueBuckets: ["passerelle_delivery_latency_seconds": Self.bounds])
        _ = Self.libraries
    }

    public func accepted(adapter: String, kind: String) {
        count("passerelle_messages_accepted_total", [("adapter", adapter), ("kind", kind)])
    }

    public func rejected(adapter: String, reason: String) {
        count("passerelle_messages_rejected_total", [("adapter", adapter), ("reason", reason)])
    }

    public func attempt(destination: String, outcome: String, seconds: Double, error: String? = nil, at now: Date = Date()) {
        count("passerelle_deliveries_total", [("destination", destination), ("outcome", outcome)])
        Recorder(label: "passerelle_delivery_latency_seconds", dimensions: [("destination", destination)],
                 aggregate: true, factory: backend).record(seconds)
        activityState.withLock { state in
            if outcome == "delivered" {
                var recent = state.recentDeliveries[destination, default: []].filter { now.timeIntervalSince($0) < 60 }
                recent.append(now)
                state.recentDeliveries[destination] = recent
            }
            if let error { state.lastError[destination] = (error, now) }
        }
    }

    /// An SMS the provider accepted.
    public func smsSent(provider: String, encoding: String) {
        count("passerelle_sms_sent_total", [("provider", provider), ("encoding", encoding)])
    }

    /// An SMS the provider refused for good (invalid number, opted out).
    public func smsFailed(provider: String, encoding: String) {
        count("passerelle_sms_failed_total", [("provider", provider), ("encoding", encoding)])
    }

    /// A receipt that moved an SMS's status.
    public func smsReceipt(status: String) {
        count("passerelle_sms_receipts_total", [("status", status)])
    }

    /// Deliveries to a destination during the last minute, and the last error it answered.
    public func activity(destination: String, now: Date = Date()) -> (perMinute: Int, lastError: String?, lastErrorAt: Date?) {
        activityState.withLock { state in
            let recent = state.recentDeliveries[destination, default: []].filter { now.timeIntervalSince($0) < 60 }.count
            return (recent, state.lastError[destination]?.text, state.lastError[destination]?.at)
        }
    }

    private func count(_ name: String, _ dimensions: [(String, String)]) {
        Counter(label: name, dimensions: dimensions, factory: backend).increment()
    }

    private func gauge(_ name: String, _ dimensions: [(String, String)], _ value: Double) {
        Gauge(label: name, dimensions: dimensions, factory: backend).record(value)
    }

    /// The exposition text, the queue figures read from the store at scrape time, then the libraries' figures.
    public func render(queues: [QueueStats], adapters: [String: AdapterMode], circuits: [String: CircuitState] = [:]) -> String {
        for queue in queues {
            let destination = [("destination", queue.destination)]
            gauge("passerelle_queue_depth", destination, Double(queue.pending + queue.inFlight))
            gauge("passerelle_dead_letters", destination, Double(queue.dead))
            gauge("passerelle_queue_oldest_age_seconds", destination, queue.oldestPendingAgeSeconds ?? 0)
        }
        for (name, mode) in adapters {
            gauge("passerelle_adapter_enabled", [("adapter", name)], mode == .enabled ? 1 : 0)
        }
        for (name, state) in circuits {
            let open: Double
            switch state {
            case .closed: open = 0
            case .open, .halfOpen: open = 1
            }
            gauge("passerelle_circuit_open", [("destination", name)], open)
        }
        return backend.exposition() + Self.libraries.exposition()
    }
}
