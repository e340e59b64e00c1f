import CaseModel
import Crypto
import Foundation

/// What SAPHIR posts to `/inbound/saphir`: events of one monitoring centre, in the order SAPHIR knew them.
struct SaphirWebhook: Decodable {
    var version: Int
    /// The monitoring centre, e.g. `PSE-NANCY`: the canonical source site.
    var centre: String
    var events: [SaphirEvent]

    /// At most this many events per delivery: a backlog is replayed in many deliveries, not one huge one.
    static let maxEvents = 500
}

/// One alarm or event, as SAPHIR reports it.
struct SaphirEvent: Decodable {
    enum Category: String, Decodable, CaseIterable {
        case alarme = "ALARME"
        case evenement = "EVENEMENT"
    }

    /// SAPHIR's id of the event; the idempotency key of the canonical message.
    var eventId: String
    var category: Category
    var code: String
    var occurredAt: Date
    /// SAPHIR's placement id, e.g. `SE-2026-000123`.
    var placementId: String
    /// The person's canonical id, sent with the placement order and echoed by SAPHIR.
    var personRef: UUID
    /// The canonical placement id, when the placement was ordered through the gateway.
    var placementRef: UUID?

    /// The canonical envelope. Everything in it derives from the event, so a delivery sent again yields the same
    /// envelope, and the engine's idempotency recognises it.
    func envelope(centre: String) -> Envelope {
        let meaning = SaphirEventCodes.meaning(of: code, alarm: category == .alarme)
        let event = MonitoringEvent(
            id: Self.stableId(centre: centre, eventId: eventId), placementRef: placementRef, type: meaning.type,
            timestamp: occurredAt, severity: meaning.severity, reportedType: meaning.reported)
        return Envelope(
            kind: category == .alarme ? .monitoringAlarm : .monitoringEvent,
            source: Source(system: .saphir, site: centre), sourceMessageId: eventId,
            subject: Subject(personId: personRef, refs: [ExternalRef(system: .saphir, kind: "placementId", value: placementId)]),
            occurredAt: occurredAt, purpose: .surveillance, payload: Payload(monitoringEvent: event))
    }

    /// A name-based UUID (RFC 9562 version 8) of the event: the same SAPHIR event always gets the same id.
    static func stableId(centre: String, eventId: String) -> UUID {
        var bytes = Array(SHA256.hash(data: Array("saphir-event/\(centre)/\(eventId)".utf8)).prefix(16))
        bytes[6] = 0x80 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
