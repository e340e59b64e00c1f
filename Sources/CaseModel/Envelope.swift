import Foundation

/// A canonical message: who sent what about whom, why, and the payload. Strict JSON, version 1.
public struct Envelope: Codable, Sendable, Hashable {
    /// The only version this gateway reads and writes.
    public static let currentVersion = 1

    public var version: Int
    /// UUIDv7 assigned by the gateway when the sender gave none.
    public var id: UUID?
    public var kind: MessageKind
    public var source: Source
    /// The sender's own id of the message: the idempotency key, unique per source system and site.
    public var sourceMessageId: String
    public var subject: Subject
    public var occurredAt: Date
    public var purpose: Purpose
    public var correlationId: String?
    public var payload: Payload

    public init(
        version: Int = Envelope.currentVersion, id: UUID? = nil, kind: MessageKind, source: Source,
        sourceMessageId: String, subject: Subject, occurredAt: Date, purpose: Purpose,
        correlationId: String? = nil, payload: Payload
    ) {
        self.version = version
        self.id = id
        self.kind = kind
        self.source = source
        self.sourceMessageId = sourceMessageId
        self.subject = subject
        self.occurredAt = occurredAt
        self.purpose = purpose
        self.correlationId = correlationId
        self.payload = payload
    }

    /// A new UUIDv7 for a message accepted at `now`; ids made later sort after it.
    public static func newID(now: Date) -> UUID {
        var generator = SystemRandomNumberGenerator()
        return UUIDv7.make(now: now, using: &generator)
    }

    private enum CodingKeys: String, CodingKey {
        case version, id, kind, source, sourceMessageId, subject, occurredAt, purpose, correlationId, payload
    }

    /// Reads `version` first, so that a message of another version is refused as such rather than
    /// for the keys that version may have added.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        guard version == Self.currentVersion else {
            throw ValueRejection.error(
                "unsupported envelope version \(version); this gateway reads version \(Self.currentVersion)",
                at: container.codingPath + [CodingKeys.version]
            )
        }
        id = try container.decodeIfPresent(UUID.self, forKey: .id)
        kind = try container.decode(MessageKind.self, forKey: .kind)
        source = try container.decode(Source.self, forKey: .source)
        sourceMessageId = try container.decode(String.self, forKey: .sourceMessageId)
        subject = try container.decode(Subject.self, forKey: .subject)
        occurredAt = try container.decode(Date.self, forKey: .occurredAt)
        purpose = try container.decode(Purpose.self, forKey: .purpose)
        correlationId = try container.decodeIfPresent(String.self, forKey: .correlationId)
        payload = try container.decode(Payload.self, forKey: .payload)
    }
}
