import CaseModel
import Foundation

/// A message as a partner sent it to an inbound endpoint.
public struct InboundRequest: Sendable {
    public var body: [UInt8]
    /// Header names in lower case.
    public var headers: [String: String]
    public var contentType: String?

    public init(body: [UInt8], headers: [String: String] = [:], contentType: String? = nil) {
        self.body = body
        self.headers = headers
        self.contentType = contentType
    }
}

/// An HTTP request an adapter wants sent to a destination.
public struct OutboundRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String = "POST", url: String, headers: [(String, String)] = [], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.map { "\($0.0):\($0.1)" } == rhs.headers.map { "\($0.0):\($0.1)" }
    }
}

/// What came back from sending an `OutboundRequest`.
public enum TransportResult: Sendable, Equatable {
    case response(status: Int, body: [UInt8])
    /// No response: connection refused or reset, deadline passed, TLS failure. The text never holds payload data.
    /// `stage` says whether the request may have reached the other side; when unsure, it says it may have.
    case failure(String, stage: FailureStage = .afterSending)
}

/// How far a request got before it failed: what tells "safe to send again" from "the other side may have it".
public enum FailureStage: Sendable, Equatable {
    /// No connection was made (refused, unreachable, name not resolved, connect timeout): nothing left.
    case beforeSending
    /// The request may have left: timeout, reset or close while waiting for the answer.
    case afterSending
}

/// An inbound message an adapter refused, with a message for the sender that carries no personal data.
public struct InboundRejection: Error, Sendable, CustomStringConvertible {
    /// The HTTP status to answer with (400, 401, 409, 413, 415, 422).
    public var status: Int
    /// A short machine-readable class, e.g. `malformed`, `schema`, `signature`.
    public var errorClass: String
    public var message: String

    public init(status: Int = 400, errorClass: String, message: String) {
        self.status = status
        self.errorClass = errorClass
        self.message = message
    }

    public var description: String { "\(errorClass): \(message)" }
}

/// One external system, seen through its translator: wire format in, canonical envelopes out, and back.
public protocol Adapter: Sendable {
    /// The adapter's name, as in `/inbound/{name}` and in configuration.
    var name: String { get }
    /// What the adapter accepts and emits, for documentation and `adapters describe`.
    var summary: String { get }
    /// Media types its inbound endpoint accepts (415 otherwise).
    var inboundContentTypes: [String] { get }
    /// How its inbound endpoint knows who is calling.
    var inboundAuthentication: InboundAuthentication { get }
    /// For `.signature` adapters: checks the request's signature before anything is decoded; throws a 401/409
    /// `InboundRejection` when it is missing, wrong, stale or replayed.
    func verifySignature(_ request: InboundRequest, now: Date) throws(InboundRejection)
    /// Translates one inbound wire message into canonical envelopes; throws `InboundRejection` on bad input.
    func decode(_ request: InboundRequest) throws(InboundRejection) -> [Envelope]
    /// Translates one envelope, already filtered by the access policy, into the request for a destination.
    func encode(_ envelope: Envelope, for destination: Destination) throws -> OutboundRequest
    /// Classifies what a destination answered.
    func classify(_ result: TransportResult) -> AttemptOutcome
}

/// How an inbound endpoint authenticates its caller.
public enum InboundAuthentication: Sendable, Equatable {
    /// A bearer token of a configured `partner` client allowed for this adapter.
    case bearerToken
    /// The adapter checks a signature over the request itself (e.g. HMAC webhooks); no bearer token.
    case signature
}

extension Adapter {
    public var inboundContentTypes: [String] { ["application/json"] }
    public var inboundAuthentication: InboundAuthentication { .bearerToken }
    public func verifySignature(_ request: InboundRequest, now: Date) throws(InboundRejection) {}

    /// The usual HTTP reading: 2xx delivered; 408, 425, 429 and 5xx retried; other 4xx permanent.
    public func classify(_ result: TransportResult) -> AttemptOutcome {
        HTTPClassification.classify(result)
    }
}

/// The default classification of HTTP answers shared by adapters.
public enum HTTPClassification {
    public static func classify(_ result: TransportResult) -> AttemptOutcome {
        switch result {
        case .failure(let error, _):
            return .transient(status: nil, error: error)
        case .response(let status, _):
            switch status {
            case 200..<300: return .delivered(status: status)
            case 408, 425, 429, 500..<600: return .transient(status: status, error: "HTTP \(status)")
            default: return .permanent(status: status, error: "HTTP \(status)")
            }
        }
    }
}

/// Sends outbound requests; the server provides an HTTP implementation, tests may provide their own.
public protocol Transport: Sendable {
    func send(_ request: OutboundRequest, timeoutMilliseconds: Int) async -> TransportResult
}
