import CaseModel
import Foundation
import Gateway
import SafeXML

/// GENESIS, the prison-management system: custody movements and fiches pénales in (XML, a feed the gateway polls).
/// GENESIS receives nothing from the gateway.
public struct GenesisAdapter: Adapter {
    public let name = "genesis"
    public let summary = "GENESIS XML: the movements feed (écrou, levée d'écrou, transfer, hospitalisation, escape, "
        + "return) polled from an opaque cursor, and the fiche pénale of each person a movement concerns; emits "
        + "custody.movement, penal-record.updated (only when the fiche changed) and measure.status-changed."
    public let inboundContentTypes = ["application/xml"]

    /// How to reach the feed and how often; read by the poller.
    public let polling: GenesisPolling
    /// The largest page or fiche read, in bytes.
    public let maxDocumentBytes: Int
    private let reader: GenesisDocumentReader
    private let translator: PageTranslator

    public init(polling: GenesisPolling = GenesisPolling(), knownEstablishments: Set<String> = GenesisAdapter.establishments,
                maxDocumentBytes: Int = 8 << 20) throws {
        self.polling = polling
        self.maxDocumentBytes = maxDocumentBytes
        reader = GenesisDocumentReader(contract: try GenesisContract.compiled.get(),
                                       limits: XMLLimits(maxBytes: maxDocumentBytes, maxElements: 200_000))
        translator = PageTranslator(knownEstablishments: knownEstablishments)
    }

    /// The establishment codes known to this build (fictitious, as every code in the contract); others are passed on
    /// flagged `etablissementInconnu`.
    public static let establishments: Set<String> = [
        "MA-NANCY-MAXEVILLE", "CD-TOUL", "MA-METZ-QUEULEU", "CP-METZ", "MA-EPINAL", "CP-STRASBOURG", "CD-ECROUVES",
    ]

    /// GENESIS's settings, as `passerelle adapters describe genesis` prints them.
    public static let definition = AdapterDefinition(
        name: "genesis",
        summary: "GENESIS (prisons): custody movements and fiches pénales, polled from its feed.",
        fields: [
            AdapterField("url", "GENESIS's base URL: the feed is GET {url}/mouvements, a fiche GET {url}/fiches/{numéro d'écrou}",
                         required: true),
            AdapterField("token", "bearer token sent to GENESIS", secret: true),
            AdapterField("poll_interval_ms", "pause after the last page before asking again", default: "5000"),
            AdapterField("page_size", "movements asked per page (1 to 1000)", default: "500"),
            AdapterField("backoff_base_ms", "first pause after a failure; doubles each time, with jitter", default: "1000"),
            AdapterField("backoff_max_ms", "longest pause after failures", default: "60000"),
            AdapterField("timeout_ms", "deadline of one request to GENESIS", default: "10000"),
            AdapterField("resync_from", "instant to read the feed from when no cursor is stored yet (default: GENESIS's start)"),
            AdapterField("known_establishments", "comma-separated establishment codes this site knows (default: the built-in list)"),
            AdapterField("max_document_bytes", "largest page or fiche read, in bytes", default: "8388608"),
        ],
        make: { settings in
            let polling = try GenesisPolling(settings)
            let known = settings.string("known_establishments").map {
                Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            } ?? GenesisAdapter.establishments
            let limit = try settings.int("max_document_bytes") ?? 8 << 20
            guard limit > 0 else {
                throw AdapterSettingsError(adapter: "genesis", message: "\"max_document_bytes\" must be positive")
            }
            return try GenesisAdapter(polling: polling, knownEstablishments: known, maxDocumentBytes: limit)
        })

    /// Reads one page of the feed, or the answer that its cursor expired; a page is taken whole or refused whole.
    public func readFeed(_ bytes: [UInt8]) throws(InboundRejection) -> FeedAnswer {
        try reader.feed(reader.root(bytes))
    }

    /// Reads one fiche pénale.
    public func readFiche(_ bytes: [UInt8]) throws(InboundRejection) -> FichePenale {
        try reader.fiche(reader.root(bytes))
    }

    /// The envelopes of a page, with the fiches read for it (by the écrou number each movement gives) and the
    /// snapshots the store holds (by person key).
    public func translate(_ page: FeedPage, fiches: [String: FichePenale],
                          previous: [String: StoredPenalRecord]) throws -> PageTranslation {
        try translator.translate(page, fiches: fiches, previous: previous)
    }

    /// A document on its own, as contract replay and `POST /inbound/genesis` give it: a page becomes its movements
    /// (persons keyed by the écrou number each movement gives, since no fiche is read), an expired cursor nothing,
    /// and a fiche its `penal-record.updated` against `request.previous` (another fiche of the same person), if any.
    public func decode(_ request: InboundRequest) throws(InboundRejection) -> [Envelope] {
        let root = try reader.root(request.body)
        do {
            if root.name == "fichePenale" {
                let fiche = try reader.fiche(root)
                let previous = try request.previous.map { bytes throws(InboundRejection) in
                    let before = try readFiche(bytes)
                    return StoredPenalRecord(personKey: before.personKey, version: 1,
                                             body: try Self.encode(before.snapshot))
                }
                let subject = Subject(personId: GenesisPerson.id(key: fiche.personKey), refs: [
                    ExternalRef(system: .genesis, kind: "numeroEcrou", value: fiche.snapshot.numeroEcrouActuel,
                                site: fiche.snapshot.etablissement),
                ])
                return try PageTranslator.update(fiche, subject: subject, previous: previous).map { [$0.envelope] } ?? []
            }
            switch try reader.feed(root) {
            case .expired: return []
            case .page(let page): return try translator.translate(page, fiches: [:], previous: [:]).envelopes
            }
        } catch let rejection as InboundRejection {
            throw rejection
        } catch {
            throw InboundRejection(status: 422, errorClass: "invalid", message: "GENESIS document rejected: \(error)")
        }
    }

    private static func encode(_ snapshot: PenalRecordSnapshot) throws(InboundRejection) -> [UInt8] {
        do {
            return try StrictJSON.encode(snapshot)
        } catch {
            throw InboundRejection(status: 422, errorClass: "invalid", message: "GENESIS fiche rejected: cannot be encoded")
        }
    }

    /// GENESIS receives nothing: no route may send it a message.
    public func encode(_ envelope: Envelope, for destination: Destination) throws -> OutboundRequest {
        throw GenesisSendsOnly()
    }
}

/// Raised when a route points a message at GENESIS, which only sends.
struct GenesisSendsOnly: Error, CustomStringConvertible {
    var description: String { "GENESIS receives no messages from the gateway: remove it from the routes" }
}
