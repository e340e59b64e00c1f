import CaseModel
import Foundation
import Gateway
import SMSCore

/// Reads the JSON profile's callbacks: one event per request, `receipt` or `reply`, signed with `X-Signature`.
public struct JsonCallbackReader: SMSCallbackReader {
    /// One event as the provider posts it; members outside these are refused (strict parsing of hostile input).
    struct Event: Decodable {
        var type: String
        var eventId: String
        var id: String
        var clientRef: String?
        var status: String?
        var part: Int?
        var parts: Int?
        var errorCode: String?
        var from: String?
        var to: String?
        var text: String?
        var occurredAt: String?

        enum CodingKeys: String, CodingKey {
            case type, eventId = "event_id", id, clientRef = "client_ref", status, part, parts, errorCode = "error_code", from, to,
                 text, occurredAt = "occurred_at"
        }
    }

    private let signature: JsonWebhookSignature
    private let clock: @Sendable () -> Date
    private let maxBodyBytes: Int

    public init(secret: Secret, toleranceSeconds: Int = 300, maxBodyBytes: Int = 16 << 10,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.signature = JsonWebhookSignature(secret: secret, toleranceSeconds: toleranceSeconds)
        self.clock = clock
        self.maxBodyBytes = maxBodyBytes
    }

    public func read(publicURL: String, headers: [String: String], body: [UInt8]) throws(CallbackRejection) -> [ProviderCallback] {
        guard body.count <= maxBodyBytes else {
            throw CallbackRejection(status: 413, errorClass: "too-large", message: "the callback is larger than \(maxBodyBytes) bytes")
        }
        try signature.verify(header: headers[JsonWebhookSignature.header], body: body, now: clock())
        let event: Event
        do {
            event = try StrictJSON.decode(Event.self, from: body, limits: JSONLimits(maxDepth: 4, maxBytes: maxBodyBytes,
                                                                                        maxStringBytes: 8 << 10))
        } catch {
            throw Self.malformed("the body is not a callback event: \(error.message) at \(error.path)")
        }
        guard ProviderIdentifiers.isProviderId(event.eventId), ProviderIdentifiers.isProviderId(event.id) else {
            throw Self.malformed("event_id and id must be 1 to 64 letters, digits, dots, hyphens or underscores")
        }
        switch event.type {
        case "receipt": return [.receipt(try Self.receipt(event))]
        case "reply": return [.reply(try Self.reply(event))]
        default: throw Self.malformed("type must be receipt or reply")
        }
    }

    private static func receipt(_ event: Event) throws(CallbackRejection) -> ProviderReceipt {
        guard let status = event.status.flatMap(ReceiptStatus.init(rawValue:)) else {
            throw malformed("a receipt's status must be one of \(ReceiptStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let reference = event.clientRef, !ProviderIdentifiers.isReference(reference) {
            throw malformed("client_ref is not one of our references")
        }
        if let code = event.errorCode, !ProviderIdentifiers.isErrorCode(code) { throw malformed("error_code is not a code") }
        switch (event.part, event.parts) {
        case (nil, nil): break
        case (let part?, let parts?) where (1...255).contains(parts) && (1...parts).contains(part): break
        default: throw malformed("part and parts go together, with 1 ≤ part ≤ parts ≤ 255")
        }
        return ProviderReceipt(providerMessageId: event.id, reference: event.clientRef, status: status, part: event.part,
                               parts: event.parts, errorCode: event.errorCode, dedupeKey: "json:\(event.eventId)")
    }

    private static func reply(_ event: Event) throws(CallbackRejection) -> InboundReply {
        guard let from = event.from, ProviderIdentifiers.isE164(from) else { throw malformed("a reply's from must be an E.164 number") }
        guard let text = event.text, text.count <= 1_600 else { throw malformed("a reply's text is missing or longer than 1,600 characters") }
        return InboundReply(from: from, text: text, providerMessageId: event.id)
    }

    private static func malformed(_ message: String) -> CallbackRejection {
        CallbackRejection(status: 400, errorClass: "malformed", message: message)
    }
}
