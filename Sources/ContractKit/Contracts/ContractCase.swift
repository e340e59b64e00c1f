import Foundation

/// One contract case: a message of a partner system and what the gateway must make of it, read from
/// `contracts/<system>/cases/<NNN-name>/case.yaml`. File names in it are relative to the case folder.
public struct ContractCase: Sendable, Decodable {
    /// Which way the message travels.
    public enum Direction: String, Sendable, Decodable {
        /// The partner sends, the adapter decodes.
        case inbound
        /// The gateway encodes and sends, the partner answers.
        case outbound
    }

    /// The partner's message as on the wire (inbound cases).
    public struct Message: Sendable, Decodable {
        public var file: String
        public var contentType: String?
        /// The schema file (under `schema/`) the message must satisfy; the system's default otherwise.
        public var schema: String?
        /// Grows the message to this many bytes with blank lines after its root element, so that a case about
        /// size (a 10 MB body) keeps a small file in the repository.
        public var padToBytes: Int?
        /// Headers sent with the message, e.g. a webhook signature; checked by signature-authenticated adapters.
        public var headers: [String: String]?
        /// When the gateway receives it (RFC 3339), for signature time windows; the replay's own clock otherwise.
        public var receivedAt: String?
        /// How many times the partner sends the very same request; the last answer is the one compared.
        public var times: Int?

        enum CodingKeys: String, CodingKey {
            case file, contentType = "content_type", schema, padToBytes = "pad_to_bytes", headers,
                 receivedAt = "received_at", times
        }
    }

    /// What an inbound case must give.
    public struct Expectation: Sendable, Decodable {
        public enum Outcome: String, Sendable, Decodable { case accepted, rejected }
        public var outcome: Outcome
        /// Accepted: the canonical envelopes, as a JSON array.
        public var envelopes: String?
        /// Rejected: the HTTP status the gateway answers.
        public var status: Int?
        /// Rejected: the error class, e.g. `malformed`, `invalid`.
        public var error: String?
        /// Rejected: words the error message must contain, to tell one rejection from another.
        public var messageContains: String?

        enum CodingKeys: String, CodingKey {
            case outcome, envelopes, status, error, messageContains = "message_contains"
        }
    }

    /// The destination an outbound case is encoded for.
    public struct DestinationSpec: Sendable, Decodable {
        /// A recipient role (`spip`, `parquet`…): the access policy filters the envelope for it first.
        public var role: String
    }

    /// An HTTP request on the wire (outbound cases).
    public struct Request: Sendable, Decodable {
        public var method: String
        /// The path under the destination's base URL, e.g. `/webhook`; a `{name}` segment stands for any one segment
        /// (`/placements/{placementRef}`).
        public var path: String
        /// Headers that must be present with these values (others are not compared).
        public var headers: [String: String]?
        public var body: String
        public var schema: String?
    }

    /// The partner's answer (outbound cases); what the stub answers and what a live endpoint must answer.
    public struct Response: Sendable, Decodable {
        public var status: Int
        public var body: String?
        public var contentType: String?
        public var schema: String?

        enum CodingKeys: String, CodingKey { case status, body, contentType = "content_type", schema }
    }

    /// How the adapter must classify the partner's answer.
    public enum Classification: String, Sendable, Decodable {
        case delivered, transient, permanent
    }

    /// The folder name, e.g. `001-measure-mandated`.
    public var name: String = ""
    /// The case folder on disk.
    public var folder: URL = URL(fileURLWithPath: "/")
    public var description: String
    public var direction: Direction
    /// The message kind, e.g. `measure.mandated`; `unknown` where the message has none the gateway knows.
    public var kind: String
    /// Inbound: every kind the message decodes into, when there are several (a court decision gives a decision,
    /// measures and appointments); absent means every envelope is of `kind`.
    public var kinds: [String]?
    public var message: Message?
    public var expect: Expectation?
    /// Outbound: the canonical envelope the gateway delivers, before the access policy. Absent in a recorded
    /// case whose wire request the adapter cannot read back: then only the request's schema and the
    /// classification of the answer are checked.
    public var envelope: String?
    public var destination: DestinationSpec?
    public var request: Request?
    public var response: Response?
    public var classification: Classification?
    /// Stub: the JSON paths (`kind`, `payload.measure.status`) whose values in a received body must equal those
    /// of this case's request for the stub to answer with it. Empty: any valid request. Default: `kind`.
    public var match: [String]?
    /// Provider contracts only: the profile, the SMS, and what the gateway must read (`contracts/sms/README.md`).
    public var provider: ProviderCaseSpec?

    enum CodingKeys: String, CodingKey {
        case description, direction, kind, kinds, message, expect, envelope, destination, request, response, classification, match,
             provider
    }

    /// The bytes of a file named by the case.
    public func read(_ file: String) throws(ContractError) -> [UInt8] {
        let url = folder.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ContractError("case \(name): cannot read \(file); create it beside case.yaml or fix the name")
        }
        return [UInt8](data)
    }

    /// The partner's message of an inbound case, as sent on the wire (padded when the case says so).
    public func messageBytes() throws(ContractError) -> [UInt8] {
        guard let message else { throw ContractError("case \(name): an inbound case needs message") }
        var bytes = try read(message.file)
        if let size = message.padToBytes, size > bytes.count {
            bytes += [UInt8](repeating: 0x0A, count: size - bytes.count)
        }
        return bytes
    }

    /// The selectors the stub matches on.
    public var matchPaths: [String] { match ?? ["kind"] }
}
