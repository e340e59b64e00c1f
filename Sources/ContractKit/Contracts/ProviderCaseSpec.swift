import Foundation

/// The part of a case that only provider contracts have (`flavour: provider` in `system.yaml`): which profile,
/// the SMS handed to the provider, the wire request expected, and what the gateway must read from the answer.
public struct ProviderCaseSpec: Sendable, Decodable {
    /// The SMS handed to the provider (sends and lookups).
    public struct Message: Sendable, Decodable {
        public var reference: String
        public var to: String
        public var text: String
        public var validitySeconds: Int

        enum CodingKeys: String, CodingKey { case reference, to, text, validitySeconds = "validity_seconds" }
    }

    /// The request Passerelle must make; the path includes the query, the body is absent for a GET.
    public struct WireRequest: Sendable, Decodable {
        public var method: String
        public var path: String
        public var headers: [String: String]?
        public var body: String?
        public var schema: String?
    }

    /// How a send must be read: the outcome class and, when given, the id, the segments and the provider's code.
    public struct SendExpectation: Sendable, Decodable {
        public var outcome: String
        public var providerMessageId: String?
        public var segments: Int?
        public var code: String?

        enum CodingKeys: String, CodingKey { case outcome, providerMessageId = "provider_message_id", segments, code }
    }

    /// How a lookup must be read.
    public struct LookupExpectation: Sendable, Decodable {
        /// `found`, `not_found` or `unavailable`.
        public var outcome: String
        public var providerMessageId: String?
        public var status: String?

        enum CodingKeys: String, CodingKey { case outcome, providerMessageId = "provider_message_id", status }
    }

    /// `twilio` or `json`: a key of `profiles` in `system.yaml`.
    public var profile: String
    public var message: Message?
    /// Lookups: the send's time (RFC 3339).
    public var since: String?
    public var request: WireRequest?
    /// Instead of a response: the request failed `before_sending` or `after_sending`.
    public var transportFailure: String?
    public var result: SendExpectation?
    public var lookup: LookupExpectation?
    /// Callbacks: the exact public URL the provider called, query included.
    public var publicURL: String?
    /// Callbacks accepted: the expected parsed callbacks, a JSON array.
    public var callbacks: String?
    /// The case can be checked against a live endpoint or the stub with `--against` (its answer is reproducible there).
    public var live: Bool?

    enum CodingKeys: String, CodingKey {
        case profile, message, since, request, transportFailure = "transport_failure", result, lookup,
             publicURL = "public_url", callbacks, live
    }
}
