import AsyncHTTPClient
import Foundation
import NIOCore
import Server
import Testing

/// `stubs:` entries with `system: sms` start the SMS provider stub in-process, with its callback URLs and the
/// credentials of the environment variables they name.
@Suite struct SMSStubConfigTests {
    static func config(stub: String, sqlite: String = "/tmp/unused.sqlite") -> String {
        """
        store: {sqlite: \(sqlite)}
        server: {host: 127.0.0.1, port: 0}
        clients: []
        adapters: {home: {enabled: true}}
        destinations:
          - {name: appi, adapter: home, role: spip, url: "http://127.0.0.1:1/webhook"}
        routes: {"*": [appi]}
        stubs:
          - \(stub)
        """
    }

    @Test func smsStubKeysAreReadAndUnknownOnesRefused() throws {
        let config = try PasserelleConfig.parse(Self.config(stub: """
            {system: sms, port: 9104, events_url: "http://127.0.0.1:8080/e", reply_url: "http://127.0.0.1:8080/r", \
            twilio_token_env: T, json_api_key_env: K, json_webhook_secret_env: W, receipt_delay_ms: 50, faults: accept-hang=5s}
            """), file: "t")
        let stub = try #require(config.stubs?.first)
        #expect(stub.eventsURL == "http://127.0.0.1:8080/e" && stub.replyURL == "http://127.0.0.1:8080/r")
        #expect(stub.twilioTokenEnv == "T" && stub.jsonAPIKeyEnv == "K" && stub.jsonWebhookSecretEnv == "W" && stub.receiptDelayMs == 50)
        #expect(throws: ConfigError.self) {
            _ = try PasserelleConfig.parse(Self.config(stub: "{system: sms, port: 9104, event_url: x}"), file: "t")
        }
    }

    @Test func aMissingCredentialVariableIsNamedWithoutAnyValue() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sms-stub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try PasserelleConfig.parse(Self.config(stub: "{system: sms, port: 0, twilio_token_env: PASSERELLE_TEST_SMS_TOKEN}",
                                                            sqlite: folder.appendingPathComponent("g.sqlite").path), file: "t")
        do {
            _ = try await GatewayApp(config: config, environment: [:])
            Issue.record("started a stub without its token")
        } catch {
            #expect("\(error)".contains("PASSERELLE_TEST_SMS_TOKEN") && "\(error)".contains("not set"))
        }
    }

    @Test func theGatewayStartsTheSMSStubWithTheConfiguredToken() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sms-stub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = try RawListener(listen: false).port
        let config = try PasserelleConfig.parse(Self.config(stub: "{system: sms, port: \(port), json_api_key_env: SMS_KEY}",
                                                            sqlite: folder.appendingPathComponent("g.sqlite").path), file: "t")
        let app = try await GatewayApp(config: config, environment: ["SMS_KEY": "key-from-the-environment-synthetic"])
        _ = try await app.start()
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/messages?client_ref=notif-0001")
        request.headers.add(name: "Authorization", value: "Bearer key-from-the-environment-synthetic")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
        await app.stop()
        #expect(response.status.code == 200 && body == #"{"messages":[]}"#)
    }
}
