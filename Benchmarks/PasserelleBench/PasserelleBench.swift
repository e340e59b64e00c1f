import AsyncHTTPClient
import Foundation
import Gateway
import Logging
import NIOCore
import Server

/// `make bench`: accept throughput and latency with full durability (SQLite WAL, synchronous=FULL, group commit),
/// for 1 and 64 concurrent clients over real HTTP on loopback, then the delivery drain rate to a stub.
/// Then SAPHIR's outage backlog: signed webhooks from 64 senders (`SaphirBench`).
/// The load generator runs in the same process, so the figures are a lower bound on a 2-core machine.
@main
struct PasserelleBench {
    static let token = "bench-token-\(UUID().uuidString)"

    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        let messages = Int(arguments.first ?? "") ?? 4_000
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .error
            return handler
        }
        print("passerelle bench — \(messages) messages per run, durable accept (SQLite WAL, synchronous=FULL)")
        for clients in [1, 64] {
            try await run(clients: clients, messages: clients == 1 ? min(messages, 1_000) : messages)
        }
        let events = Int(arguments.dropFirst().first ?? "") ?? 50_000
        let people = Int(arguments.dropFirst(2).first ?? "") ?? 15_000
        try await SaphirBench.run(clients: 64, events: events, people: people)
    }

    static func run(clients: Int, messages: Int) async throws {
        let stub = HomeStub()
        let stubPort = try await stub.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = """
            store: {sqlite: \(directory.path)/bench.sqlite}
            server: {host: 127.0.0.1, port: 0}
            clients: [{name: bench, role: home, token_env: BENCH_TOKEN}]
            adapters: {home: {enabled: false}}
            destinations:
              - {name: appi, adapter: home, role: spip, url: "http://127.0.0.1:\(stubPort)/webhook", concurrency: 32}
            routes: {"*": [appi]}
            """
        let config = try PasserelleConfig.parse(yaml, file: "bench")
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let app = try GatewayApp(config: config, environment: ["BENCH_TOKEN": token], logger: logger)
        let port = try await app.start()
        let url = "http://127.0.0.1:\(port)/v1/messages"
        let bodies = (0..<messages).map { index in
            ByteBuffer(string: envelope(index: index, person: index % 15_000))
        }

        let next = Counter()
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var mine: [Double] = []
                    while let index = next.take(below: messages) {
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(token)")
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(bodies[index])
                        let sent = ContinuousClock.now
                        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        guard response.status.code == 202 else { throw BenchError.status(Int(response.status.code)) }
                        mine.append((ContinuousClock.now - sent).seconds * 1_000)
                    }
                    return mine
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let acceptSeconds = (ContinuousClock.now - started).seconds
        let counts = try await app.store.counts()
        guard counts.messages == messages else { throw BenchError.lost(expected: messages, stored: counts.messages) }

        // Drain: switch deliveries on and time until the stub has every message.
        let drainStart = ContinuousClock.now
        _ = try await app.store.setAdapterState(name: "home", mode: .enabled, actor: AuditActor(id: "bench", function: "ops"),
                                                reason: "bench drain", now: Date())
        app.delivery.wakeAll()
        while stub.accepted.count < messages { try await Task.sleep(for: .milliseconds(20)) }
        let drainSeconds = (ContinuousClock.now - drainStart).seconds

        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print(String(format: "clients %3d: accepted %6d in %6.2f s = %7.0f msg/s (p50 %6.2f ms, p99 %6.2f ms); "
                        + "delivered to stub at %6.0f msg/s", clients, messages, acceptSeconds,
                     Double(messages) / acceptSeconds, percentile(0.5), percentile(0.99),
                     Double(messages) / drainSeconds))
        await app.stop()
        await stub.stop()
    }

    static func envelope(index: Int, person: Int) -> String {
        """
        {"version":1,"kind":"measure.mandated","source":{"system":"APPI","site":"SPIP-57"},
         "sourceMessageId":"bench-\(UUID().uuidString)-\(index)",
         "subject":{"personId":"\(String(format: "0190f3a2-7b1c-7000-8000-%012d", person))"},
         "occurredAt":"2026-11-02T09:30:00Z","purpose":"saisine",
         "payload":{"measure":{"id":"0190f3a2-7b1c-7000-8000-0000000000f1","type":"SP","status":"EN_COURS",
           "obligations":[{"code":"132-45-1","label":"Exercer une activité professionnelle"}]}}}
        """
    }
}

/// Hands out message indexes to concurrent clients.
final class Counter: @unchecked Sendable {
    // Unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

enum BenchError: Error {
    case status(Int)
    case lost(expected: Int, stored: Int)
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
