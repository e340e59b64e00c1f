import AsyncHTTPClient
import Foundation
import Gateway
import LocalPostgres
import Logging
import NIOCore
import Server
import StorePostgres

/// `make bench`: accept throughput and latency with full durability over real HTTP on loopback, then the delivery
/// drain rate to a stub: SQLite (WAL, synchronous=FULL, group commit) with 1 and 64 clients, then 1, 2 and 3 gateway
/// instances sharing one throwaway PostgreSQL (fsync and synchronous_commit on) with 64 clients spread over them,
/// then SAPHIR's outage backlog: signed webhooks from 64 senders (`SaphirBench`), then a GENESIS backlog polled
/// through the poller into the store (`GenesisBench`).
/// Load generator, instances and database share one 2-core machine, so the figures are a lower bound.
/// Then the SMS service (`SMSBench`): reminders planned per second, sends per second at the provider's rate limit.
/// Sizes come from BENCH_MESSAGES, BENCH_PG_MESSAGES, BENCH_SAPHIR_EVENTS, BENCH_SAPHIR_PEOPLE, BENCH_SMS_APPOINTMENTS,
/// BENCH_SMS_SENDS and BENCH_SMS_RATE.
@main
struct PasserelleBench {
    static let token = "bench-token-\(UUID().uuidString)"

    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        func size(_ name: String, _ standard: Int) -> Int { environment[name].flatMap { Int($0) } ?? standard }
        let messages = size("BENCH_MESSAGES", 4_000)
        let postgresMessages = size("BENCH_PG_MESSAGES", 100_000)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .error
            return handler
        }
        print("passerelle bench — durable accept, then delivery to a stub")
        print("SQLite (WAL, synchronous=FULL), \(messages) messages per run:")
        for clients in [1, 64] {
            try await run(store: .sqlite, instances: 1, clients: clients,
                          messages: clients == 1 ? min(messages, 1_000) : messages)
        }
        print("PostgreSQL (fsync=on, synchronous_commit=on), \(postgresMessages) messages per run, 64 clients:")
        for instances in 1...3 {
            try await run(store: .postgres, instances: instances, clients: 64, messages: postgresMessages)
        }
        try await SaphirBench.run(clients: 64, events: size("BENCH_SAPHIR_EVENTS", 50_000),
                                  people: size("BENCH_SAPHIR_PEOPLE", 15_000))
        try await GenesisBench.run(movements: size("BENCH_GENESIS_MOVEMENTS", 20_000),
                                   people: size("BENCH_GENESIS_PEOPLE", 2_000), pageSize: 500)
        try await SMSBench.run(appointments: size("BENCH_SMS_APPOINTMENTS", 100_000), sends: size("BENCH_SMS_SENDS", 200),
                               ratePerSecond: size("BENCH_SMS_RATE", 20))
    }

    enum StoreChoice { case sqlite, postgres }

    static func run(store: StoreChoice, instances: Int, clients: Int, messages: Int) async throws {
        let stub = HomeStub()
        let stubPort = try await stub.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storeLine = switch store {
        case .sqlite: "{sqlite: \(directory.path)/bench.sqlite}"
        case .postgres: "{postgres: \"\(try await LocalPostgres.shared.makeDatabase(prefix: "bench"))\"}"
        }
        let yaml = """
            store: \(storeLine)
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
        var apps: [GatewayApp] = []
        var urls: [String] = []
        for _ in 0..<instances {
            let app = try await GatewayApp(config: config, environment: ["BENCH_TOKEN": token], logger: logger)
            urls.append("http://127.0.0.1:\(try await app.start())/v1/messages")
            apps.append(app)
        }
        let bodies = (0..<messages).map { index in
            ByteBuffer(string: envelope(index: index, person: index % 15_000))
        }

        let targets = urls
        let next = Counter()
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var mine: [Double] = []
                    while let index = next.take(below: messages) {
                        var request = HTTPClientRequest(url: targets[index % targets.count])
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
        let counts = try await apps[0].store.counts()
        guard counts.messages == messages else { throw BenchError.lost(expected: messages, stored: counts.messages) }

        // Drain: switch deliveries on and time until the stub has every message.
        let drainStart = ContinuousClock.now
        _ = try await apps[0].store.setAdapterState(name: "home", mode: .enabled,
                                                    actor: AuditActor(id: "bench", function: "ops"),
                                                    reason: "bench drain", now: Date())
        apps.forEach { $0.delivery.wakeAll() }
        while stub.accepted.count < messages { try await Task.sleep(for: .milliseconds(20)) }
        let drainSeconds = (ContinuousClock.now - drainStart).seconds

        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print(String(format: "  instances %d, clients %3d: accepted %6d in %7.2f s = %7.0f msg/s (p50 %6.2f ms, "
                        + "p99 %6.2f ms); delivered to stub at %6.0f msg/s (%d duplicates)", instances, clients, messages,
                     acceptSeconds, Double(messages) / acceptSeconds, percentile(0.5), percentile(0.99),
                     Double(messages) / drainSeconds, stub.accepted.count - messages))
        var lock = AuditLockFigures()
        for app in apps {
            if let postgres = app.store as? PostgresStore { lock = lock + (await postgres.auditLockFigures()) }
        }
        if lock.commits > 0 {
            print(String(format: "    audit chain lock: %d commits of %.1f jobs on average, waited %.2f ms and held %.2f ms "
                            + "per commit (held: tail read, append, commit)", lock.commits,
                         Double(lock.jobs) / Double(lock.commits), lock.waited.seconds * 1_000 / Double(lock.commits),
                         lock.held.seconds * 1_000 / Double(lock.commits)))
        }
        for app in apps { await app.stop() }
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
