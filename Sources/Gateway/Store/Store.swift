import CaseModel
import Foundation

/// Durable state of the gateway: messages, deliveries, attempts, the audit chain and adapter states.
/// Every method that returns has committed its writes with an fsync-backed setting.
public protocol Store: Sendable {
    /// Stores one unit of envelopes with their deliveries and audit entries in one transaction, after the
    /// idempotency check. Concurrent calls may share a transaction (group commit); each gets its own result.
    func accept(_ unit: AcceptUnit) async throws -> AcceptOutcome
    /// Appends audit entries on their own (rejections, denials at the door, administration).
    func appendAudit(_ drafts: [AuditDraft]) async throws
    /// The cursor a polling adapter committed last; nil when it has never committed one.
    func pollCursor(adapter: String) async throws -> String?
    /// The last penal-record snapshot stored for each of these persons (written by `AcceptUnit.penalRecords`), by person
    /// key; a person without one is absent.
    func penalRecords(personKeys: [String]) async throws -> [String: StoredPenalRecord]

    /// Claims due deliveries for a destination under a lease, at most one per subject, oldest first,
    /// never a delivery with an earlier undelivered one for the same subject and destination.
    /// Alarm lane first (see `DeliveryPriority`): while any subject holding an undelivered alarm for this destination
    /// has a due head, only such heads are claimed; otherwise the routine lane is served.
    func claim(destination: String, owner: String, leaseMilliseconds: Int, limit: Int, now: Date) async throws -> [ClaimedDelivery]
    /// Records an attempt's result, fenced by lease owner and attempt number; false when the lease was lost.
    func recordAttempt(_ record: AttemptRecord) async throws -> Bool
    /// The earliest time a pending delivery of this destination becomes due, if any.
    func nextDue(destination: String) async throws -> Date?

    func message(id: String) async throws -> MessageSummary?
    func deliveries(messageId: String) async throws -> [DeliverySummary]
    func deliveries(status: DeliveryStatus?, destination: String?, limit: Int) async throws -> [DeliverySummary]
    func delivery(id: String) async throws -> DeliverySummary?
    func attempts(deliveryId: String) async throws -> [AttemptSummary]
    /// Puts a dead or cancelled delivery back in the queue as a new attempt cycle linked to the old one.
    func replay(deliveryId: String, actor: AuditActor, reason: String, now: Date) async throws -> DeliverySummary
    /// Withdraws a pending or dead delivery; it stays on record.
    func cancel(deliveryId: String, actor: AuditActor, reason: String, now: Date) async throws -> DeliverySummary

    func adapterStates() async throws -> [AdapterState]
    func setAdapterState(name: String, mode: AdapterMode, actor: AuditActor, reason: String, now: Date) async throws -> AdapterState
    func queueStats(now: Date) async throws -> [QueueStats]

    /// Audit entries in sequence order, starting after `afterSeq`.
    func auditEntries(afterSeq: Int64, limit: Int) async throws -> [AuditEntry]
    func auditEntries(subject: String, limit: Int) async throws -> [AuditEntry]

    /// Row counts of messages, deliveries and audit entries.
    func counts() async throws -> StoreCounts
    /// Called once when a gateway process starts. A store owned by one process returns the deliveries its previous
    /// run left leased to the queue at once; a store shared by several instances lets those leases expire instead.
    func recoverAtStartup() async throws -> Int
}

/// How many rows the main tables hold.
public struct StoreCounts: Sendable, Equatable, Codable {
    public var messages: Int
    public var deliveries: Int
    public var audit: Int

    public init(messages: Int, deliveries: Int, audit: Int) {
        self.messages = messages
        self.deliveries = deliveries
        self.audit = audit
    }
}

/// Who did something, and in which function.
public struct AuditActor: Sendable, Equatable {
    public var id: String
    public var function: String

    public init(id: String, function: String) {
        self.id = id
        self.function = function
    }
}

/// Envelopes received together (one HTTP request, or one page of a polled feed), stored all together or not at all.
/// With a cursor advance, the unit is stored only if the cursor still is at `from` (compare-and-set: another instance
/// polling the same feed may have moved it), and the cursor moves in the same transaction; a unit without messages
/// then moves the cursor alone (an empty page). A stale `from` throws `CursorMoved`, nothing stored.
/// A unit refused for a conflict leaves the cursor where it was.
public struct AcceptUnit: Sendable {
    public var messages: [NewMessage]
    /// Audit entries written in the same transaction when the unit is stored (collection, disclosure decisions).
    public var audit: [AuditDraft]
    /// Audit entries written instead when the unit is refused for an idempotency conflict.
    public var conflictAudit: [AuditDraft]
    /// The poll cursor to move with this unit, for units read from a polled feed.
    public var cursor: CursorAdvance?
    /// Penal-record snapshots to keep as each person's latest, in the same transaction (a stored snapshot is only
    /// replaced by a higher version). Written whenever the unit is stored or is a duplicate; never on a conflict.
    public var penalRecords: [StoredPenalRecord]

    public init(messages: [NewMessage], audit: [AuditDraft], conflictAudit: [AuditDraft],
                cursor: CursorAdvance? = nil, penalRecords: [StoredPenalRecord] = []) {
        self.messages = messages
        self.audit = audit
        self.conflictAudit = conflictAudit
        self.cursor = cursor
        self.penalRecords = penalRecords
    }
}

/// One envelope ready to be stored, with one delivery per destination the policy allowed.
public struct NewMessage: Sendable {
    public var id: String
    public var kind: String
    public var sourceSystem: String
    public var sourceSite: String
    public var sourceMessageId: String
    public var subjectKey: String
    public var purpose: String
    /// SHA-256 of the canonical envelope without its id: the idempotency fingerprint.
    public var fingerprint: String
    /// The canonical envelope as received (with its assigned id).
    public var body: [UInt8]
    public var receivedAt: Date
    public var deliveries: [NewDelivery]
    /// The trace the message belongs to, sent on with every delivery of it.
    public var trace: TraceContext?

    public init(id: String, kind: String, sourceSystem: String, sourceSite: String, sourceMessageId: String,
                subjectKey: String, purpose: String, fingerprint: String, body: [UInt8], receivedAt: Date,
                deliveries: [NewDelivery], trace: TraceContext? = nil) {
        self.trace = trace
        self.id = id
        self.kind = kind
        self.sourceSystem = sourceSystem
        self.sourceSite = sourceSite
        self.sourceMessageId = sourceMessageId
        self.subjectKey = subjectKey
        self.purpose = purpose
        self.fingerprint = fingerprint
        self.body = body
        self.receivedAt = receivedAt
        self.deliveries = deliveries
    }
}

/// One queued delivery: the envelope as this destination may see it, already filtered.
public struct NewDelivery: Sendable {
    public var id: String
    public var destination: String
    /// The filtered envelope; nil when it is identical to the message body (nothing withheld).
    public var payload: [UInt8]?
    public var categories: [String]
    /// The lane it waits in, decided by the engine from the message kind (`DeliveryPriority.of`).
    public var priority: DeliveryPriority

    public init(id: String, destination: String, payload: [UInt8]?, categories: [String],
                priority: DeliveryPriority = .routine) {
        self.id = id
        self.destination = destination
        self.payload = payload
        self.categories = categories
        self.priority = priority
    }
}

/// What became of an `AcceptUnit`.
public enum AcceptOutcome: Sendable, Equatable {
    /// Stored now; ids in the order of the unit (none for an empty page that only moved its cursor).
    case stored([String])
    /// Every envelope was already stored with the same content; the ids of the stored ones. A cursor advance still
    /// applies: a page read again after a re-sync moves the cursor without storing anything twice.
    case duplicate([String])
    /// A source message id was already used for different content; nothing stored.
    case conflict(sourceMessageId: String, existingId: String)
}

/// A delivery handed to a worker under a lease.
public struct ClaimedDelivery: Sendable, Equatable {
    public var id: String
    public var messageId: String
    public var destination: String
    public var subjectKey: String
    public var kind: String
    public var purpose: String
    public var categories: [String]
    /// The envelope to encode (filtered for this destination).
    public var payload: [UInt8]
    /// Total attempts including this one; the fencing token.
    public var attempt: Int
    /// Attempts since the last replay, counted against the retry budget.
    public var cycleAttempt: Int
    /// The trace recorded with the message when it was accepted.
    public var trace: TraceContext?

    public init(id: String, messageId: String, destination: String, subjectKey: String, kind: String, purpose: String, categories: [String], payload: [UInt8], attempt: Int, cycleAttempt: Int, trace: TraceContext? = nil) {
        self.trace = trace
        self.id = id
        self.messageId = messageId
        self.destination = destination
        self.subjectKey = subjectKey
        self.kind = kind
        self.purpose = purpose
        self.categories = categories
        self.payload = payload
        self.attempt = attempt
        self.cycleAttempt = cycleAttempt
    }
}

/// The result of one attempt, to be recorded if the lease still holds.
public struct AttemptRecord: Sendable {
    public var deliveryId: String
    public var owner: String
    public var attempt: Int
    public var status: DeliveryStatus
    public var httpStatus: Int?
    public var error: String?
    public var startedAt: Date
    public var finishedAt: Date
    public var nextAttemptAt: Date?
    public var audit: AuditDraft

    public init(deliveryId: String, owner: String, attempt: Int, status: DeliveryStatus, httpStatus: Int?,
                error: String?, startedAt: Date, finishedAt: Date, nextAttemptAt: Date?, audit: AuditDraft) {
        self.deliveryId = deliveryId
        self.owner = owner
        self.attempt = attempt
        self.status = status
        self.httpStatus = httpStatus
        self.error = error
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.nextAttemptAt = nextAttemptAt
        self.audit = audit
    }
}

/// A stored message, as ops and senders see it.
public struct MessageSummary: Sendable, Equatable, Codable {
    public var id: String
    public var kind: String
    public var sourceSystem: String
    public var sourceSite: String
    public var sourceMessageId: String
    public var subjectKey: String
    public var receivedAt: Date

    public init(id: String, kind: String, sourceSystem: String, sourceSite: String, sourceMessageId: String, subjectKey: String, receivedAt: Date) {
        self.id = id
        self.kind = kind
        self.sourceSystem = sourceSystem
        self.sourceSite = sourceSite
        self.sourceMessageId = sourceMessageId
        self.subjectKey = subjectKey
        self.receivedAt = receivedAt
    }
}

/// A delivery's current state.
public struct DeliverySummary: Sendable, Equatable, Codable {
    public var id: String
    public var messageId: String
    public var destination: String
    public var subjectKey: String
    public var status: DeliveryStatus
    public var attempts: Int
    public var cycleAttempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var lastHTTPStatus: Int?
    public var deliveredAt: Date?
    public var createdAt: Date

    public init(id: String, messageId: String, destination: String, subjectKey: String, status: DeliveryStatus, attempts: Int, cycleAttempts: Int, nextAttemptAt: Date?, lastError: String?, lastHTTPStatus: Int?, deliveredAt: Date?, createdAt: Date) {
        self.id = id
        self.messageId = messageId
        self.destination = destination
        self.subjectKey = subjectKey
        self.status = status
        self.attempts = attempts
        self.cycleAttempts = cycleAttempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.lastHTTPStatus = lastHTTPStatus
        self.deliveredAt = deliveredAt
        self.createdAt = createdAt
    }
}

/// One attempt (or ops action) in a delivery's history.
public struct AttemptSummary: Sendable, Equatable, Codable {
    public var attempt: Int
    public var cycle: Int
    public var outcome: String
    public var httpStatus: Int?
    public var error: String?
    public var startedAt: Date
    public var finishedAt: Date?
    public var actor: String?
    public var reason: String?

    public init(attempt: Int, cycle: Int, outcome: String, httpStatus: Int?, error: String?, startedAt: Date, finishedAt: Date?, actor: String?, reason: String?) {
        self.attempt = attempt
        self.cycle = cycle
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.error = error
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.actor = actor
        self.reason = reason
    }
}

/// Whether an adapter consumes and delivers.
public enum AdapterMode: String, Sendable, Codable, CaseIterable {
    /// Receives and delivers.
    case enabled
    /// Refuses new inbound messages (503) and stops delivering; its queue is kept.
    case disabled
    /// Receives, but stops delivering; its queue is kept.
    case paused

    public var delivers: Bool { self == .enabled }
    public var receives: Bool { self != .disabled }
}

/// The persisted state of one adapter, with who changed it and why.
public struct AdapterState: Sendable, Equatable, Codable {
    public var name: String
    public var mode: AdapterMode
    public var actor: String?
    public var reason: String?
    public var changedAt: Date?

    public init(name: String, mode: AdapterMode, actor: String?, reason: String?, changedAt: Date?) {
        self.name = name
        self.mode = mode
        self.actor = actor
        self.reason = reason
        self.changedAt = changedAt
    }
}

/// Queue figures of one destination.
public struct QueueStats: Sendable, Equatable, Codable {
    public var destination: String
    public var pending: Int
    public var inFlight: Int
    public var dead: Int
    public var delivered: Int
    public var oldestPendingAgeSeconds: Double?

    public init(destination: String, pending: Int, inFlight: Int, dead: Int, delivered: Int, oldestPendingAgeSeconds: Double?) {
        self.destination = destination
        self.pending = pending
        self.inFlight = inFlight
        self.dead = dead
        self.delivered = delivered
        self.oldestPendingAgeSeconds = oldestPendingAgeSeconds
    }
}

/// Errors a store reports about a request it cannot carry out.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case invalidTransition(id: String, from: DeliveryStatus, action: String)
    case misconfigured(String)

    public var description: String {
        switch self {
        case .notFound(let what): return "\(what) not found"
        case .invalidTransition(let id, let from, let action):
            return "delivery \(id) is \(from.rawValue): it cannot be \(action)"
        case .misconfigured(let why): return why
        }
    }
}
