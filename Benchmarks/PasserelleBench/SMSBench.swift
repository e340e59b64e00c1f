import ContractKit
import Foundation
import Gateway
import Logging
import Server
import SMSAdapter
import SMSCore

/// The SMS service: appointments planned per second (decode, plan in the recipient's time zone, number sealed,
/// one durable transaction each, 64 at once on SQLite), then sends per second to the provider stub with the
/// provider's rate limit, checking that no one-second window ever held more sends than the limit allows.
enum SMSBench {
    /// A Monday 10:00 in Paris: inside every territory's window but Saint-Pierre's, so the summons are due at once.
    static let monday = Date(timeIntervalSince1970: 1_772_442_000)

    static func run(appointments: Int, sends: Int, ratePerSecond: Int) async throws {
        print("SMS: \(appointments) appointments planned; \(sends) summons sent at \(ratePerSecond)/s (burst 1):")
        let stub = SMSProviderStub()
        let stubPort = try await stub.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-sms-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // Planning alone: the pure planner, then the service's whole intake.
        let planner = ReminderPlanner()
        let recipient = RecipientState(phone: try PhoneNumber(parsing: "+262639980001"), consented: true)
        let pureStart = ContinuousClock.now
        var planned = 0
        for index in 0..<appointments {
            let start = monday.addingTimeInterval(Double(3 + index % 20) * 86_400 + Double(index % 8) * 3600)
            planned += planner.plan(.scheduled, start: start, recipient: recipient, now: monday).notifications.count
        }
        let pureSeconds = (ContinuousClock.now - pureStart).seconds
        print(String(format: "  planner alone: %d appointments in %.2f s = %.0f appointments/s (%d SMS planned)",
                     appointments, pureSeconds, Double(appointments) / pureSeconds, planned))

        let app = try await gateway(directory: directory, stubPort: stubPort, rate: ratePerSecond, name: "plan")
        let service = try require(app.sms)
        let bodies = (0..<appointments).map { envelope(index: $0) }
        let next = Counter()
        let intakeStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    while let index = next.take(below: appointments) {
                        guard case .response(204, _) = await service.intake(bodies[index]) else {
                            throw BenchError.status(0)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let intakeSeconds = (ContinuousClock.now - intakeStart).seconds
        print(String(format: "  through the service (SQLite, durable): %d appointments in %.2f s = %.0f appointments/s",
                     appointments, intakeSeconds, Double(appointments) / intakeSeconds))
        await app.stop()

        // Sending: a fresh store with `sends` summons due now, the sender running against the stub.
        let sender = try await gateway(directory: directory, stubPort: stubPort, rate: ratePerSecond, name: "send")
        let senderService = try require(sender.sms)
        for index in 0..<sends {
            _ = await senderService.intake(envelope(index: index))
        }
        let sendStart = ContinuousClock.now
        _ = try await sender.start()
        while stub.messages.count < sends { try await Task.sleep(for: .milliseconds(20)) }
        let sendSeconds = (ContinuousClock.now - sendStart).seconds
        let times = stub.messages.map(\.createdAt).sorted()
        var busiest = 0
        var first = 0
        for (last, time) in times.enumerated() {
            while time.timeIntervalSince(times[first]) >= 1 { first += 1 }
            busiest = max(busiest, last - first + 1)
        }
        print(String(format: "  sent %d SMS in %.2f s = %.1f SMS/s; busiest one-second window %d SMS (limit %d + burst 1)%@",
                     sends, sendSeconds, Double(sends) / sendSeconds, busiest, ratePerSecond,
                     busiest <= ratePerSecond + 1 ? "" : " — LIMIT EXCEEDED"))
        await sender.stop()
        await stub.stop()
    }

    static func gateway(directory: URL, stubPort: Int, rate: Int, name: String) async throws -> GatewayApp {
        let stub = SMSStubConfiguration()
        let yaml = """
            store: {sqlite: \(directory.path)/\(name).sqlite}
            server: {host: 127.0.0.1, port: 0}
            clients: []
            adapters:
              sms:
                enabled: true
                settings:
                  phone_key_env: BENCH_PHONE_KEY
                  hash_key_env: BENCH_HASH_KEY
                  primary_profile: twilio
                  primary_base_url: "http://127.0.0.1:\(stubPort)"
                  primary_account_sid: \(stub.twilioAccountSid)
                  primary_auth_token_env: BENCH_TWILIO
                  primary_from: JUSTICE
                  primary_rate_per_second: "\(rate)"
                  primary_burst: "1"
            destinations:
              - {name: sms-planner, adapter: sms, role: spip, url: "local:sms", categories: [identity, contact, agenda]}
            routes: {}
            """
        let environment = ["BENCH_PHONE_KEY": Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString(),
                           "BENCH_HASH_KEY": "bench-hash-key-\(UUID().uuidString)",
                           "BENCH_TWILIO": stub.twilioAuthToken.reveal()]
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        return try await GatewayApp(config: try PasserelleConfig.parse(yaml, file: "sms-bench"), environment: environment,
                                    clock: { monday }, logger: logger)
    }

    /// An `appointment.scheduled` for person `index % 15,000`, 3 to 22 days ahead, fiction-block numbers.
    static func envelope(index: Int) -> [UInt8] {
        let person = String(format: "0190f3a2-7b1c-7000-8000-%012d", index % 15_000)
        let appointment = String(format: "0190f3a2-7b1c-7000-9000-%012d", index)
        let start = monday.addingTimeInterval(Double(3 + index % 20) * 86_400 + Double(index % 8) * 3600)
        return Array("""
            {"version":1,"kind":"appointment.scheduled","source":{"system":"APPI","site":"SPIP-92"},
             "sourceMessageId":"bench-rdv-\(index)","subject":{"personId":"\(person)"},
             "occurredAt":"2026-03-02T09:00:00Z","purpose":"convocation",
             "payload":{"person":{"id":"\(person)","nom":"EXEMPLE","prenoms":["Camille"],
               "mobile":"+2626399800\(String(format: "%02d", index % 50))","smsConsent":"accepted"},
               "appointment":{"id":"\(appointment)","type":"Convocation de suivi SPIP",
                 "start":"\(start.formatted(Date.ISO8601FormatStyle()))","timeZone":"Europe/Paris",
                 "place":{"name":"Antenne de Nanterre","address":"1 rue Exemple, 92000 Nanterre"},
                 "service":"SPIP 92","state":"booked"}}}
            """.utf8)
    }
}

/// `#require` for the bench: a missing piece is a set-up error.
func require<T>(_ value: T?) throws -> T {
    guard let value else { throw BenchError.status(-1) }
    return value
}
