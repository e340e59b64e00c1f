import Foundation

/// The operations Directive (EU) 2016/680 art. 25 requires to be logged, plus refusals and administration.
public enum AuditOperation: String, Sendable, Codable, CaseIterable {
    case collect
    case modify
    case consult
    case disclose
    case interconnect
    case erase
    case deny
    case reject
    case administer
}

/// An audit record before it is sealed into the chain. It names categories and field paths, never values.
public struct AuditDraft: Sendable, Equatable, Codable {
    public var operation: AuditOperation
    /// Who acted: a client, a user or a system id.
    public var actor: String
    /// The actor's function (role), as art. 25 asks.
    public var actorFunction: String
    public var purpose: String?
    /// Pseudonymous subject key (`person:<uuid>` or `case:<id>`).
    public var subject: String?
    public var categories: [String]
    public var fields: [String]
    public var recipients: [String]
    public var outcome: String
    public var messageId: String?
    public var correlationId: String?
    /// Originating system and site, e.g. `APPI/SPIP-57`.
    public var origin: String?
    /// A short explanation without personal data (error class, reason given by ops).
    public var detail: String?

    public init(operation: AuditOperation, actor: String, actorFunction: String, purpose: String? = nil,
                subject: String? = nil, categories: [String] = [], fields: [String] = [], recipients: [String] = [],
                outcome: String, messageId: String? = nil, correlationId: String? = nil, origin: String? = nil,
                detail: String? = nil) {
        self.operation = operation
        self.actor = actor
        self.actorFunction = actorFunction
        self.purpose = purpose
        self.subject = subject
        self.categories = categories
        self.fields = fields
        self.recipients = recipients
        self.outcome = outcome
        self.messageId = messageId
        self.correlationId = correlationId
        self.origin = origin
        self.detail = detail
    }
}

/// A sealed audit record: sequence number, time, the record itself, and its place in the hash chain.
/// The record's fields read as the entry's own (`entry.actor`); encoded flat, as one JSON object.
@dynamicMemberLookup
public struct AuditEntry: Sendable, Equatable, Codable {
    public var seq: Int64
    /// Milliseconds since 1970, UTC.
    public var at: Int64
    public var record: AuditDraft
    public var prevHash: String
    public var hash: String

    public init(seq: Int64, at: Int64, draft: AuditDraft, prevHash: String, hash: String) {
        self.seq = seq
        self.at = at
        self.record = draft
        self.prevHash = prevHash
        self.hash = hash
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<AuditDraft, Value>) -> Value {
        get { record[keyPath: keyPath] }
        set { record[keyPath: keyPath] = newValue }
    }

    private enum CodingKeys: String, CodingKey {
        case seq, at, prevHash, hash
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seq = try container.decode(Int64.self, forKey: .seq)
        at = try container.decode(Int64.self, forKey: .at)
        prevHash = try container.decode(String.self, forKey: .prevHash)
        hash = try container.decode(String.self, forKey: .hash)
        record = try AuditDraft(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(at, forKey: .at)
        try container.encode(prevHash, forKey: .prevHash)
        try container.encode(hash, forKey: .hash)
        try record.encode(to: encoder)
    }
}
