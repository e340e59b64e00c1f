import Foundation
import Gateway
import Logging
import PostgresNIO

/// The store shared by several gateway instances: one PostgreSQL database, deliveries claimed under leases with
/// `FOR UPDATE SKIP LOCKED`, results fenced by lease owner and attempt, one audit chain for all instances.
public final class PostgresStore: Store {
    let client: PostgresClient
    private let runner: Task<Void, Never>
    let committer: PostgresGroupCommitter
    private let clock: @Sendable () -> Date
    let logger: Logger
    /// The migrations this opening found and applied.
    public let migrations: MigrationReport
    /// How long opening waits for the server before giving up.
    static let connectDeadline = Duration.seconds(20)

    /// Connects, refuses to go on if durability is off, and applies missing migrations.
    public static func open(_ location: PostgresLocation, clock: @escaping @Sendable () -> Date = { Date() },
                            logger: Logger = Logger(label: "passerelle.store.postgres")) async throws -> PostgresStore {
        // The pool retries failed connections on its own and logs each retry; our errors say what failed.
        var background = logger
        background.logLevel = .error
        let client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: background)
        let runner = Task { await client.run() }
        do {
            let report = try await withThrowingTaskGroup(of: MigrationReport?.self) { group in
                group.addTask {
                    try await PostgresDurability.check(client, logger: logger)
                    let appliedNow = try await PostgresMigrations.migrate(client, logger: logger)
                    return MigrationReport(known: PostgresMigrations.all.map(\.name), appliedNow: appliedNow)
                }
                // The pool would keep retrying for a minute; a start-up that cannot connect should say so sooner.
                group.addTask {
                    try await Task.sleep(for: connectDeadline)
                    return nil
                }
                defer { group.cancelAll() }
                guard let report = try await group.next() ?? nil else {
                    throw StoreError.misconfigured("cannot open the PostgreSQL store \(location): no connection within "
                        + "\(connectDeadline) (is the server up, and are the URL's host, port, user and sslmode right?)")
                }
                return report
            }
            return PostgresStore(client: client, runner: runner, clock: clock, logger: logger, migrations: report)
        } catch {
            runner.cancel()
            await runner.value
            if let refusal = error as? StoreError { throw refusal }
            throw StoreError.misconfigured("cannot open the PostgreSQL store \(location): \(PostgresFailure.explain(error))")
        }
    }

    private init(client: PostgresClient, runner: Task<Void, Never>, clock: @escaping @Sendable () -> Date,
                 logger: Logger, migrations: MigrationReport) {
        self.client = client
        self.runner = runner
        self.committer = PostgresGroupCommitter(client: client, clock: clock, logger: logger)
        self.clock = clock
        self.logger = logger
        self.migrations = migrations
    }

    /// Closes every connection; the store cannot be used afterwards.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    // MARK: Accept

    public func accept(_ unit: AcceptUnit) async throws -> AcceptOutcome {
        let logger = self.logger
        let now = clock()
        do {
            return try await committer.submit { connection in
                // First, so that a page another poller already took writes nothing at all.
                if let cursor = unit.cursor {
                    try await PostgresPollCursors.advance(cursor, connection: connection, now: now, logger: logger)
                }
                try await PostgresPenalRecords.keep(unit.penalRecords, connection: connection, now: now, logger: logger)
                var ids: [String] = []
                var stored: Set<String> = []
                for message in unit.messages {
                    // ON CONFLICT waits for a concurrent insert of the same key (another instance) to commit, then
                    // the existing row is read: the same key is never stored twice, and never refused by a race.
                    if try await Self.insert(message, connection: connection, logger: logger) {
                        ids.append(message.id)
                        stored.insert(message.id)
                        continue
                    }
                    let rows = try await connection.query("""
                        SELECT id, fingerprint FROM messages WHERE source_system = \(message.sourceSystem)
                          AND source_message_id = \(message.sourceMessageId)
                        """, logger: logger)
                    var existing: (id: String, fingerprint: String)?
                    for try await (id, fingerprint) in rows.decode((String, String).self) { existing = (id, fingerprint) }
                    guard let existing else { throw CommitFailure.lostResult }
                    guard existing.fingerprint == message.fingerprint else {
                        // Thrown inside the unit's savepoint: everything this unit wrote is rolled back.
                        throw ConflictFound(sourceMessageId: message.sourceMessageId, existingId: existing.id)
                    }
                    ids.append(existing.id)
                }
                if stored.isEmpty, !unit.messages.isEmpty {
                    return Staged(result: AcceptOutcome.duplicate(ids), audit: [])
                }
                return Staged(result: AcceptOutcome.stored(ids),
                              audit: unit.audit.filter { $0.messageId.map(stored.contains) ?? true })
            }
        } catch let conflict as ConflictFound {
            try await appendAudit(unit.conflictAudit)
            return .conflict(sourceMessageId: conflict.sourceMessageId, existingId: conflict.existingId)
        }
    }

    /// Inserts the message and its deliveries; false when the source message id is already stored.
    private static func insert(_ message: NewMessage, connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let received = Millis.from(message.receivedAt)
        let inserted = try await connection.query("""
            INSERT INTO messages (id, kind, source_system, source_site, source_message_id, subject_key, purpose,
                                  fingerprint, body, received_at, trace_parent, trace_state)
            VALUES (\(message.id), \(message.kind), \(message.sourceSystem), \(message.sourceSite),
                    \(message.sourceMessageId), \(message.subjectKey), \(message.purpose), \(message.fingerprint),
                    \(ByteBuffer(bytes: message.body)), \(received), \(message.trace?.traceparent),
                    \(message.trace?.state))
            ON CONFLICT (source_system, source_message_id) DO NOTHING
            RETURNING id
            """, logger: logger).collect()
        guard !inserted.isEmpty else { return false }
        for delivery in message.deliveries {
            try await connection.query("""
                INSERT INTO deliveries (id, message_id, destination, subject_key, payload, categories, status,
                                        next_attempt_at, created_at, priority)
                VALUES (\(delivery.id), \(message.id), \(delivery.destination), \(message.subjectKey),
                        \(delivery.payload.map { ByteBuffer(bytes: $0) }), \(ListColumn.encode(delivery.categories)),
                        'pending', \(received), \(received), \(delivery.priority.rawValue))
                """, logger: logger)
        }
        return true
    }

    public func appendAudit(_ drafts: [AuditDraft]) async throws {
        guard !drafts.isEmpty else { return }
        try await committer.submit { _ in Staged(result: (), audit: drafts) }
    }

    public func pollCursor(adapter: String) async throws -> String? {
        let logger = self.logger
        return try await client.withConnection { connection in
            try await PostgresPollCursors.current(adapter: adapter, connection: connection, logger: logger)
        }
    }

    public func penalRecords(personKeys: [String]) async throws -> [String: StoredPenalRecord] {
        let logger = self.logger
        return try await client.withConnection { connection in
            try await PostgresPenalRecords.latest(personKeys: personKeys, connection: connection, logger: logger)
        }
    }

    // MARK: Delivery

    /// One statement, in its own short transaction: lock the due heads of their lanes that no other instance is
    /// claiming (SKIP LOCKED), and lease them. A lane's head is its oldest open delivery; a delivery whose lease ran
    /// out is its lane's head still, and is taken over here.
    public func claim(destination: String, owner: String, leaseMilliseconds: Int, limit: Int,
                      now: Date) async throws -> [ClaimedDelivery] {
        // The alarm lane first: subjects holding an undelivered alarm, in their own order. Only when none of them has
        // a delivery due do routine subjects get a turn, so an alarm waiting for a retry never blocks them.
        let alarms = try await claim(destination: destination, owner: owner, leaseMilliseconds: leaseMilliseconds,
                                     limit: limit, now: now, alarmLaneOnly: true)
        if !alarms.isEmpty { return alarms }
        return try await claim(destination: destination, owner: owner, leaseMilliseconds: leaseMilliseconds,
                               limit: limit, now: now, alarmLaneOnly: false)
    }

    private func claim(destination: String, owner: String, leaseMilliseconds: Int, limit: Int, now: Date,
                       alarmLaneOnly: Bool) async throws -> [ClaimedDelivery] {
        let nowMillis = Millis.from(now)
        let expires = nowMillis + Int64(leaseMilliseconds)
        let rows: [PostgresRow]
        do {
            rows = try await client.query("""
                WITH picked AS (
                    SELECT c.seq FROM deliveries c
                    WHERE c.destination = \(destination)
                      AND ((c.status = 'pending' AND c.next_attempt_at <= \(nowMillis))
                           OR (c.status = 'in_flight' AND c.lease_expires_at < \(nowMillis)))
                      AND NOT EXISTS (
                        SELECT 1 FROM deliveries e
                        WHERE e.destination = c.destination AND e.subject_key = c.subject_key AND e.seq < c.seq
                          AND e.status IN ('pending', 'in_flight'))
                      AND (NOT \(alarmLaneOnly) OR c.subject_key IN (
                        SELECT a.subject_key FROM deliveries a
                        WHERE a.destination = \(destination) AND a.priority > 0 AND a.status IN ('pending', 'in_flight')))
                    ORDER BY c.seq
                    LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                ), claimed AS (
                    UPDATE deliveries d
                    SET status = 'in_flight', lease_owner = \(owner), lease_expires_at = \(expires),
                        attempts = d.attempts + 1, cycle_attempts = d.cycle_attempts + 1
                    FROM picked WHERE d.seq = picked.seq
                    RETURNING d.seq, d.id, d.message_id, d.subject_key, d.categories, d.attempts, d.cycle_attempts,
                              d.payload
                )
                SELECT claimed.seq, claimed.id, claimed.message_id, claimed.subject_key, claimed.categories,
                       claimed.attempts, claimed.cycle_attempts, COALESCE(claimed.payload, m.body) AS payload,
                       m.kind, m.purpose, m.trace_parent, m.trace_state
                FROM claimed JOIN messages m ON m.id = claimed.message_id
                ORDER BY claimed.seq
                """, logger: logger).collect()
        } catch where SQLState.of(error) == SQLState.uniqueViolation {
            // Another instance's claim on the same lane committed between our snapshot and our update: the lane's
            // one-in-flight index refused ours. Nothing was leased; the next claim sees the lane as it is now.
            return []
        }
        return try rows.map { row in
            let row = row.makeRandomAccess()
            return ClaimedDelivery(
                id: try row.value("id"), messageId: try row.value("message_id"), destination: destination,
                subjectKey: try row.value("subject_key"), kind: try row.value("kind"), purpose: try row.value("purpose"),
                categories: ListColumn.decode(try row.value("categories")),
                payload: Array(buffer: try row.value("payload", as: ByteBuffer.self)),
                attempt: Int(try row.value("attempts", as: Int64.self)),
                cycleAttempt: Int(try row.value("cycle_attempts", as: Int64.self)),
                trace: TraceContext(traceparent: try row.value("trace_parent", as: String?.self),
                                    tracestate: try row.value("trace_state", as: String?.self)))
        }
    }

    public func recordAttempt(_ record: AttemptRecord) async throws -> Bool {
        let logger = self.logger
        return try await committer.submit { connection in
            let finished = Millis.from(record.finishedAt)
            let status = record.status.rawValue
            let next = record.nextAttemptAt.map(Millis.from)
            let delivered: Int64? = record.status == .delivered ? finished : nil
            let attempt = Int64(record.attempt)
            // Fenced: a worker whose lease was taken over holds an older attempt number and changes nothing.
            let updated = try await connection.query("""
                UPDATE deliveries
                SET status = \(status), lease_owner = NULL, lease_expires_at = NULL, last_error = \(record.error),
                    last_http_status = \(record.httpStatus.map(Int64.init)),
                    next_attempt_at = COALESCE(\(next), next_attempt_at), delivered_at = \(delivered)
                WHERE id = \(record.deliveryId) AND status = 'in_flight' AND lease_owner = \(record.owner)
                  AND attempts = \(attempt)
                RETURNING cycle
                """, logger: logger).collect()
            let kept = !updated.isEmpty
            var cycle: Int64 = 1
            for try await value in try await connection.query(
                "SELECT cycle FROM deliveries WHERE id = \(record.deliveryId)", logger: logger).decode(Int64.self) {
                cycle = value
            }
            // The attempt happened either way; a fenced-out result is kept as history, not as the delivery's state.
            let outcome = kept ? (record.status == .pending ? "retry" : status) : "lease-lost"
            try await connection.query("""
                INSERT INTO attempts (delivery_id, attempt, cycle, outcome, http_status, error, started_at, finished_at)
                VALUES (\(record.deliveryId), \(attempt), \(cycle), \(outcome), \(record.httpStatus.map(Int64.init)),
                        \(record.error), \(Millis.from(record.startedAt)), \(finished))
                """, logger: logger)
            var audit = record.audit
            if !kept { audit.outcome = "lease-lost" }
            return Staged(result: kept, audit: [audit])
        }
    }

    public func nextDue(destination: String) async throws -> Date? {
        let rows = try await client.query("""
            SELECT MIN(next_attempt_at) FROM deliveries WHERE destination = \(destination) AND status = 'pending'
            """, logger: logger)
        for try await value in rows.decode(Int64?.self) { return value.map(Millis.date) }
        return nil
    }

    // MARK: Reading

    public func message(id: String) async throws -> MessageSummary? {
        let rows = try await client.query("""
            SELECT id, kind, source_system, source_site, source_message_id, subject_key, received_at
            FROM messages WHERE id = \(id)
            """, logger: logger).collect()
        return try rows.first.map { row in
            let row = row.makeRandomAccess()
            return MessageSummary(id: try row.value("id"), kind: try row.value("kind"),
                                  sourceSystem: try row.value("source_system"), sourceSite: try row.value("source_site"),
                                  sourceMessageId: try row.value("source_message_id"),
                                  subjectKey: try row.value("subject_key"),
                                  receivedAt: Millis.date(try row.value("received_at")))
        }
    }

    public func deliveries(messageId: String) async throws -> [DeliverySummary] {
        try await client.query("SELECT * FROM deliveries WHERE message_id = \(messageId) ORDER BY seq", logger: logger)
            .collect().map(Self.summary)
    }

    public func deliveries(status: DeliveryStatus?, destination: String?, limit: Int) async throws -> [DeliverySummary] {
        try await client.query("""
            SELECT * FROM deliveries
            WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(destination)::text IS NULL OR destination = \(destination))
            ORDER BY seq LIMIT \(limit)
            """, logger: logger).collect().map(Self.summary)
    }

    public func delivery(id: String) async throws -> DeliverySummary? {
        try await client.query("SELECT * FROM deliveries WHERE id = \(id)", logger: logger).collect().first.map(Self.summary)
    }

    public func attempts(deliveryId: String) async throws -> [AttemptSummary] {
        try await client.query("SELECT * FROM attempts WHERE delivery_id = \(deliveryId) ORDER BY id", logger: logger)
            .collect().map { row in
                let row = row.makeRandomAccess()
                return AttemptSummary(
                    attempt: Int(try row.value("attempt", as: Int64.self)), cycle: Int(try row.value("cycle", as: Int64.self)),
                    outcome: try row.value("outcome"), httpStatus: try row.value("http_status", as: Int64?.self).map(Int.init),
                    error: try row.value("error"), startedAt: Millis.date(try row.value("started_at")),
                    finishedAt: try row.value("finished_at", as: Int64?.self).map(Millis.date),
                    actor: try row.value("actor"), reason: try row.value("reason"))
            }
    }

    private static func summary(_ row: PostgresRow) throws -> DeliverySummary {
        let row = row.makeRandomAccess()
        let status = DeliveryStatus(rawValue: try row.value("status")) ?? .pending
        return DeliverySummary(
            id: try row.value("id"), messageId: try row.value("message_id"), destination: try row.value("destination"),
            subjectKey: try row.value("subject_key"), status: status,
            attempts: Int(try row.value("attempts", as: Int64.self)),
            cycleAttempts: Int(try row.value("cycle_attempts", as: Int64.self)),
            nextAttemptAt: status == .pending ? Millis.date(try row.value("next_attempt_at")) : nil,
            lastError: try row.value("last_error"),
            lastHTTPStatus: try row.value("last_http_status", as: Int64?.self).map(Int.init),
            deliveredAt: try row.value("delivered_at", as: Int64?.self).map(Millis.date),
            createdAt: Millis.date(try row.value("created_at")))
    }

    // MARK: Operations

    public func replay(deliveryId: String, actor: AuditActor, reason: String, now: Date) async throws -> DeliverySummary {
        try await changeDelivery(deliveryId, action: "replayed", actor: actor, reason: reason, now: now,
                                 allowed: DeliveryTransition.canReplay) { connection, millis, logger in
            try await connection.query("""
                UPDATE deliveries SET status = 'pending', cycle = cycle + 1, cycle_attempts = 0, next_attempt_at = \(millis),
                       last_error = NULL, last_http_status = NULL
                WHERE id = \(deliveryId)
                """, logger: logger)
        }
    }

    public func cancel(deliveryId: String, actor: AuditActor, reason: String, now: Date) async throws -> DeliverySummary {
        try await changeDelivery(deliveryId, action: "cancelled", actor: actor, reason: reason, now: now,
                                 allowed: DeliveryTransition.canCancel) { connection, _, logger in
            try await connection.query("UPDATE deliveries SET status = 'cancelled' WHERE id = \(deliveryId)", logger: logger)
        }
    }

    private func changeDelivery(
        _ id: String, action: String, actor: AuditActor, reason: String, now: Date,
        allowed: @escaping @Sendable (DeliveryStatus) -> Bool,
        change: @escaping @Sendable (PostgresConnection, Int64, Logger) async throws -> Void
    ) async throws -> DeliverySummary {
        let millis = Millis.from(now)
        let logger = self.logger
        return try await committer.submit { connection in
            // FOR UPDATE: a worker recording an attempt on this delivery at the same moment waits, or we wait for it.
            guard let row = try await connection.query(
                "SELECT * FROM deliveries WHERE id = \(id) FOR UPDATE", logger: logger).collect().first else {
                throw StoreError.notFound("delivery \(id)")
            }
            let before = try Self.summary(row)
            guard allowed(before.status) else {
                throw StoreError.invalidTransition(id: id, from: before.status, action: action)
            }
            try await change(connection, millis, logger)
            guard let after = try await connection.query(
                "SELECT * FROM deliveries WHERE id = \(id)", logger: logger).collect().first else {
                throw StoreError.notFound("delivery \(id)")
            }
            let cycle = Int64(try after.makeRandomAccess().value("cycle", as: Int64.self))
            try await connection.query("""
                INSERT INTO attempts (delivery_id, attempt, cycle, outcome, started_at, finished_at, actor, reason)
                VALUES (\(id), \(Int64(before.attempts)), \(cycle), \(action), \(millis), \(millis), \(actor.id), \(reason))
                """, logger: logger)
            let audit = AuditDraft(
                operation: .administer, actor: actor.id, actorFunction: actor.function, subject: before.subjectKey,
                recipients: [before.destination], outcome: action, messageId: before.messageId,
                detail: "delivery \(id) \(action): \(reason)")
            return Staged(result: try Self.summary(after), audit: [audit])
        }
    }

    public func adapterStates() async throws -> [AdapterState] {
        try await client.query("SELECT * FROM adapter_states ORDER BY name", logger: logger).collect().map { row in
            let row = row.makeRandomAccess()
            return AdapterState(name: try row.value("name"),
                                mode: AdapterMode(rawValue: try row.value("mode")) ?? .disabled,
                                actor: try row.value("actor"), reason: try row.value("reason"),
                                changedAt: try row.value("changed_at", as: Int64?.self).map(Millis.date))
        }
    }

    public func setAdapterState(name: String, mode: AdapterMode, actor: AuditActor, reason: String,
                                now: Date) async throws -> AdapterState {
        let millis = Millis.from(now)
        let logger = self.logger
        return try await committer.submit { connection in
            try await connection.query("""
                INSERT INTO adapter_states (name, mode, actor, reason, changed_at)
                VALUES (\(name), \(mode.rawValue), \(actor.id), \(reason), \(millis))
                ON CONFLICT (name) DO UPDATE SET mode = excluded.mode, actor = excluded.actor,
                    reason = excluded.reason, changed_at = excluded.changed_at
                """, logger: logger)
            let audit = AuditDraft(operation: .administer, actor: actor.id, actorFunction: actor.function,
                                   recipients: [name], outcome: mode.rawValue,
                                   detail: "adapter \(name) \(mode.rawValue): \(reason)")
            return Staged(result: AdapterState(name: name, mode: mode, actor: actor.id, reason: reason,
                                               changedAt: Millis.date(millis)),
                          audit: [audit])
        }
    }

    public func queueStats(now: Date) async throws -> [QueueStats] {
        let nowMillis = Millis.from(now)
        return try await client.query("""
            SELECT destination,
                   COUNT(*) FILTER (WHERE status = 'pending') AS pending,
                   COUNT(*) FILTER (WHERE status = 'in_flight') AS in_flight,
                   COUNT(*) FILTER (WHERE status = 'dead') AS dead,
                   COUNT(*) FILTER (WHERE status = 'delivered') AS delivered,
                   MIN(created_at) FILTER (WHERE status IN ('pending', 'in_flight')) AS oldest
            FROM deliveries GROUP BY destination ORDER BY destination
            """, logger: logger).collect().map { row in
            let row = row.makeRandomAccess()
            return QueueStats(
                destination: try row.value("destination"), pending: Int(try row.value("pending", as: Int64.self)),
                inFlight: Int(try row.value("in_flight", as: Int64.self)), dead: Int(try row.value("dead", as: Int64.self)),
                delivered: Int(try row.value("delivered", as: Int64.self)),
                oldestPendingAgeSeconds: try row.value("oldest", as: Int64?.self).map { Double(nowMillis - $0) / 1_000 })
        }
    }

    // MARK: Audit

    public func auditEntries(afterSeq: Int64, limit: Int) async throws -> [AuditEntry] {
        try await client.query("SELECT * FROM audit WHERE seq > \(afterSeq) ORDER BY seq LIMIT \(limit)", logger: logger)
            .collect().map(PostgresAuditWriter.entry)
    }

    public func auditEntries(subject: String, limit: Int) async throws -> [AuditEntry] {
        try await client.query("SELECT * FROM audit WHERE subject = \(subject) ORDER BY seq LIMIT \(limit)", logger: logger)
            .collect().map(PostgresAuditWriter.entry)
    }

    /// Releases nothing: the database is shared, and a delivery leased to another running instance is that
    /// instance's. Leases left by a dead instance run out and are taken over by the next claim.
    public func recoverAtStartup() async throws -> Int { 0 }

    public func counts() async throws -> StoreCounts {
        let rows = try await client.query("""
            SELECT (SELECT COUNT(*) FROM messages), (SELECT COUNT(*) FROM deliveries), (SELECT COUNT(*) FROM audit)
            """, logger: logger)
        for try await (messages, deliveries, audit) in rows.decode((Int64, Int64, Int64).self) {
            return StoreCounts(messages: Int(messages), deliveries: Int(deliveries), audit: Int(audit))
        }
        return StoreCounts(messages: 0, deliveries: 0, audit: 0)
    }

    /// What serialising the audit chain has cost this instance so far (for `make bench`).
    public func auditLockFigures() async -> AuditLockFigures {
        await committer.auditLockFigures()
    }
}

/// The unit was refused because a source message id was reused with different content.
struct ConflictFound: Error {
    let sourceMessageId: String
    let existingId: String
}
