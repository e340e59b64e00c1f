import Foundation

/// Faults a stub injects on purpose, from `--fault` flags or a request's `X-Stub-Fault` header.
///
/// The spelling is a comma-separated list:
/// `latency=200ms`, `latency=50ms..300ms` (uniform random), `error=30%` or `error=30%:500` (default status 503),
/// `reset` or `reset=20%` (connection reset, no answer), `truncate` or `truncate=50%` (half the body, then close),
/// `hang` or `hang=30s` (no answer until the client gives up, at most that long, default 120 s),
/// `drip=100ms` (the body one byte at a time, that far apart), `none`.
public struct StubFaults: Sendable, Equatable, CustomStringConvertible {
    /// Milliseconds added before answering, drawn uniformly from the range.
    public var latency: ClosedRange<Int>?
    /// Share of requests answered with `errorStatus` instead of the contract's answer.
    public var errorRate = 0.0
    public var errorStatus = 503
    public var resetRate = 0.0
    public var truncateRate = 0.0
    /// Milliseconds to hang, at most; the stub stopping ends a hang too.
    public var hang: Int?
    /// Milliseconds between two bytes of the body.
    public var drip: Int?

    public static let none = StubFaults()

    public init() {}

    /// Reads a fault list; the error names the item and the spelling expected.
    public init(parsing spec: String) throws(ContractError) {
        for item in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0], value = parts.count > 1 ? parts[1] : nil
            switch (name, value) {
            case ("none", nil):
                break
            case ("latency", let value?):
                let bounds = value.components(separatedBy: "..")
                guard let low = Self.milliseconds(bounds[0]), let high = Self.milliseconds(bounds.last ?? ""), low <= high,
                      bounds.count <= 2 else { throw Self.bad(item, "latency=200ms or latency=50ms..300ms") }
                latency = low...high
            case ("error", let value):
                let pieces = (value ?? "100%").split(separator: ":").map(String.init)
                guard let rate = Self.rate(pieces[0]) else { throw Self.bad(item, "error=30% or error=30%:500") }
                errorRate = rate
                if pieces.count == 2 {
                    guard let status = Int(pieces[1]), (100...599).contains(status) else {
                        throw Self.bad(item, "error=30%:500, with an HTTP status")
                    }
                    errorStatus = status
                }
            case ("reset", let value):
                guard let rate = Self.rate(value ?? "100%") else { throw Self.bad(item, "reset or reset=20%") }
                resetRate = rate
            case ("truncate", let value):
                guard let rate = Self.rate(value ?? "100%") else { throw Self.bad(item, "truncate or truncate=50%") }
                truncateRate = rate
            case ("hang", let value):
                guard let duration = Self.milliseconds(value ?? "120s") else { throw Self.bad(item, "hang or hang=30s") }
                hang = duration
            case ("drip", let value?):
                guard let gap = Self.milliseconds(value) else { throw Self.bad(item, "drip=100ms") }
                drip = gap
            default:
                throw Self.bad(item, "one of latency, error, reset, truncate, hang, drip, none")
            }
        }
    }

    /// What happens to one request, decided up front so that the I/O only carries it out.
    public struct Plan: Sendable, Equatable {
        public enum Action: Sendable, Equatable {
            case answer
            case error(status: Int)
            case reset
            case truncate
            case hang(milliseconds: Int)
        }
        public var delay: Int
        public var action: Action
        public var drip: Int?
    }

    /// Draws the faults for one request.
    public func plan(using random: inout some RandomNumberGenerator) -> Plan {
        let delay = latency.map { Int.random(in: $0, using: &random) } ?? 0
        let action: Plan.Action
        if let hang {
            action = .hang(milliseconds: hang)
        } else if Double.random(in: 0..<1, using: &random) < resetRate {
            action = .reset
        } else if Double.random(in: 0..<1, using: &random) < errorRate {
            action = .error(status: errorStatus)
        } else if Double.random(in: 0..<1, using: &random) < truncateRate {
            action = .truncate
        } else {
            action = .answer
        }
        return Plan(delay: delay, action: action, drip: drip)
    }

    public var description: String {
        var items: [String] = []
        if let latency { items.append(latency.lowerBound == latency.upperBound ? "latency=\(latency.lowerBound)ms"
                                        : "latency=\(latency.lowerBound)ms..\(latency.upperBound)ms") }
        if errorRate > 0 { items.append("error=\(Int(errorRate * 100))%:\(errorStatus)") }
        if resetRate > 0 { items.append("reset=\(Int(resetRate * 100))%") }
        if truncateRate > 0 { items.append("truncate=\(Int(truncateRate * 100))%") }
        if let hang { items.append("hang=\(hang)ms") }
        if let drip { items.append("drip=\(drip)ms") }
        return items.isEmpty ? "none" : items.joined(separator: ",")
    }

    private static func milliseconds(_ text: String) -> Int? {
        if text.hasSuffix("ms") { return Int(text.dropLast(2)).flatMap { $0 >= 0 ? $0 : nil } }
        if text.hasSuffix("s") { return Int(text.dropLast()).flatMap { $0 >= 0 ? $0 * 1000 : nil } }
        return nil
    }

    private static func rate(_ text: String) -> Double? {
        guard text.hasSuffix("%"), let percent = Double(text.dropLast()), (0...100).contains(percent) else { return nil }
        return percent / 100
    }

    private static func bad(_ item: String, _ expected: String) -> ContractError {
        ContractError("fault \"\(item)\" not understood; write \(expected)")
    }
}
