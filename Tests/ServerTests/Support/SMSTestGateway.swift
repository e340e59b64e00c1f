import ContractKit
import Foundation
import Gateway
import Logging
import NIOHTTP1
import Server
import SMSAdapter
import Synchronization

/// A gateway with the SMS service on a loopback port, a controllable clock, the SMS provider stub (Twilio-compatible
/// primary, JSON secondary) posting signed receipts and replies back, and a home-system stand-in.
final class SMSTestGateway: Sendable {
    static let officerToken = "officer-token-\(UUID().uuidString)"
    static let homeToken = "home-token-\(UUID().uuidString)"
    static let opsToken = "ops-token-\(UUID().uuidString)"
    static let partnerToken = "partner-token-\(UUID().uuidString)"
    /// Made up per run: an AES key and a hash key, never real ones.
    static let phoneKey = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    static let hashKey = "sms-test-hash-key-\(UUID().uuidString)"

    let clock: Mutex<Date>
    let provider: SMSProviderStub
    let home: HomeStub
    let directory: URL
    let port: Int
    let providerPort: Int
    let yaml: String
    private let running = Mutex<GatewayApp?>(nil)

    var app: GatewayApp { running.withLock { $0! } }
    var sms: SMSService { app.sms! }
    var store: any SMSStore { app.store as! any SMSStore }

    static var environment: [String: String] {
        let stub = SMSStubConfiguration()
        return ["T_HOME": homeToken, "T_OPS": opsToken, "T_OFFICER": officerToken, "T_PARTNER": partnerToken,
                "T_PHONE_KEY": phoneKey, "T_HASH_KEY": hashKey,
                "T_TWILIO": stub.twilioAuthToken.reveal(), "T_JSON_KEY": stub.jsonAPIKey.reveal(),
                "T_JSON_SECRET": stub.jsonWebhookSecret.reveal()]
    }

    /// Starts everything at `now` on the gateway's clock; the stub waits `receiptDelay` before each receipt.
    /// `jsonOnly`: the JSON profile is the only provider (its receipts may come per part). `templates`: the text of
    /// a templates file.
    static func start(now: Date, receiptDelay: Int = 20, jsonOnly: Bool = false,
                      templates: String? = nil) async throws -> SMSTestGateway {
        let port = try GatewayProcess.freePort()
        var stubConfiguration = SMSStubConfiguration()
        stubConfiguration.eventsURL = "http://127.0.0.1:\(port)/inbound/sms/\(jsonOnly ? "primary" : "secondary")/status"
        stubConfiguration.replyURL = "http://127.0.0.1:\(port)/inbound/sms/primary/replies"
        stubConfiguration.receiptDelayMilliseconds = receiptDelay
        let provider = SMSProviderStub(configuration: stubConfiguration)
        let providerPort = try await provider.start()
        let home = HomeStub()
        let homePort = try await home.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-sms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var templatesLine = ""
        if let templates {
            let path = directory.appendingPathComponent("sms-templates.yaml").path
            try templates.write(toFile: path, atomically: true, encoding: .utf8)
            templatesLine = "templates: \(path)"
        }
        let twilio = """
                  primary_profile: twilio
                  primary_base_url: "http://127.0.0.1:\(providerPort)"
                  primary_account_sid: \(stubConfiguration.twilioAccountSid)
                  primary_auth_token_env: T_TWILIO
                  primary_from: JUSTICE
                  primary_timeout_ms: "3000"
                  primary_rate_per_second: "100"

            """
        func json(_ slot: String) -> String {
            """
                  \(slot)_profile: json
                  \(slot)_base_url: "http://127.0.0.1:\(providerPort)"
                  \(slot)_api_key_env: T_JSON_KEY
                  \(slot)_webhook_secret_env: T_JSON_SECRET
                  \(slot)_from: JUSTICE
            """
        }
        let yaml = """
            store: {sqlite: \(directory.path)/gateway.sqlite}
            server: {host: 127.0.0.1, port: \(port)}
            clients:
              - {name: appi-test, role: home, token_env: T_HOME}
              - {name: officer-test, role: officer, token_env: T_OFFICER}
              - {name: ops-test, role: ops, token_env: T_OPS}
              - {name: parquet-partner-test, role: partner, adapters: [home], token_env: T_PARTNER}
            adapters:
              home: {enabled: true}
              sms:
                enabled: true
                settings:
                  phone_key_env: T_PHONE_KEY
                  hash_key_env: T_HASH_KEY
                  public_url: "http://127.0.0.1:\(port)"
                  reconcile_after_seconds: "5"
                  \(templatesLine)
            \(jsonOnly ? json("primary") : twilio + json("secondary"))
            destinations:
              - {name: appi-spip, adapter: home, role: spip, url: "http://127.0.0.1:\(homePort)/webhook", timeout_ms: 2000,
                 retry: {max_attempts: 3, base_delay_ms: 20, max_delay_ms: 100}}
              - {name: sms-planner, adapter: sms, role: spip, url: "local:sms", categories: [identity, contact, agenda],
                 retry: {max_attempts: 5, base_delay_ms: 20, max_delay_ms: 100}}
            routes:
              appointment.scheduled: [sms-planner]
              appointment.rescheduled: [sms-planner]
              appointment.cancelled: [sms-planner]
              person.updated: [sms-planner]
              "*": [appi-spip]
            """
        let gateway = SMSTestGateway(now: now, provider: provider, home: home, directory: directory, port: port,
                                     providerPort: providerPort, yaml: yaml)
        try await gateway.boot()
        return gateway
    }

    private init(now: Date, provider: SMSProviderStub, home: HomeStub, directory: URL, port: Int,
                 providerPort: Int, yaml: String) {
        self.clock = Mutex(now)
        self.providerPort = providerPort
        self.provider = provider
        self.home = home
        self.directory = directory
        self.port = port
        self.yaml = yaml
    }

    /// Starts a gateway process on the same store and port (a restart).
    func boot() async throws {
        let config = try PasserelleConfig.parse(yaml, file: "sms-test.yaml")
        var logger = Logger(label: "passerelle-sms-test")
        logger.logLevel = .warning
        let app = try await GatewayApp(config: config, environment: Self.environment, clock: { self.now },
                                       idlePollMilliseconds: 20, logger: logger)
        _ = try await app.start()
        running.withLock { $0 = app }
    }

    /// Stops the gateway only: stubs and store stay.
    func halt() async {
        await app.stop()
    }

    /// Runs `body` against a fresh set-up and always tears it down.
    static func run(now: Date, receiptDelay: Int = 20, jsonOnly: Bool = false, templates: String? = nil,
                    _ body: (SMSTestGateway) async throws -> Void) async throws {
        let gateway = try await start(now: now, receiptDelay: receiptDelay, jsonOnly: jsonOnly, templates: templates)
        do {
            try await body(gateway)
        } catch {
            await gateway.stop()
            throw error
        }
        await gateway.stop()
    }

    func stop() async {
        await app.stop()
        await provider.stop()
        await home.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    var now: Date { clock.withLock { $0 } }

    /// Moves the gateway's clock and wakes its SMS sender.
    func advance(to date: Date) {
        clock.withLock { $0 = date }
        sms.wake()
    }

    func request(_ method: HTTPMethod, _ path: String, token: String?, body: String? = nil) async throws -> HTTPExchange {
        try await HTTPExchange.send(method, "http://127.0.0.1:\(port)\(path)", token: token,
                                    body: body.map { Array($0.utf8) }, contentType: "application/json")
    }

    func post(_ envelope: String) async throws -> HTTPExchange {
        try await request(.POST, "/v1/messages", token: Self.homeToken, body: envelope)
    }

    /// Makes a handset reply through the provider stub, which posts the signed callback to the gateway.
    func reply(from number: String, text: String) async throws -> HTTPExchange {
        try await HTTPExchange.send(.POST, "http://127.0.0.1:\(providerPort)/_stub/replies", token: nil,
                                    body: Array("{\"from\":\"\(number)\",\"text\":\"\(text)\",\"profile\":\"twilio\"}".utf8),
                                    contentType: "application/json")
    }

    /// The SMS the provider stub holds for a number.
    func messages(to number: String) -> [SMSProviderStub.Message] {
        provider.messages.filter { $0.to == number }
    }

    /// The `sms.status-changed` envelopes the home system received, as (status, kind) pairs.
    var reportedStatuses: [(status: String, kind: String?)] {
        home.received.filter { $0.kind == "sms.status-changed" }.compactMap { received in
            guard let object = try? JSONSerialization.jsonObject(with: Data(received.body.utf8)) as? [String: Any],
                  let payload = object["payload"] as? [String: Any],
                  let report = payload["smsNotification"] as? [String: Any],
                  let status = report["status"] as? String else { return nil }
            return (status, report["notificationKind"] as? String)
        }
    }

    func notifications(_ appointment: String) async throws -> [SMSNotificationRecord] {
        try await store.smsNotifications(appointmentId: appointment)
    }

    /// Waits until `condition` holds, polling; fails the wait after `seconds`.
    func eventually(_ seconds: Double = 15, _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

/// Appointment events as the home system posts them; numbers from the fiction block, invented names.
enum AppointmentEnvelopes {
    static func appointment(_ kind: String, source: String, person: String, appointment: String, start: String,
                            timeZone: String = "Europe/Paris", mobile: String?, consent: String = "accepted",
                            occurredAt: String = "2026-03-02T09:00:00Z") -> String {
        let mobileField = mobile.map { ",\"mobile\":\"\($0)\"" } ?? ""
        return """
            {"version":1,"kind":"\(kind)","source":{"system":"APPI","site":"SPIP-92"},
             "sourceMessageId":"\(source)","subject":{"personId":"\(person)"},
             "occurredAt":"\(occurredAt)","purpose":"convocation",
             "payload":{
               "person":{"id":"\(person)","nom":"EXEMPLE","prenoms":["Camille"]\(mobileField),"smsConsent":"\(consent)"},
               "appointment":{"id":"\(appointment)","type":"Convocation de suivi SPIP","start":"\(start)",
                 "timeZone":"\(timeZone)","place":{"name":"Antenne de Nanterre","address":"1 rue Exemple, 92000 Nanterre",
                 "phone":"01 99 00 00 01"},"service":"SPIP 92","state":"booked"}}}
            """
    }
}
