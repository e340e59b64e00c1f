import CaseModel
import Foundation
import Gateway
import SafeXML

/// Cassiopée, the courts' criminal-procedure system: decisions and saisines in, reports and JAP decisions out (XML).
public struct CassiopeeAdapter: Adapter {
    public let name = "cassiopee"
    public let summary = "Cassiopée XML: transmissions (decisions, saisines, sortie-d'audience convocations) received on "
        + "POST /inbound/cassiopee; reports and JAP decisions delivered to the parquet as retours."
    public let inboundContentTypes = ["application/xml"]

    private let decoder: TransmissionDecoder
    private let encoder: RetourEncoder

    /// `maxDocumentBytes` bounds a transmission before it is parsed (413 above).
    public init(maxDocumentBytes: Int = 1 << 20) throws {
        let contract = try CassiopeeContract.compiled.get()
        decoder = TransmissionDecoder(contract: contract, limits: XMLLimits(maxBytes: maxDocumentBytes))
        encoder = RetourEncoder(contract: contract)
    }

    /// Cassiopée's settings; its endpoint is each destination's URL and its credential the destination's token.
    public static let definition = AdapterDefinition(
        name: "cassiopee",
        summary: "Cassiopée (courts): XML transmissions in, reports and JAP decisions out to the parquet.",
        fields: [AdapterField("max_document_bytes", "largest transmission accepted, in bytes (413 above)", default: "1048576")],
        make: { settings in
            let limit = try settings.int("max_document_bytes") ?? 1 << 20
            guard limit > 0 else {
                throw CassiopeeSettingError(description: "adapters.cassiopee.settings: \"max_document_bytes\" must be positive")
            }
            return try CassiopeeAdapter(maxDocumentBytes: limit)
        })

    public func decode(_ request: InboundRequest) throws(InboundRejection) -> [Envelope] {
        // The media type was checked at the door; its charset parameter is ours to refuse (UTF-8 only).
        let parameters = (request.headers["content-type"] ?? "").split(separator: ";").dropFirst()
        for parameter in parameters {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "charset",
               pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased() != "utf-8" {
                throw InboundRejection(status: 415, errorClass: "unsupported-media-type",
                                       message: "Cassiopée transmission rejected: the Content-Type names a charset other than UTF-8; send UTF-8")
            }
        }
        return try decoder.decode(request.body)
    }

    /// POSTs the retour to the destination; the envelope id is the idempotency key Cassiopée files it under.
    public func encode(_ envelope: Envelope, for destination: Destination) throws -> OutboundRequest {
        OutboundRequest(
            url: destination.url,
            headers: [("Content-Type", "application/xml"), ("Idempotency-Key", envelope.id?.uuidString.lowercased() ?? ""),
                      ("X-Passerelle-Kind", envelope.kind.rawValue)],
            body: try encoder.encode(envelope))
    }
}

/// A Cassiopée setting that is well-formed but cannot work; says which and why.
struct CassiopeeSettingError: Error, CustomStringConvertible {
    let description: String
}
