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
public struct AuditDraft: Sendable, Equatable {
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

/// A sealed audit record: sequence number, time, the draft, and its place in the hash chain.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var seq: Int64
    /// Milliseconds since 1970, UTC.
    public var at: Int64
    public var operation: AuditOperation
    public var actor: String
    public var actorFunction: String
    public var purpose: String?
    public var subject: String?
    public var categories: [String]
    public var fields: [String]
    public var recipients: [String]
    public var outcome: String
    public var messageId: String?
    public var correlationId: String?
    public var origin: String?
    public var detail: String?
    public var prevHash: String
    public var hash: String

    public init(seq: Int64, at: Int64, draft: AuditDraft, prevHash: String, hash: String) {
        self.seq = seq
        self.at = at
        self.operation = draft.operation
        self.actor = draft.actor
        self.actorFunction = draft.actorFunction
        self.purpose = draft.purpose
        self.subject = draft.subject
        self.categories = draft.categories
        self.fields = draft.fields
        self.recipients = draft.recipients
        self.outcome = draft.outcome
        self.messageId = draft.messageId
        self.correlationId = draft.correlationId
        self.origin = draft.origin
        self.detail = draft.detail
        self.prevHash = prevHash
        self.hash = hash
    }
}
