import CaseModel
import Foundation
import Gateway
import SMSAdapter
import Synchronization
import Testing

/// A transport that records the request and answers as told (the last answer repeats).
final class ScriptedTransport: Transport {
    private let state: Mutex<(answers: [TransportResult], requests: [OutboundRequest])>

    init(_ answers: TransportResult...) {
        state = Mutex((answers, []))
    }

    var requests: [OutboundRequest] { state.withLock { $0.requests } }

    func send(_ request: OutboundRequest, timeoutMilliseconds: Int) async -> TransportResult {
        state.withLock {
            $0.requests.append(request)
            return $0.answers.count > 1 ? $0.answers.removeFirst() : $0.answers[0]
        }
    }
}

/// Sends and lookups of both profiles: the wire request, and every class of answer (SMS rules §12.2, §12.4).
@Suite struct ProviderSendTests {
    static let message = ProviderMessage(reference: "notif-0001", to: "+33639980001",
                                         text: "Rappel : RDV SPIP lundi 7 decembre a 9h30.", validitySeconds: 7200)

    static func twilio(_ transport: any Transport) -> TwilioProvider {
        TwilioProvider(name: "primary", settings: .init(
            baseURL: "https://api.example.invalid/", accountSid: "AC00000000000000000000000000000001",
            authToken: Secret("contract-test-twilio-token-synthetic"), from: "SPIP57",
            statusCallbackURL: "https://passerelle.example.invalid/sms/twilio/status"), transport: transport)
    }

    static func json(_ transport: any Transport) -> JsonProvider {
        JsonProvider(name: "secondary", settings: .init(baseURL: "https://sms.example.invalid",
                                                        apiKey: Secret("contract-test-json-api-key-synthetic"), from: "SPIP57"),
                     transport: transport)
    }

    static func answer(_ status: Int, _ json: String) -> TransportResult { .response(status: status, body: Array(json.utf8)) }

    @Test func twilioSendIsAFormPostWithBasicAuthAndOurReferenceInTheCallback() async throws {
        let transport = ScriptedTransport(Self.answer(201, #"{"sid":"SMabc","status":"queued","num_segments":"1"}"#))
        let result = await Self.twilio(transport).send(Self.message)
        #expect(result == .accepted(providerMessageId: "SMabc", segments: 1))
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://api.example.invalid/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json")
        let form = try FormEncoding.decode(request.body)
        #expect(form.map(\.0) == ["To", "From", "Body", "StatusCallback", "ValidityPeriod"])
        #expect(form.map(\.1) == ["+33639980001", "SPIP57", Self.message.text,
                                  "https://passerelle.example.invalid/sms/twilio/status?ref=notif-0001", "7200"])
        let basic = "Basic " + Data("AC00000000000000000000000000000001:contract-test-twilio-token-synthetic".utf8).base64EncodedString()
        #expect(request.headers.contains { $0.0 == "Authorization" && $0.1 == basic })
    }

    @Test(arguments: [
        (429, "20429", "notProcessed"), (400, "21611", "notProcessed"), (503, "30001", "notProcessed"),
        (400, "21610", "optedOut"),
        (400, "21211", "permanent"), (400, "21614", "permanent"), (400, "21617", "permanent"),
        (401, "20003", "configuration"), (400, "21408", "configuration"), (400, "21606", "configuration"),
        (400, "21608", "configuration"), (400, "21657", "configuration"), (400, "30042", "configuration"),
        (500, nil, "uncertain"), (502, nil, "uncertain"), (503, nil, "uncertain"), (429, nil, "notProcessed"),
        (403, nil, "configuration"), (400, "99999", "permanent"),
    ] as [(Int, String?, String)])
    func twilioErrorCodesMapToTheirClass(status: Int, code: String?, expected: String) async {
        let body = code.map { #"{"code":\#($0),"message":"refused","status":\#(status)}"# } ?? "<html>busy</html>"
        let result = await Self.twilio(ScriptedTransport(Self.answer(status, body))).send(Self.message)
        #expect(Self.className(result) == expected, "\(status) \(code ?? "-") gave \(result)")
    }

    @Test(arguments: [
        (429, "throttled", "notProcessed"), (503, "maintenance", "notProcessed"), (400, "opted_out", "optedOut"),
        (400, "invalid_number", "permanent"), (400, "text_too_long", "permanent"), (401, "unauthorized", "configuration"),
        (403, "sender_rejected", "configuration"), (409, "duplicate_client_ref", "uncertain"), (500, "internal", "uncertain"),
    ] as [(Int, String, String)])
    func jsonErrorCodesMapToTheirClass(status: Int, code: String, expected: String) async {
        let result = await Self.json(ScriptedTransport(Self.answer(status, #"{"error":{"code":"\#(code)","message":"no"}}"#)))
            .send(Self.message)
        #expect(Self.className(result) == expected, "\(status) \(code) gave \(result)")
    }

    @Test func transportStageDecidesBetweenNotProcessedAndUncertain() async {
        let refused = await Self.twilio(ScriptedTransport(.failure("connection refused", stage: .beforeSending))).send(Self.message)
        let timedOut = await Self.twilio(ScriptedTransport(.failure("read timeout", stage: .afterSending))).send(Self.message)
        let jsonRefused = await Self.json(ScriptedTransport(.failure("connection refused", stage: .beforeSending))).send(Self.message)
        let jsonReset = await Self.json(ScriptedTransport(.failure("reset", stage: .afterSending))).send(Self.message)
        #expect([refused, jsonRefused].map(Self.className) == ["notProcessed", "notProcessed"])
        #expect([timedOut, jsonReset].map(Self.className) == ["uncertain", "uncertain"])
    }

    @Test func aSuccessWithoutAnIdIsUncertainNeverAccepted() async {
        let result = await Self.json(ScriptedTransport(Self.answer(202, "{}"))).send(Self.message)
        #expect(Self.className(result) == "uncertain")
    }

    @Test func jsonSendCarriesClientRefAndLookupIsByIt() async throws {
        let transport = ScriptedTransport(Self.answer(202, #"{"id":"msg-1","status":"accepted","segments":1}"#),
                                          Self.answer(200, #"{"messages":[{"id":"msg-1","client_ref":"notif-0001","status":"sent"}]}"#),
                                          Self.answer(200, #"{"messages":[]}"#))
        let provider = Self.json(transport)
        #expect(await provider.send(Self.message) == .accepted(providerMessageId: "msg-1", segments: 1))
        guard case .object(let members) = try StrictJSON.parse(transport.requests[0].body) else { Issue.record("not an object"); return }
        #expect(Dictionary(uniqueKeysWithValues: members) == [
            "client_ref": .string("notif-0001"), "from": .string("SPIP57"), "text": .string(Self.message.text),
            "to": .string("+33639980001"), "validity_seconds": .number("7200"),
        ])
        #expect(await provider.lookup(Self.message, since: Date()) == .found(providerMessageId: "msg-1", status: .sent))
        #expect(transport.requests[1].url == "https://sms.example.invalid/v1/messages?client_ref=notif-0001")
        #expect(await provider.lookup(Self.message, since: Date()) == .notFound)
    }

    @Test func twilioLookupMatchesRecipientAndTextAndNeedsACompleteList() async throws {
        let listed = #"{"messages":[{"sid":"SMold","to":"+33639980001","body":"another text","status":"delivered"},"#
            + #"{"sid":"SMx","to":"+33639980001","body":"\#(Self.message.text)","status":"undelivered","error_code":30003}],"next_page_uri":null}"#
        let transport = ScriptedTransport(Self.answer(200, listed),
                                          Self.answer(200, #"{"messages":[],"next_page_uri":"/2010-04-01/next"}"#),
                                          Self.answer(200, #"{"messages":[],"next_page_uri":null}"#), Self.answer(500, ""))
        let provider = Self.twilio(transport)
        let since = Date(timeIntervalSince1970: 1_796_000_000)
        #expect(await provider.lookup(Self.message, since: since) == .found(providerMessageId: "SMx", status: .failedTemporary))
        #expect(transport.requests[0].url.hasSuffix("/Messages.json?To=%2B33639980001&DateSent%3E=2026-11-30&PageSize=100"))
        guard case .unavailable = await provider.lookup(Self.message, since: since) else { Issue.record("a partial list proved absence"); return }
        #expect(await provider.lookup(Self.message, since: since) == .notFound)
        guard case .unavailable = await provider.lookup(Self.message, since: since) else { Issue.record("a 500 proved absence"); return }
    }

    static func className(_ result: ProviderSendResult) -> String {
        switch result {
        case .accepted: "accepted"
        case .uncertain: "uncertain"
        case .notProcessed: "notProcessed"
        case .permanent: "permanent"
        case .optedOut: "optedOut"
        case .configuration: "configuration"
        }
    }
}

/// A Messaging Service replaces the sender when configured (Twilio's French alphanumeric senders live there).
@Suite struct MessagingServiceTests {
    @Test func messagingServiceSidReplacesFrom() throws {
        let provider = TwilioProvider(name: "primary", settings: .init(
            baseURL: "https://api.example.invalid", accountSid: "AC00000000000000000000000000000001", authToken: Secret("t"),
            from: "SPIP57", messagingServiceSid: "MG00000000000000000000000000000001",
            statusCallbackURL: "https://passerelle.example.invalid/sms/status?tenant=57"), transport: ScriptedTransport(.response(status: 201, body: [])))
        let form = try FormEncoding.decode(provider.sendRequest(for: ProviderSendTests.message).body)
        #expect(form.map(\.0) == ["To", "MessagingServiceSid", "Body", "StatusCallback", "ValidityPeriod"])
        #expect(form[3].1 == "https://passerelle.example.invalid/sms/status?tenant=57&ref=notif-0001")
    }
}
