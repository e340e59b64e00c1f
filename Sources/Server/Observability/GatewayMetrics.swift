import Foundation
import Gateway
import Synchronization

/// Counters and a latency histogram, rendered in the Prometheus text format.
public final class GatewayMetrics: Sendable {
    private struct Key: Hashable {
        var name: String
        var labels: [String]
    }
    private struct State {
        var counters: [Key: Int] = [:]
        var latencyBuckets: [String: [Int]] = [:]
        var latencySum: [String: Double] = [:]
        var latencyCount: [String: Int] = [:]
        var recentDeliveries: [String: [Date]] = [:]
        var lastError: [String: (text: String, at: Date)] = [:]
    }
    private let state = Mutex(State())
    /// Upper bounds of the delivery latency buckets, in seconds.
    static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    public init() {}

    public func accepted(adapter: String, kind: String) {
        increment("passerelle_messages_accepted_total", ["adapter=\(adapter)", "kind=\(kind)"])
    }

    public func rejected(adapter: String, reason: String) {
        increment("passerelle_messages_rejected_total", ["adapter=\(adapter)", "reason=\(reason)"])
    }

    public func attempt(destination: String, outcome: String, seconds: Double, error: String? = nil, at now: Date = Date()) {
        increment("passerelle_deliveries_total", ["destination=\(destination)", "outcome=\(outcome)"])
        state.withLock { state in
            if outcome == "delivered" {
                var recent = state.recentDeliveries[destination, default: []].filter { now.timeIntervalSince($0) < 60 }
                recent.append(now)
                state.recentDeliveries[destination] = recent
            }
            if let error { state.lastError[destination] = (error, now) }
            var buckets = state.latencyBuckets[destination] ?? Array(repeating: 0, count: Self.bounds.count)
            for (index, bound) in Self.bounds.enumerated() where seconds <= bound { buckets[index] += 1 }
            state.latencyBuckets[destination] = buckets
            state.latencySum[destination, default: 0] += seconds
            state.latencyCount[destination, default: 0] += 1
        }
    }

    /// An SMS the provider accepted.
    public func smsSent(provider: String, encoding: String) {
        increment("passerelle_sms_sent_total", ["provider=\(provider)", "encoding=\(encoding)"])
    }

    /// An SMS the provider refused for good (invalid number, opted out).
    public func smsFailed(provider: String, encoding: String) {
        increment("passerelle_sms_failed_total", ["provider=\(provider)", "encoding=\(encoding)"])
    }

    /// A receipt that moved an SMS's status.
    public func smsReceipt(status: String) {
        increment("passerelle_sms_receipts_total", ["status=\(status)"])
    }

    /// Deliveries to a destination during the last minute, and the last error it answered.
    public func activity(destination: String, now: Date = Date()) -> (perMinute: Int, lastError: String?, lastErrorAt: Date?) {
        state.withLock { state in
            let recent = state.recentDeliveries[destination, default: []].filter { now.timeIntervalSince($0) < 60 }.count
            return (recent, state.lastError[destination]?.text, state.lastError[destination]?.at)
        }
    }

    private func increment(_ name: String, _ labels: [String]) {
        state.withLock { $0.counters[Key(name: name, labels: labels), default: 0] += 1 }
    }

    /// The exposition text, with queue figures read from the store at scrape time.
    public func render(queues: [QueueStats], adapters: [String: AdapterMode], circuits: [String: CircuitState] = [:]) -> String {
        let snapshot = state.withLock { $0 }
        var lines: [String] = []
        func labels(_ pairs: [String]) -> String {
            "{" + pairs.map { pair -> String in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                let value = parts[1].replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                return "\(parts[0])=\"\(value)\""
            }.joined(separator: ",") + "}"
        }
        let help: [String: String] = [
            "passerelle_messages_accepted_total": "Envelopes accepted and stored, per adapter and kind.",
            "passerelle_messages_rejected_total": "Inbound messages rejected, per adapter and reason.",
            "passerelle_deliveries_total": "Delivery attempts, per destination and outcome.",
            "passerelle_sms_sent_total": "SMS accepted by a provider, per provider and encoding (GSM-7, UCS-2).",
            "passerelle_sms_failed_total": "SMS refused for good by a provider, per provider and encoding.",
            "passerelle_sms_receipts_total": "Delivery receipts that moved an SMS's status, per status.",
        ]
        for name in help.keys.sorted() {
            lines.append("# HELP \(name) \(help[name]!)")
            lines.append("# TYPE \(name) counter")
            for (key, value) in snapshot.counters.filter({ $0.key.name == name })
                .sorted(by: { $0.key.labels.joined() < $1.key.labels.joined() }) {
                lines.append("\(name)\(labels(key.labels)) \(value)")
            }
        }
        lines.append("# HELP passerelle_queue_depth Deliveries waiting or in flight, per destination.")
        lines.append("# TYPE passerelle_queue_depth gauge")
        for queue in queues {
            lines.append("passerelle_queue_depth\(labels(["destination=\(queue.destination)"])) \(queue.pending + queue.inFlight)")
        }
        lines.append("# HELP passerelle_dead_letters Deliveries in the dead-letter state, per destination.")
        lines.append("# TYPE passerelle_dead_letters gauge")
        for queue in queues {
            lines.append("passerelle_dead_letters\(labels(["destination=\(queue.destination)"])) \(queue.dead)")
        }
        lines.append("# HELP passerelle_queue_oldest_age_seconds Age of the oldest undelivered delivery, per destination.")
        lines.append("# TYPE passerelle_queue_oldest_age_seconds gauge")
        for queue in queues {
            lines.append("passerelle_queue_oldest_age_seconds\(labels(["destination=\(queue.destination)"])) \(queue.oldestPendingAgeSeconds ?? 0)")
        }
        lines.append("# HELP passerelle_adapter_enabled 1 when the adapter receives and delivers.")
        lines.append("# TYPE passerelle_adapter_enabled gauge")
        for (name, mode) in adapters.sorted(by: { $0.key < $1.key }) {
            lines.append("passerelle_adapter_enabled\(labels(["adapter=\(name)"])) \(mode == .enabled ? 1 : 0)")
        }
        lines.append("# HELP passerelle_circuit_open 1 while a destination's circuit is open or half-open.")
        lines.append("# TYPE passerelle_circuit_open gauge")
        for (name, state) in circuits.sorted(by: { $0.key < $1.key }) {
            let open: Int
            switch state {
            case .closed: open = 0
            case .open, .halfOpen: open = 1
            }
            lines.append("passerelle_circuit_open\(labels(["destination=\(name)"])) \(open)")
        }
        lines.append("# HELP passerelle_delivery_latency_seconds Time of one delivery attempt, per destination.")
        lines.append("# TYPE passerelle_delivery_latency_seconds histogram")
        for destination in snapshot.latencyBuckets.keys.sorted() {
            let buckets = snapshot.latencyBuckets[destination] ?? []
            for (index, bound) in Self.bounds.enumerated() {
                lines.append("passerelle_delivery_latency_seconds_bucket\(labels(["destination=\(destination)", "le=\(bound)"])) \(buckets[index])")
            }
            let count = snapshot.latencyCount[destination] ?? 0
            lines.append("passerelle_delivery_latency_seconds_bucket\(labels(["destination=\(destination)", "le=+Inf"])) \(count)")
            lines.append("passerelle_delivery_latency_seconds_sum\(labels(["destination=\(destination)"])) \(snapshot.latencySum[destination] ?? 0)")
            lines.append("passerelle_delivery_latency_seconds_count\(labels(["destination=\(destination)"])) \(count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
