import CaseModel
import Foundation
import Gateway
import SMSCore

/// Our JSON provider profile, modelled on Vonage and Brevo (`contracts/sms/README.md`): `POST /v1/messages` with a
/// bearer key and our reference as `client_ref`, lookup by that reference, HMAC-SHA256-signed JSON callbacks.
public struct JsonProvider: SMSProvider, ProviderExchange {
    /// Where and as whom to send.
    public struct Settings: Sendable {
        /// The API root, e.g. `https://sms.example.invalid`.
        public var baseURL: String
        public var apiKey: Secret
        /// The alphanumeric sender (≤ 11 characters).
        public var from: String
        public var timeoutMilliseconds: Int

        public init(baseURL: String, apiKey: Secret, from: String, timeoutMilliseconds: Int = 10_000) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.apiKey = apiKey
            self.from = from
            self.timeoutMilliseconds = timeoutMilliseconds
        }
    }

    public let name: String
    private let settings: Settings
    private let transport: any Transport

    public init(name: String, settings: Settings, transport: any Transport) {
        self.name = name
        self.settings = settings
        self.transport = transport
    }

    /// The request that sends `message`.
    public func sendRequest(for message: ProviderMessage) -> OutboundRequest {
        let body = JSONValue.object([
            ("to", .string(message.to)), ("from", .string(settings.from)), ("text", .string(message.text)),
            ("client_ref", .string(message.reference)), ("validity_seconds", .number(String(max(message.validitySeconds, 1)))),
        ])
        return OutboundRequest(method: "POST", url: settings.baseURL + "/v1/messages", headers: [
            ("Content-Type", "application/json"), ("Accept", "application/json"), ("Authorization", authorization),
        ], body: StrictJSON.serialize(body))
    }

    public func send(_ message: ProviderMessage) async -> ProviderSendResult {
        await send(message, through: transport, timeoutMilliseconds: settings.timeoutMilliseconds)
    }

    /// Reads the provider's answer to a send.
    public func sendResult(_ result: TransportResult) -> ProviderSendResult {
        switch result {
        case .failure(let error, .beforeSending):
            return .notProcessed(reason: "provider not reached: \(error)", retryAfterSeconds: nil)
        case .failure(let error, .afterSending):
            return .uncertain(reason: "no answer from the provider after sending: \(error)")
        case .response(let status, let body):
            let answer = try? StrictJSON.parse(body)
            guard (200..<300).contains(status) else {
                return JsonCodes.sendResult(status: status, code: answer?[member: "error"]?[member: "code"]?.code)
            }
            guard let id = answer?[member: "id"]?.text, ProviderIdentifiers.isProviderId(id) else {
                return .uncertain(reason: "the provider answered \(status) without a readable message id")
            }
            return .accepted(providerMessageId: id, segments: answer?[member: "segments"]?.integer)
        }
    }

    /// The request that asks for the message carrying our reference (`since` is not needed: the reference is unique).
    public func lookupRequest(for message: ProviderMessage, since: Date) -> OutboundRequest {
        OutboundRequest(method: "GET", url: settings.baseURL + "/v1/messages?" + FormEncoding.encode([("client_ref", message.reference)]),
                        headers: [("Accept", "application/json"), ("Authorization", authorization)], body: [])
    }

    /// A lookup by our reference: the provider keeps it, so an empty answer proves the message was never taken.
    public func lookup(_ message: ProviderMessage, since: Date) async -> ProviderLookup {
        await lookup(message, since: since, through: transport, timeoutMilliseconds: settings.timeoutMilliseconds)
    }

    /// Reads the answer to a lookup: the entry carrying our reference, or proof there is none.
    public func lookupResult(_ result: TransportResult, for message: ProviderMessage) -> ProviderLookup {
        guard case .response(let status, let body) = result else {
            if case .failure(let error, _) = result { return .unavailable(reason: "provider not reached: \(error)") }
            return .unavailable(reason: "no answer")
        }
        guard status == 200, let answer = try? StrictJSON.parse(body), let messages = answer[member: "messages"]?.elements else {
            return .unavailable(reason: "the provider answered \(status) without a readable message list")
        }
        guard let entry = messages.first(where: { $0[member: "client_ref"]?.text == message.reference }) else { return .notFound }
        guard let id = entry[member: "id"]?.text, ProviderIdentifiers.isProviderId(id),
              let state = entry[member: "status"]?.text.flatMap(ReceiptStatus.init(rawValue:)) else {
            return .unavailable(reason: "the provider listed the message without a readable id or status")
        }
        return .found(providerMessageId: id, status: state)
    }

    private var authorization: String { "Bearer " + settings.apiKey.reveal() }
}
