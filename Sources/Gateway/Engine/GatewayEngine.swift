import CaseModel
import Crypto
import Foundation

/// The accept path: idempotency check, routing, access policy, then one durable transaction.
public struct GatewayEngine: Sendable {
    public let store: any Store
    public let router: MessageRouter
    public let policy: AccessPolicy
    public let destinations: [String: Destination]
    private let clock: @Sendable () -> Date
    private let accepted: @Sendable ([String]) -> Void

    /// `onAccepted` is told which destinations received new deliveries, so their workers wake at once.
    public init(store: any Store, router: MessageRouter, policy: AccessPolicy, destinations: [Destination],
                clock: @escaping @Sendable () -> Date = { Date() },
                onAccepted: @escaping @Sendable ([String]) -> Void = { _ in }) {
        self.store = store
        self.router = router
        self.policy = policy
        self.destinations = Dictionary(destinations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.clock = clock
        self.accepted = onAccepted
    }

    /// Accepts envelopes received together. Returns only once they are on disk; throws `AcceptError` otherwise.
    /// `trace` is recorded with each envelope and sent on with every delivery of it; without one (a polled feed, the
    /// SMS service's notices), each envelope starts a trace of its own, so that its retries can be followed too.
    public func accept(_ envelopes: [Envelope], via adapter: String, actor: AuditActor,
                       trace: TraceContext? = nil) async throws -> AcceptResult {
        guard !envelopes.isEmpty else {
            throw AcceptError.invalid("the message holds no envelope")
        }
        return try await accept(envelopes, via: adapter, actor: actor, cursor: nil, penalRecords: [], trace: trace)
    }

    /// Accepts one page of a polled feed: its envelopes (none for an empty page), the move of the poll cursor and
    /// the penal-record snapshots it read, in one transaction. Throws `CursorMoved` when another poller stored the
    /// page first (nothing stored), `AcceptError` otherwise.
    public func acceptPage(_ envelopes: [Envelope], via adapter: String, actor: AuditActor, cursor: CursorAdvance,
                           penalRecords: [StoredPenalRecord] = []) async throws -> AcceptResult {
        try await accept(envelopes, via: adapter, actor: actor, cursor: cursor, penalRecords: penalRecords, trace: nil)
    }

    private func accept(_ envelopes: [Envelope], via adapter: String, actor: AuditActor, cursor: CursorAdvance?,
                        penalRecords: [StoredPenalRecord], trace: TraceContext?) async throws -> AcceptResult {
        let now = clock()
        var messages: [NewMessage] = []
        var audit: [AuditDraft] = []
        var conflictAudit: [AuditDraft] = []
        var routed: [RoutedMessage] = []
        for var envelope in envelopes {
            do {
                try envelope.validate()
            } catch {
                throw AcceptError.invalid(String(describing: error))
            }
            let fingerprint = try Self.fingerprint(of: envelope)
            let id = envelope.id ?? Envelope.newID(now: now)
            envelope.id = id
            let body = try StrictJSON.encode(envelope)
            let origin = "\(envelope.source.system.rawValue)/\(envelope.source.site)"
            let subject = envelope.subject.orderingKey
            let present = envelope.payload.categories.map(\.rawValue).sorted()
            audit.append(AuditDraft(
                operation: .collect, actor: actor.id, actorFunction: actor.function, purpose: envelope.purpose.rawValue,
                subject: subject, categories: present, outcome: "accepted", messageId: id.uuidString.lowercased(),
                correlationId: envelope.correlationId, origin: origin, detail: "\(envelope.kind.rawValue) via \(adapter)"))
            conflictAudit.append(AuditDraft(
                operation: .reject, actor: actor.id, actorFunction: actor.function, purpose: envelope.purpose.rawValue,
                subject: subject, outcome: "conflict", correlationId: envelope.correlationId, origin: origin,
                detail: "source message id reused with different content"))

            var deliveries: [NewDelivery] = []
            var routes: [RoutedDestination] = []
            for name in router.destinations(for: envelope.kind) {
                guard let destination = destinations[name] else { continue }
                let decision = policy.decide(envelope.payload, for: destination)
                if !decision.withheld.isEmpty {
                    audit.append(AuditDraft(
                        operation: .deny, actor: "passerelle", actorFunction: "access-policy",
                        purpose: envelope.purpose.rawValue, subject: subject,
                        categories: decision.withheld.map(\.rawValue).sorted(), fields: decision.withheldFields.sorted(),
                        recipients: [destination.name], outcome: decision.isDenied ? "denied" : "withheld",
                        messageId: id.uuidString.lowercased(), correlationId: envelope.correlationId, origin: origin,
                        detail: "role \(destination.role.rawValue)"))
                }
                guard let payload = decision.payload else {
                    routes.append(RoutedDestination(destination: name, deliveryId: nil, withheld: decision.withheld))
                    continue
                }
                var filtered = envelope
                filtered.payload = payload
                let filteredBody = decision.withheld.isEmpty ? nil : try StrictJSON.encode(filtered)
                let deliveryId = Envelope.newID(now: now).uuidString.lowercased()
                deliveries.append(NewDelivery(id: deliveryId, destination: name, payload: filteredBody,
                                              categories: decision.disclosed.map(\.rawValue).sorted(),
                                              priority: DeliveryPriority.of(envelope.kind)))
                routes.append(RoutedDestination(destination: name, deliveryId: deliveryId, withheld: decision.withheld))
            }
            messages.append(NewMessage(
                id: id.uuidString.lowercased(), kind: envelope.kind.rawValue, sourceSystem: envelope.source.system.rawValue,
                sourceSite: envelope.source.site, sourceMessageId: envelope.sourceMessageId, subjectKey: subject,
                purpose: envelope.purpose.rawValue, fingerprint: fingerprint, body: body, receivedAt: now,
                deliveries: deliveries, trace: trace ?? TraceContext.newRoot()))
            routed.append(RoutedMessage(id: id.uuidString.lowercased(), kind: envelope.kind.rawValue,
                                        sourceMessageId: envelope.sourceMessageId, destinations: routes))
        }

        let outcome: AcceptOutcome
        do {
            outcome = try await store.accept(AcceptUnit(messages: messages, audit: audit, conflictAudit: conflictAudit,
                                                         cursor: cursor, penalRecords: penalRecords))
        } catch let moved as CursorMoved {
            throw moved
        } catch {
            throw AcceptError.unavailable(String(describing: error))
        }
        switch outcome {
        case .stored:
            let woken = Set(messages.flatMap { $0.deliveries.map(\.destination) })
            if !woken.isEmpty { accepted(Array(woken)) }
            return AcceptResult(messages: routed, duplicate: false)
        case .duplicate(let ids):
            // The stored ids replace the ones drawn for this request, so the answer is the same as the first time.
            let stored = try await duplicateAnswer(ids: ids, routed: routed)
            return AcceptResult(messages: stored, duplicate: true)
        case .conflict(let sourceMessageId, let existingId):
            throw AcceptError.conflict(sourceMessageId: sourceMessageId, existingId: existingId)
        }
    }

    private func duplicateAnswer(ids: [String], routed: [RoutedMessage]) async throws -> [RoutedMessage] {
        var answer: [RoutedMessage] = []
        for (id, original) in zip(ids, routed) {
            let deliveries = try await store.deliveries(messageId: id)
            let byDestination = Dictionary(deliveries.map { ($0.destination, $0.id) }, uniquingKeysWith: { a, _ in a })
            answer.append(RoutedMessage(
                id: id, kind: original.kind, sourceMessageId: original.sourceMessageId,
                destinations: original.destinations.map {
                    RoutedDestination(destination: $0.destination, deliveryId: byDestination[$0.destination],
                                      withheld: $0.withheld)
                }))
        }
        return answer
    }

    /// SHA-256 of the canonical envelope without its id: the same content always gives the same fingerprint.
    public static func fingerprint(of envelope: Envelope) throws -> String {
        var copy = envelope
        copy.id = nil
        let digest = SHA256.hash(data: try StrictJSON.encode(copy))
        return Hex.lowercase(digest)
    }
}

/// The answer to a sender: where each envelope went and what was withheld, as categories.
public struct AcceptResult: Sendable, Equatable {
    public var messages: [RoutedMessage]
    /// True when every envelope had been received before with the same content.
    public var duplicate: Bool
}

/// One accepted envelope and its destinations.
public struct RoutedMessage: Sendable, Equatable {
    public var id: String
    public var kind: String
    public var sourceMessageId: String
    public var destinations: [RoutedDestination]
}

/// One destination of an accepted envelope: its delivery, or none when the policy denied everything.
public struct RoutedDestination: Sendable, Equatable {
    public var destination: String
    public var deliveryId: String?
    public var withheld: Set<DataCategory>
}

/// Why a message was not accepted; each says what happens to the message.
public enum AcceptError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The content is wrong; rejected, nothing stored.
    case invalid(String)
    /// The source message id was already used for other content; rejected, nothing stored.
    case conflict(sourceMessageId: String, existingId: String)
    /// The store could not commit; nothing acknowledged, the sender should retry.
    case unavailable(String)

    public var description: String {
        switch self {
        case .invalid(let why): return "rejected, nothing stored: \(why)"
        case .conflict(let sourceMessageId, let existingId):
            return "rejected, nothing stored: source message id \"\(sourceMessageId)\" was already used for a different message (\(existingId))"
        case .unavailable:
            return "not stored: the gateway could not write to its store; retry later with the same source message id"
        }
    }
}
