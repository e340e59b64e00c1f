import CaseModel
import Gateway

/// The home case system (APPI today, PRISME tomorrow): canonical envelopes as strict JSON, both ways.
public struct HomeAdapter: Adapter {
    public let name = "home"
    public let summary = "Canonical envelopes as JSON: received on POST /v1/messages, delivered to the home system's webhook."

    public init() {}

    /// The home adapter needs no settings: its endpoint is the destination's URL.
    public static let definition = AdapterDefinition(
        name: "home", summary: "The home case system (APPI/PRISME): canonical envelopes as JSON, both ways.",
        make: { _ in HomeAdapter() })

    /// One envelope object, or an array of envelopes stored together.
    public func decode(_ request: InboundRequest) throws(InboundRejection) -> [Envelope] {
        let firstByte = request.body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        do {
            if firstByte == UInt8(ascii: "[") {
                let envelopes = try StrictJSON.decode([Envelope].self, from: request.body)
                guard !envelopes.isEmpty else {
                    throw InboundRejection(errorClass: "invalid", message: "the array holds no envelope")
                }
                guard envelopes.count <= 100 else {
                    throw InboundRejection(status: 413, errorClass: "too-many",
                                           message: "at most 100 envelopes per request")
                }
                return envelopes
            }
            return [try StrictJSON.decode(Envelope.self, from: request.body)]
        } catch let rejection as InboundRejection {
            throw rejection
        } catch {
            throw InboundRejection(errorClass: "malformed", message: String(describing: error))
        }
    }

    /// POSTs the filtered envelope as JSON; the envelope id is the idempotency key the home system deduplicates on.
    public func encode(_ envelope: Envelope, for destination: Destination) throws -> OutboundRequest {
        let id = envelope.id?.uuidString.lowercased() ?? ""
        return OutboundRequest(
            url: destination.url,
            headers: [("Content-Type", "application/json"), ("Idempotency-Key", id),
                      ("X-Passerelle-Kind", envelope.kind.rawValue)],
            body: try StrictJSON.encode(envelope))
    }
}
