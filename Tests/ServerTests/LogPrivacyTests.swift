import Foundation
import Glibc
import Server
import Testing

/// Logs carry ids and classes, never personal data: a gateway process is fed canary names, phone numbers and
/// free text, accepted and rejected, and every line it wrote is searched.
@Suite(.serialized) struct LogPrivacyTests {
    @Test func noPersonalDataReachesTheLogs() async throws {
        let stub = HomeStub()
        let stubPort = try await stub.start()
        let scratch = try GatewayProcess("passerelle-logs") { directory, port in
            """
            store: {sqlite: \(directory)/gateway.sqlite}
            server: {host: 127.0.0.1, port: \(port)}
            clients: [{name: appi-test, role: home, token_env: T_HOME}]
            adapters: {home: {enabled: true}}
            destinations:
              - {name: appi-spip, adapter: home, role: spip, url: "http://127.0.0.1:\(stubPort)/webhook"}
              - {name: parquet-tj, adapter: home, role: parquet, url: "http://127.0.0.1:\(stubPort)/webhook"}
            routes: {note.recorded: [appi-spip, parquet-tj], "*": [appi-spip]}
            """
        }
        defer { scratch.remove() }
        let process = try scratch.launch(["--log-level", "debug"])
        defer { GatewayProcess.kill9(process) }
        let base = scratch.base
        #expect(try await scratch.waitUntilLive())

        let name = "CANARYNOM\(Int.random(in: 100_000...999_999))"
        let phone = "+3361\(Int.random(in: 1_000_000...9_999_999))"
        let note = "CANARY-NOTE-\(UUID().uuidString)"
        let interview = "CANARY-INTERVIEW-\(UUID().uuidString)"
        let accepted = Envelopes.noteAndInterview("log-1", noteCanary: note, interviewCanary: interview)
            .replacingOccurrences(of: "\"EXEMPLE\"", with: "\"\(name)\",\"mobile\":\"\(phone)\"")
        let rejected = [
            // Unknown key carrying a canary value, a wrong type holding one, malformed JSON ending on one.
            accepted.replacingOccurrences(of: #""sourceMessageId":"log-1""#, with: #""sourceMessageId":"log-2","x":"\#(name)""#),
            accepted.replacingOccurrences(of: #""sourceMessageId":"log-1""#, with: #""sourceMessageId":"log-3""#)
                .replacingOccurrences(of: "\"version\":1", with: "\"version\":\"\(phone)\""),
            "{\"version\":1,\"kind\":\"\(name)",
            accepted.replacingOccurrences(of: "note.recorded", with: "note.\(name.lowercased())"),
        ]
        let answer = try await HTTPExchange.send(.POST, "\(base)/v1/messages", token: TestGateway.homeToken,
                                                 body: Array(accepted.utf8), contentType: "application/json")
        #expect(answer.status == 202, "\(answer.body)")
        for body in rejected {
            let refused = try await HTTPExchange.send(.POST, "\(base)/v1/messages", token: TestGateway.homeToken,
                                                      body: Array(body.utf8), contentType: "application/json")
            #expect((400..<500).contains(refused.status))
            for canary in [name, phone, note, interview] { #expect(!refused.body.contains(canary)) }
        }
        let deadline = Date().addingTimeInterval(10)
        while stub.accepted.count < 2, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(stub.accepted.count == 2)
        await stub.stop()

        let lines = try String(contentsOf: scratch.log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count >= 6, "the gateway should have logged its events")
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not a JSON line: \(line)")
            for canary in [name, phone, note, interview, TestGateway.homeToken] {
                #expect(!line.contains(canary), "personal data or secret in a log line")
            }
        }
        #expect(lines.contains { $0.contains("message accepted") })
        #expect(lines.contains { $0.contains("request refused") })
        #expect(lines.contains { $0.contains("delivery attempt") })
    }
}
