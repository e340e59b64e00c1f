import Foundation
import Gateway
import SMSCore

/// Reads Twilio's status callbacks (`MessageSid`, `MessageStatus`, `ErrorCode`, our `ref` in the URL query) and
/// inbound messages (`From`, `Body`, `MessageSid`), after checking `X-Twilio-Signature` over the exact public URL.
public struct TwilioCallbackReader: SMSCallbackReader {
    public static let idempotencyHeader = "i-twilio-idempotency-token"
    private let signature: TwilioSignature
    private let maxBodyBytes: Int

    public init(authToken: Secret, maxBodyBytes: Int = 16 << 10) {
        self.signature = TwilioSignature(authToken: authToken)
        self.maxBodyBytes = maxBodyBytes
    }

    public func read(publicURL: String, headers: [String: String], body: [UInt8]) throws(CallbackRejection) -> [ProviderCallback] {
        guard body.count <= maxBodyBytes else {
            throw CallbackRejection(status: 413, errorClass: "too-large", message: "the callback is larger than \(maxBodyBytes) bytes")
        }
        let form: [(String, String)]
        do {
            form = try FormEncoding.decode(body)
        } catch {
            throw Self.malformed("the body is not a form: \(error)")
        }
        guard let header = headers[TwilioSignature.header] else {
            throw CallbackRejection(status: 403, errorClass: "signature-missing", message: "X-Twilio-Signature is required")
        }
        guard signature.isValid(header, url: publicURL, form: form) else {
            throw CallbackRejection(status: 403, errorClass: "signature-invalid",
                                    message: "X-Twilio-Signature does not match the configured public URL and the parameters")
        }
        let fields = try Self.uniqueFields(form)
        let token = try headers[Self.idempotencyHeader].map { token throws(CallbackRejection) -> String in
            guard (1...128).contains(token.utf8.count), token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw Self.malformed("I-Twilio-Idempotency-Token is not 1 to 128 visible characters")
            }
            return token
        }
        guard let sid = fields["MessageSid"] ?? fields["SmsSid"], ProviderIdentifiers.isProviderId(sid) else {
            throw Self.malformed("MessageSid is missing or not a message id")
        }
        if let state = fields["MessageStatus"] ?? fields["SmsStatus"].flatMap({ $0 == "received" ? nil : $0 }) {
            return [.receipt(try receipt(sid: sid, state: state, fields: fields, publicURL: publicURL, token: token))]
        }
        guard let from = fields["From"], let text = fields["Body"] else {
            throw Self.malformed("neither a status callback (MessageStatus) nor an inbound message (From, Body)")
        }
        guard ProviderIdentifiers.isE164(from) else { throw Self.malformed("From is not an E.164 number") }
        guard text.count <= 1_600 else { throw Self.malformed("Body is longer than 1,600 characters") }
        return [.reply(InboundReply(from: from, text: text, providerMessageId: sid))]
    }

    private func receipt(sid: String, state: String, fields: [String: String], publicURL: String,
                         token: String?) throws(CallbackRejection) -> ProviderReceipt {
        let errorCode = fields["ErrorCode"].flatMap { $0.isEmpty ? nil : $0 }
        if let errorCode, !ProviderIdentifiers.isErrorCode(errorCode) { throw Self.malformed("ErrorCode is not a code") }
        guard let status = TwilioCodes.receiptStatus(state, errorCode: errorCode) else {
            throw Self.malformed("MessageStatus is not a status Twilio documents")
        }
        let reference: String?
        do {
            reference = try FormEncoding.queryValue("ref", in: publicURL)
        } catch {
            throw Self.malformed("the callback URL's query is not a form")
        }
        if let reference, !ProviderIdentifiers.isReference(reference) {
            throw Self.malformed("ref in the callback URL is not one of our references")
        }
        return ProviderReceipt(providerMessageId: sid, reference: reference, status: status, errorCode: errorCode,
                               dedupeKey: token ?? "twilio:\(sid):\(state)")
    }

    /// The parameters by name; a name given twice is refused (no field we read may be ambiguous).
    private static func uniqueFields(_ form: [(String, String)]) throws(CallbackRejection) -> [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in form {
            guard fields.updateValue(value, forKey: name) == nil else { throw malformed("a parameter is repeated") }
        }
        return fields
    }

    private static func malformed(_ message: String) -> CallbackRejection {
        CallbackRejection(status: 400, errorClass: "malformed", message: message)
    }
}
