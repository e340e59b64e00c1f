import Foundation
import SMSCore

/// One SMS handed to a provider. Only the number and the text leave Passerelle (domain rule A5); the reference is
/// ours (the notification id), passed where the provider carries one, so that an uncertain send can be reconciled.
public struct ProviderMessage: Sendable, Equatable {
    /// Our notification id: at most 40 characters of `[A-Za-z0-9-]`.
    public var reference: String
    /// The recipient in E.164 form.
    public var to: String
    /// The text exactly as it must reach the handset (already composed: transliterated, measured, capped).
    public var text: String
    /// How long the provider may keep trying; never past the appointment (SMS rules H6).
    public var validitySeconds: Int

    public init(reference: String, to: String, text: String, validitySeconds: Int) {
        self.reference = reference
        self.to = to
        self.text = text
        self.validitySeconds = validitySeconds
    }
}

/// How a send call ended (SMS rules §12.2). Reasons never hold the number or the text.
public enum ProviderSendResult: Sendable, Equatable {
    /// The provider returned its message id.
    case accepted(providerMessageId: String, segments: Int?)
    /// The request may have reached the provider (timeout after sending, reset, 5xx without guarantee):
    /// never resent blindly, reconciled by our reference first.
    case uncertain(reason: String)
    /// Refused before processing (429, queue full, connection refused): safe to send again, after `retryAfterSeconds`
    /// when the provider said so.
    case notProcessed(reason: String, retryAfterSeconds: Int?)
    /// Will never succeed for this message: invalid or non-mobile number, body too long, number barred.
    case permanent(reason: String, code: String?)
    /// The recipient opted out at the provider.
    case optedOut(reason: String)
    /// Our side is wrong (credentials, sender id, region): stop sending through this provider and alert ops.
    case configuration(reason: String)
}

/// What a provider says when asked about one of our references after an uncertain send.
public enum ProviderLookup: Sendable, Equatable {
    /// It has the message: the send did happen.
    case found(providerMessageId: String, status: ReceiptStatus)
    /// It answered and has no message with this reference: proof the send never happened.
    case notFound
    /// No trustworthy answer (timeout, 5xx): ask again later.
    case unavailable(reason: String)
}

/// An SMS provider's API, seen through one profile (Twilio-compatible form API, JSON API, ...).
public protocol SMSProvider: Sendable {
    /// The configured provider name, e.g. `primary`.
    var name: String { get }
    func send(_ message: ProviderMessage) async -> ProviderSendResult
    /// Looks up a message sent no earlier than `since`: by our reference where the provider keeps it, otherwise by
    /// recipient and text (Twilio-compatible APIs keep no client reference).
    func lookup(_ message: ProviderMessage, since: Date) async -> ProviderLookup
    /// Sends and says which provider gave the answer: the one to store with the attempt and to ask in `lookup(_:since:at:)`.
    /// A single provider answers for itself; `FailoverProvider` names the member it ended with.
    func dispatch(_ message: ProviderMessage) async -> ProviderDispatch
    /// Looks the message up at the provider named by an earlier `dispatch`.
    func lookup(_ message: ProviderMessage, since: Date, at provider: String) async -> ProviderLookup
}

/// A send's result and the name of the provider that gave it.
public struct ProviderDispatch: Sendable, Equatable {
    public var provider: String
    public var result: ProviderSendResult

    public init(provider: String, result: ProviderSendResult) {
        self.provider = provider
        self.result = result
    }
}

extension SMSProvider {
    public func dispatch(_ message: ProviderMessage) async -> ProviderDispatch {
        ProviderDispatch(provider: name, result: await send(message))
    }

    public func lookup(_ message: ProviderMessage, since: Date, at provider: String) async -> ProviderLookup {
        guard provider == name else { return .unavailable(reason: "no provider named \(provider) here") }
        return await lookup(message, since: since)
    }
}

/// A delivery receipt, once its signature is verified.
public struct ProviderReceipt: Sendable, Equatable {
    public var providerMessageId: String
    /// Our reference, when the provider echoes it (callback URL query, client reference).
    public var reference: String?
    public var status: ReceiptStatus
    /// For per-part receipts: the part (1-based) and the number of parts.
    public var part: Int?
    public var parts: Int?
    /// The provider's error code, kept for the audit trail (e.g. Twilio `30003`).
    public var errorCode: String?
    /// Identifies this receipt among retries of the same callback (SMS rules W2).
    public var dedupeKey: String

    public init(providerMessageId: String, reference: String?, status: ReceiptStatus, part: Int? = nil,
                parts: Int? = nil, errorCode: String? = nil, dedupeKey: String) {
        self.providerMessageId = providerMessageId
        self.reference = reference
        self.status = status
        self.part = part
        self.parts = parts
        self.errorCode = errorCode
        self.dedupeKey = dedupeKey
    }
}

/// A reply from a handset (two-way senders): `STOP` and its synonyms withdraw consent (SMS rules O6).
public struct InboundReply: Sendable, Equatable {
    /// The sender's number as the provider gave it (normalised by the caller).
    public var from: String
    public var text: String
    public var providerMessageId: String

    public init(from: String, text: String, providerMessageId: String) {
        self.from = from
        self.text = text
        self.providerMessageId = providerMessageId
    }
}

/// What one verified provider callback says.
public enum ProviderCallback: Sendable, Equatable {
    case receipt(ProviderReceipt)
    case reply(InboundReply)
}

/// A provider callback refused before anything is stored; the message never echoes the body.
public struct CallbackRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// 403 for a missing or wrong signature (fail closed), 400 for a body that cannot be read, 413 when too large.
    public var status: Int
    public var errorClass: String
    public var message: String

    public init(status: Int, errorClass: String, message: String) {
        self.status = status
        self.errorClass = errorClass
        self.message = message
    }

    public var description: String { "\(errorClass): \(message)" }
}

/// Reads a provider's callbacks: verifies the signature over the exact public URL and the body, then parses.
public protocol SMSCallbackReader: Sendable {
    /// `publicURL` is the configured public address the provider called, with its query; header names lower case.
    func read(publicURL: String, headers: [String: String], body: [UInt8]) throws(CallbackRejection) -> [ProviderCallback]
}
