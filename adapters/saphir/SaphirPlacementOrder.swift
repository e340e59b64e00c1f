import CaseModel
import Foundation

/// What the gateway sends SAPHIR for `monitoring.placement-ordered`: `PUT /placements/{placementRef}`, which
/// creates the placement or replaces it, so a schedule change or an end date is the same order sent again.
struct SaphirPlacementOrder: Encodable {
    struct Window: Encodable {
        var days: [Int]
        var from: String
        var to: String
    }

    struct Area: Encodable {
        var name: String
        var kind: String
        var address: String?
        var radiusMeters: Int?
    }

    var version = 1
    /// The envelope id: SAPHIR deduplicates on it, so a retried order has one effect.
    var requestId: String
    var placementRef: String
    var personRef: String
    var measureRef: String?
    var type: String
    var address: String
    var schedule: [Window]
    var zones: [Area]?
    var fittingDate: Date?
    var removalDate: Date?
    /// The ordering service, e.g. `SPIP-57`.
    var orderedBy: String

    init(envelope: Envelope, placement: MonitoringPlacement, personId: UUID) {
        requestId = envelope.id?.uuidString.lowercased() ?? envelope.sourceMessageId
        placementRef = placement.id.uuidString.lowercased()
        personRef = personId.uuidString.lowercased()
        measureRef = placement.measureRef?.uuidString.lowercased()
        type = placement.kind.rawValue
        address = placement.address
        schedule = placement.schedule.map { Window(days: $0.weekdays, from: $0.from, to: $0.to) }
        zones = placement.zones?.map {
            Area(name: $0.name, kind: $0.kind == .inclusion ? "INCLUSION" : "EXCLUSION", address: $0.address,
                 radiusMeters: $0.radiusMeters)
        }
        fittingDate = placement.fittingDate
        removalDate = placement.removalDate
        orderedBy = envelope.source.site
    }
}

/// SAPHIR's synchronous acknowledgement of a placement order.
struct SaphirAcknowledgement: Decodable {
    enum Status: String, Decodable {
        case accepted = "ACCEPTE"
        case refused = "REFUSE"
    }

    var placementId: String?
    var status: Status
    /// Why SAPHIR refused, as one of its codes (e.g. `ADRESSE_INCONNUE`); never free text.
    var reasonCode: String?
}
