import CoreMetrics
import Prometheus

/// A swift-metrics backend that writes into one Prometheus registry, giving every family the `# HELP` line scrapers
/// and `promtool check metrics` expect, and names Prometheus accepts: dots become underscores, a counter ends in
/// `_total`, a timer (nanoseconds in, seconds out) ends in `_seconds`.
final class PrometheusBackend: MetricsFactory, Sendable {
    let registry = PrometheusCollectorRegistry()
    private let help: [String: String]
    private let fallbackHelp: String
    private let valueBuckets: [String: [Double]]
    private static let defaultValueBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    private static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10),
    ]

    /// `help` by Prometheus name (after the suffixes are added); `fallbackHelp` for a name it does not know.
    init(help: [String: String], fallbackHelp: String, valueBuckets: [String: [Double]] = [:]) {
        self.help = help
        self.fallbackHelp = fallbackHelp
        self.valueBuckets = valueBuckets
    }

    /// The exposition text of every metric recorded so far.
    func exposition() -> String {
        registry.emitToString()
    }

    static func prometheusName(_ label: String, suffix: String? = nil) -> String {
        var name = String(label.map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII || $0 == "_" || $0 == ":" ? $0 : "_" })
        if let first = name.first, first.isNumber { name = "_" + name }
        if let suffix, !name.hasSuffix(suffix) { name += suffix }
        return name
    }

    private static func labels(_ dimensions: [(String, String)]) -> [(String, String)] {
        dimensions.map { (prometheusName($0.0).replacingOccurrences(of: ":", with: "_"), $0.1) }
    }

    private func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help[name] ?? fallbackHelp)
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(Self.prometheusName(label, suffix: "_total")),
                             labels: Self.labels(dimensions))
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(Self.prometheusName(label, suffix: "_total")),
                             labels: Self.labels(dimensions))
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        let name = Self.prometheusName(label)
        guard aggregate else { return registry.makeGauge(descriptor: descriptor(name), labels: Self.labels(dimensions)) }
        return registry.makeValueHistogram(descriptor: descriptor(name), labels: Self.labels(dimensions),
                                           buckets: valueBuckets[name] ?? Self.defaultValueBuckets)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(Self.prometheusName(label)), labels: Self.labels(dimensions))
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.makeDurationHistogram(descriptor: descriptor(Self.prometheusName(label, suffix: "_seconds")),
                                       labels: Self.labels(dimensions), buckets: Self.durationBuckets)
    }

    func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? ValueHistogram { registry.unregisterValueHistogram(histogram) }
    }

    func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
