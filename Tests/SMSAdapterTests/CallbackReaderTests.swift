import Foundation
import Gateway
import SMSAdapter
import Testing

/// Callbacks are hostile input: signed first, then read strictly; duplicates carry the same dedupe key.
@Suite struct CallbackReaderTests {
    static let token = Secret("contract-test-twilio-token-synthetic")
    static let statusURL = "https://passerelle.example.invalid/sms/twilio/status?ref=notif-0001"
    static let replyURL = "https://passerelle.example.invalid/sms/twilio/inbound"

    func twilio(_ form: [(String, String)], url: String = statusURL, extra: [String: String] = [:]) throws(CallbackRejection)
        -> [ProviderCallback] {
        let signature = TwilioSignature(authToken: Self.token).sign(url: url, form: form)
        return try TwilioCallbackReader(authToken: Self.token).read(
            publicURL: url, headers: extra.merging(["x-twilio-signature": signature]) { first, _ in first },
            body: Array(FormEncoding.encode(form).utf8))
    }

    @Test func twilioIdempotencyTokenIsTheDedupeKeyWhenPresent() throws {
        let callbacks = try twilio([("MessageSid", "SM1"), ("MessageStatus", "undelivered"), ("ErrorCode", "30003")],
                                   extra: ["i-twilio-idempotency-token": "a1b2c3"])
        #expect(callbacks == [.receipt(ProviderReceipt(providerMessageId: "SM1", reference: "notif-0001", status: .failedTemporary,
                                                       errorCode: "30003", dedupeKey: "a1b2c3"))])
    }

    @Test(arguments: [
        ("queued", nil, "accepted"), ("sent", nil, "sent"), ("delivered", nil, "delivered"),
        ("undelivered", "30005", "undeliverable"), ("undelivered", "30003", "failed_temporary"), ("failed", "30036", "expired"),
        ("failed", "21610", "opted_out"), ("undelivered", "30008", "failed_temporary"), ("failed", nil, "undeliverable"),
    ] as [(String, String?, String)])
    func twilioStatusesMapToOurStates(status: String, code: String?, expected: String) throws {
        var form = [("MessageSid", "SM1"), ("MessageStatus", status)]
        if let code { form.append(("ErrorCode", code)) }
        guard case .receipt(let receipt) = try #require(try twilio(form).first) else { Issue.record("not a receipt"); return }
        #expect(receipt.status.rawValue == expected)
    }

    @Test func twilioInboundStopIsAReply() throws {
        let callbacks = try twilio([("MessageSid", "SM9"), ("From", "+33639980001"), ("To", "PASSERELLE"), ("Body", "STOP"),
                                    ("SmsStatus", "received")], url: Self.replyURL)
        #expect(callbacks == [.reply(InboundReply(from: "+33639980001", text: "STOP", providerMessageId: "SM9"))])
    }

    @Test(arguments: [
        ("MessageSid=SM1&MessageStatus=%ZZ", "malformed"),
        ("MessageSid=SM1&MessageSid=SM2&MessageStatus=sent", "malformed"),
        ("MessageSid=SM1&MessageStatus=teleported", "malformed"),
        ("MessageSid=%3Cscript%3E&MessageStatus=sent", "malformed"),
        ("MessageSid=SM1", "malformed"),
    ])
    func twilioHostileBodiesAre400WithoutEchoingThem(body: String, errorClass: String) throws {
        let form = (try? FormEncoding.decode(Array(body.utf8))) ?? []
        let signature = TwilioSignature(authToken: Self.token).sign(url: Self.statusURL, form: form)
        do {
            _ = try TwilioCallbackReader(authToken: Self.token).read(publicURL: Self.statusURL, headers: ["x-twilio-signature": signature],
                                                                     body: Array(body.utf8))
            Issue.record("accepted a hostile body")
        } catch {
            #expect(error.status == 400 && error.errorClass == errorClass)
            #expect(!error.message.contains("script") && !error.message.contains("SM2") && !error.message.contains("teleported"))
        }
    }

    @Test func tooLargeBodyIs413BeforeAnythingElse() {
        #expect {
            try TwilioCallbackReader(authToken: Self.token, maxBodyBytes: 100)
                .read(publicURL: Self.statusURL, headers: [:], body: [UInt8](repeating: 0x61, count: 101))
        } throws: { ($0 as? CallbackRejection)?.status == 413 }
    }

    static let secret = Secret("contract-test-json-webhook-secret-synthetic")
    static let jsonBody = Array(#"{"event_id":"evt-1","id":"msg-1","status":"delivered","type":"receipt"}"#.utf8)
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    func json(_ body: [UInt8], header: String?, at now: Date = now) throws(CallbackRejection) -> [ProviderCallback] {
        try JsonCallbackReader(secret: Self.secret, clock: { now })
            .read(publicURL: "https://passerelle.example.invalid/sms/json/events", headers: header.map { ["x-signature": $0] } ?? [:],
                  body: body)
    }

    @Test func jsonSignatureMatchesAnIndependentComputationAndReads() throws {
        let header = "t=1796000000,v1=3462b3a14c0d51b68c7ef89f0d3434246dc2724c6dd47ff7483068e641f3dd0e"
        #expect(JsonWebhookSignature(secret: Self.secret).sign(body: Self.jsonBody, timestamp: 1_796_000_000) == header)
        #expect(try json(Self.jsonBody, header: header)
            == [.receipt(ProviderReceipt(providerMessageId: "msg-1", reference: nil, status: .delivered, dedupeKey: "json:evt-1"))])
    }

    @Test func jsonStaleTimestampWrongAndMissingSignatureAre403() {
        let signer = JsonWebhookSignature(secret: Self.secret)
        let stale = signer.sign(body: Self.jsonBody, timestamp: 1_796_000_000 - 301)
        let wrong = JsonWebhookSignature(secret: Secret("other")).sign(body: Self.jsonBody, timestamp: 1_796_000_000)
        for (header, errorClass) in [(stale, "stale-timestamp"), (wrong, "signature-invalid"), (nil, "signature-missing"),
                                     ("t=1796000000", "signature-invalid")] as [(String?, String)] {
            #expect {
                try json(Self.jsonBody, header: header)
            } throws: { ($0 as? CallbackRejection).map { $0.status == 403 && $0.errorClass == errorClass } ?? false }
        }
    }

    @Test func jsonPartReceiptAndReply() throws {
        let signer = JsonWebhookSignature(secret: Self.secret)
        let part = Array(#"{"type":"receipt","event_id":"evt-2","id":"msg-1","client_ref":"notif-0001","status":"undeliverable","part":2,"parts":2,"error_code":"30005"}"#.utf8)
        #expect(try json(part, header: signer.sign(body: part, timestamp: 1_796_000_000)) == [.receipt(ProviderReceipt(
            providerMessageId: "msg-1", reference: "notif-0001", status: .undeliverable, part: 2, parts: 2, errorCode: "30005",
            dedupeKey: "json:evt-2"))])
        let reply = Array(#"{"type":"reply","event_id":"evt-3","id":"msg-9","from":"+33639980001","text":"Stop"}"#.utf8)
        #expect(try json(reply, header: signer.sign(body: reply, timestamp: 1_796_000_000))
            == [.reply(InboundReply(from: "+33639980001", text: "Stop", providerMessageId: "msg-9"))])
    }

    @Test(arguments: [
        #"{"type":"receipt","event_id":"evt-1","id":"msg-1","status":"delivered","extra":1}"#,
        #"{"type":"receipt","event_id":"evt-1","id":"msg-1","status":"delivered","part":3,"parts":2}"#,
        #"{"type":"receipt","event_id":"evt-1","id":"msg-1","status":"delivered","status":"sent"}"#,
        #"{"type":"receipt","event_id":"evt-1","id":"msg-1","status":"vanished"}"#,
        #"{"type":"reply","event_id":"evt-1","id":"msg-1","from":"0639980001","text":"STOP"}"#,
        #"[1,2,3]"#,
    ])
    func jsonHostileSignedBodiesAre400(text: String) {
        let body = Array(text.utf8)
        let header = JsonWebhookSignature(secret: Self.secret).sign(body: body, timestamp: 1_796_000_000)
        #expect {
            try json(body, header: header)
        } throws: { ($0 as? CallbackRejection)?.status == 400 }
    }
}
