import Gateway
import SMSAdapter
import Testing

/// `X-Twilio-Signature` as SMS rules §13.1 says: exact URL, sorted parameters, HMAC-SHA1, Base64, fail closed.
@Suite struct TwilioSignatureTests {
    static let token = Secret("contract-test-twilio-token-synthetic")
    static let url = "https://passerelle.example.invalid/sms/twilio/status?ref=notif-0001"
    static let form = [("MessageSid", "SM0123456789abcdef0123456789abcdef"), ("MessageStatus", "delivered"),
                       ("AccountSid", "AC00000000000000000000000000000001"), ("To", "+33639980001")]
    /// Computed apart from this code (Python's `hmac`), so that the test checks the algorithm, not itself.
    static let knownSignature = "xpHI4977LtW5TiKsc1kkdT5H7fM="

    let reader = TwilioCallbackReader(authToken: token)

    func body(_ form: [(String, String)] = form) -> [UInt8] { Array(FormEncoding.encode(form).utf8) }

    @Test func signatureMatchesAnIndependentComputation() {
        #expect(TwilioSignature(authToken: Self.token).sign(url: Self.url, form: Self.form) == Self.knownSignature)
    }

    @Test func validSignatureIsAcceptedAndTheReceiptRead() throws {
        let callbacks = try reader.read(publicURL: Self.url, headers: ["x-twilio-signature": Self.knownSignature], body: body())
        #expect(callbacks == [.receipt(ProviderReceipt(providerMessageId: "SM0123456789abcdef0123456789abcdef", reference: "notif-0001",
                                                       status: .delivered, dedupeKey: "twilio:SM0123456789abcdef0123456789abcdef:delivered"))])
    }

    @Test func parameterOrderOnTheWireDoesNotMatter() throws {
        let shuffled = Array(Self.form.reversed())
        let callbacks = try reader.read(publicURL: Self.url, headers: ["x-twilio-signature": Self.knownSignature], body: body(shuffled))
        #expect(callbacks.count == 1)
    }

    @Test func wrongSignatureIsRefused403() {
        let wrong = TwilioSignature(authToken: Secret("another-token")).sign(url: Self.url, form: Self.form)
        #expect(throws: CallbackRejection(status: 403, errorClass: "signature-invalid",
                                          message: "X-Twilio-Signature does not match the configured public URL and the parameters")) {
            try reader.read(publicURL: Self.url, headers: ["x-twilio-signature": wrong], body: body())
        }
    }

    @Test func missingSignatureIsRefused403() {
        #expect(throws: CallbackRejection(status: 403, errorClass: "signature-missing", message: "X-Twilio-Signature is required")) {
            try reader.read(publicURL: Self.url, headers: [:], body: body())
        }
    }

    @Test(arguments: [
        "http://passerelle.example.invalid/sms/twilio/status?ref=notif-0001",
        "https://passerelle.example.invalid:443/sms/twilio/status?ref=notif-0001",
        "https://passerelle.example.invalid/sms/twilio/status?ref=notif-0002",
        "https://passerelle.example.invalid/sms/twilio/status",
    ])
    func anyOtherURLIsRefused403(url: String) {
        #expect {
            try reader.read(publicURL: url, headers: ["x-twilio-signature": Self.knownSignature], body: body())
        } throws: { ($0 as? CallbackRejection)?.status == 403 }
    }

    @Test func aChangedParameterIsRefused403() {
        var tampered = Self.form
        tampered[1].1 = "undelivered"
        #expect {
            try reader.read(publicURL: Self.url, headers: ["x-twilio-signature": Self.knownSignature], body: body(tampered))
        } throws: { ($0 as? CallbackRejection)?.status == 403 }
    }

    @Test(arguments: ["", "not base64!", "AAAA", String(repeating: "A", count: 200)])
    func malformedSignatureHeaderIsRefused403(header: String) {
        #expect {
            try reader.read(publicURL: Self.url, headers: ["x-twilio-signature": header], body: body())
        } throws: { ($0 as? CallbackRejection)?.status == 403 }
    }
}
