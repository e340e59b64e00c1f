import Foundation
import Gateway
import GRDB

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, written through group commit.
public final class SQLiteStore: Store {
    let pool: DatabasePool
    let committer: GroupCommitter
    private let clock: @Sendable () -> Date
    /// The migrations this opening found and applied.
    public let migrations: MigrationReport

    /// Opens (creating if needed) and migrates the database; refuses to open if durability cannot be guaranteed.
    public init(path: String, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.label = "passerelle"
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB opens WAL with synchronous=NORMAL, which may lose committed transactions on power loss:
        // set FULL on the single writer connection, outside any transaction, and check it took.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        try Self.checkDurability(pool)
        let migrator = Migrations.migrator
        let before = try pool.read { db in try migrator.appliedIdentifiers(db) }
        try migrator.migrate(pool)
        self.migrations = MigrationReport(known: migrator.migrations,
                                          appliedNow: migrator.migrations.filter { !before.contains($0) })
        self.pool = pool
        self.committer = GroupCommitter(writer: pool)
        self.clock = clock
    }

    /// The durability settings a 2xx relies on, read back from the writer connection.
    public static func checkDurability(_ pool: DatabasePool) throws {
        try pool.writeWithoutTransaction { db in
            let journal = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?"
            let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            let foreignKeys = try Int.fetchOne(db, sql: "PRAGMA foreign_keys") ?? 0
            guard journal.lowercased() == "wal", synchronous == 2, foreignKeys == 1 else {
                throw StoreFailure.unsafeConfiguration(
                    "refusing to start: SQLite must run with journal_mode=wal, synchronous=FULL (2) and foreign_keys=1; "
                        + "found journal_mode=\(journal), synchronous=\(synchronous), foreign_keys=\(foreignKeys)")
            }
        }
    }

    /// The durability settings as they are now, for diagnostics.
    public func durabilitySettings() throws -> [String: String] {
        try pool.writeWithoutTransaction { db in
            [
                "journal_mode": try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?",
                "synchronous": String(try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1),
                "foreign_keys": String(try Int.fetchOne(db, sql: "PRAGMA foreign_keys") ?? -1),
            ]
        }
    }

    /// `PRAGMA integrity_check`; "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "?" }
    }

    // MARK: Accept

    public func accept(_ unit: AcceptUnit) async throws -> AcceptOutcome {
        let now = clock()
        do {
            return try await committer.submit { db in
                // First, so that a page another poller already took writes nothing at all.
                if let cursor = unit.cursor { try PollCursors.advance(cursor, db: db, now: now) }
                try PenalRecords.keep(unit.penalRecords, db: db, now: now)
                var ids: [String] = []
                var stored: Set<String> = []
                for message in unit.messages {
                    if let row = try Row.fetchOne(db, sql: """
                        SELECT id, fingerprint FROM messages WHERE source_system = ? AND source_message_id = ?
                        """, arguments: [message.sourceSystem, message.sourceMessageId]) {
                        let existingId: String = row["id"]
                        guard row["fingerprint"] == message.fingerprint else {
                            // Thrown inside the unit's savepoint: everything this unit wrote is rolled back.
                            throw ConflictFound(sourceMessageId: message.sourceMessageId, existingId: existingId)
                        }
                        ids.append(existingId)
                        continue
                    }
                    try Self.insert(message, db: db)
                    ids.append(message.id)
                    stored.insert(message.id)
                }
                if stored.isEmpty, !unit.messages.isEmpty { return AcceptOutcome.duplicate(ids) }
                try AuditWriter.append(unit.audit.filter { $0.messageId.map(stored.contains) ?? true }, db: db, now: now)
                return AcceptOutcome.stored(ids)
            }
        } catch let conflict as ConflictFound {
            try await appendAudit(unit.conflictAudit)
            return .conflict(sourceMessageId: conflict.sourceMessageId, existingId: conflict.existingId)
        }
    }

    private static func insert(_ message: NewMessage, db: Database) throws {
        let received = Millis.from(message.receivedAt)
        try db.execute(sql: """
            INSERT INTO messages (id, kind, source_system, source_site, source_message_id, subject_key, purpose,
                                  fingerprint, body, received_at, trace_parent, trace_state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [message.id, message.kind, message.sourceSystem, message.sourceSite, message.sourceMessageId,
                             message.subjectKey, message.purpose, message.fingerprint, Data(message.body), received,
                             message.trace?.traceparent, message.trace?.state])
        for delivery in message.deliveries {
            try db.execute(sql: """
                INSERT INTO deliveries (id, message_id, destination, subject_key, payload, categories, status,
                                        next_attempt_at, created_at, priority)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
                """, arguments: [delivery.id, message.id, delivery.destination, message.subjectKey,
                                 delivery.payload.map { Data($0) }, ListColumn.encode(delivery.categories),
                                 received, received, delivery.priority.rawValue])
        }
    }

    public func appendAudit(_ drafts: [AuditDraft]) async throws {
        guard !drafts.isEmpty else { return }
        let now = clock()
        try await committer.submit { db in try AuditWriter.append(drafts, db: db, now: now) }
    }

    public func pollCursor(adapter: String) async throws -> String? {
        try await pool.read { db in try PollCursors.current(adapter: adapter, db: db) }
    }

    public func penalRecords(personKeys: [String]) async throws -> [String: StoredPenalRecord] {
        try await pool.read { db in try PenalRecords.latest(personKeys: personKeys, db: db) }
    }

    // MARK: Delivery

    public func claim(destination: String, owner: String, leaseMilliseconds: Int, limit: Int,
                      now: Date) async throws -> [ClaimedDelivery] {
        let nowMillis = Millis.from(now)
        return try await committer.submit { db in
            // Leases that ran out belong to a worker that died or stalled: their deliveries are due again.
            try db.execute(sql: """
                UPDATE deliveries SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL
                WHERE destination = ? AND status = 'in_flight' AND lease_expires_at < ?
                """, arguments: [destination, nowMillis])
            // Per-subject order first (a head has no earlier undelivered delivery of its subject), then the lanes of
            // `DeliveryPriority`: the alarm lane (heads of subjects holding an undelivered alarm) when it has anything
            // due, else the routine lane.
            func heads(alarmLaneOnly: Bool) throws -> [Row] {
                try Row.fetchAll(db, sql: """
                    SELECT d.seq, d.id, d.message_id, d.subject_key, d.categories, d.attempts, d.cycle_attempts,
                           COALESCE(d.payload, m.body) AS payload, m.kind, m.purpose, m.trace_parent, m.trace_state
                    FROM deliveries d JOIN messages m ON m.id = d.message_id
                    WHERE d.destination = ?1 AND d.status = 'pending' AND d.next_attempt_at <= ?2
                      AND NOT EXISTS (
                        SELECT 1 FROM deliveries e
                        WHERE e.destination = d.destination AND e.subject_key = d.subject_key AND e.seq < d.seq
                          AND e.status IN ('pending', 'in_flight'))
                      AND (?3 = 0 OR d.subject_key IN (
                        SELECT a.subject_key FROM deliveries a
                        WHERE a.destination = ?1 AND a.priority > 0 AND a.status IN ('pending', 'in_flight')))
                    ORDER BY d.seq
                    LIMIT ?4
                    """, arguments: [destination, nowMillis, alarmLaneOnly ? 1 : 0, limit])
            }
            let alarms = try heads(alarmLaneOnly: true)
            let rows = alarms.isEmpty ? try heads(alarmLaneOnly: false) : alarms
            var claimed: [ClaimedDelivery] = []
            for row in rows {
                let attempt: Int = row["attempts"] + 1
                let cycleAttempt: Int = row["cycle_attempts"] + 1
                let id: String = row["id"]
                try db.execute(sql: """
                    UPDATE deliveries SET status = 'in_flight', lease_owner = ?, lease_expires_at = ?,
                           attempts = ?, cycle_attempts = ?
                    WHERE id = ?
                    """, arguments: [owner, nowMillis + Int64(leaseMilliseconds), attempt, cycleAttempt, id])
                let payload: Data = row["payload"]
                claimed.append(ClaimedDelivery(
                    id: id, messageId: row["message_id"], destination: destination, subjectKey: row["subject_key"],
                    kind: row["kind"], purpose: row["purpose"], categories: ListColumn.decode(row["categories"]),
                    payload: Array(payload), attempt: attempt, cycleAttempt: cycleAttempt,
                    trace: TraceContext(traceparent: row["trace_parent"], tracestate: row["trace_state"])))
            }
            return claimed
        }
    }

    public func recordAttempt(_ record: AttemptRecord) async throws -> Bool {
        let now = clock()
        return try await committer.submit { db in
            let finished = Millis.from(record.finishedAt)
            try db.execute(sql: """
                UPDATE deliveries
                SET status = ?, lease_owner = NULL, lease_expires_at = NULL, last_error = ?, last_http_status = ?,
                    next_attempt_at = COALESCE(?, next_attempt_at), delivered_at = ?
                WHERE id = ? AND status = 'in_flight' AND lease_owner = ? AND attempts = ?
                """, arguments: [record.status.rawValue, record.error, record.httpStatus,
                                 record.nextAttemptAt.map(Millis.from),
                                 record.status == .delivered ? finished : nil,
                                 record.deliveryId, record.owner, record.attempt])
            let kept = db.changesCount == 1
            let cycle = try Int.fetchOne(db, sql: "SELECT cycle FROM deliveries WHERE id = ?",
                                         arguments: [record.deliveryId]) ?? 1
            // The attempt happened either way; a fenced-out result is kept as history, not as the delivery's state.
            try db.execute(sql: """
                INSERT INTO attempts (delivery_id, attempt, cycle, outcome, http_status, error, started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.deliveryId, record.attempt, cycle,
                                 kept ? (record.status == .pending ? "retry" : record.status.rawValue) : "lease-lost", record.httpStatus, record.error,
                                 Millis.from(record.startedAt), finished])
            var audit = record.audit
            if !kept { audit.outcome = "lease-lost" }
            try AuditWriter.append([audit], db: db, now: now)
            return kept
        }
    }

    public func nextDue(destination: String) async throws -> Date? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT MIN(next_attempt_at) FROM deliveries WHERE destination = ? AND status = 'pending'
                """, arguments: [destination]).map(Millis.date)
        }
    }

    // MARK: Reading

    public func message(id: String) async throws -> MessageSummary? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, kind, source_system, source_site, source_message_id, subject_key, received_at
                FROM messages WHERE id = ?
                """, arguments: [id]).map { row in
                MessageSummary(id: row["id"], kind: row["kind"], sourceSystem: row["source_system"],
                               sourceSite: row["source_site"], sourceMessageId: row["source_message_id"],
                               subjectKey: row["subject_key"], receivedAt: Millis.date(row["received_at"]))
            }
        }
    }

    public func deliveries(messageId: String) async throws -> [DeliverySummary] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM deliveries WHERE message_id = ? ORDER BY seq",
                             arguments: [messageId]).map(Self.summary)
        }
    }

    public func deliveries(status: DeliveryStatus?, destination: String?, limit: Int) async throws -> [DeliverySummary] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM deliveries
                WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR destination = ?2)
                ORDER BY seq LIMIT ?3
                """, arguments: [status?.rawValue, destination, limit]).map(Self.summary)
        }
    }

    public func delivery(id: String) async throws -> DeliverySummary? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM deliveries WHERE id = ?", arguments: [id]).map(Self.summary)
        }
    }

    public func attempts(deliveryId: String) async throws -> [AttemptSummary] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attempts WHERE delivery_id = ? ORDER BY rowid",
                             arguments: [deliveryId]).map { row in
                AttemptSummary(attempt: row["attempt"], cycle: row["cycle"], outcome: row["outcome"],
                               httpStatus: row["http_status"], error: row["error"],
                               startedAt: Millis.date(row["started_at"]),
                               finishedAt: (row["finished_at"] as Int64?).map(Millis.date),
                               actor: row["actor"], reason: row["reason"])
            }
        }
    }

    private static func summary(_ row: Row) -> DeliverySummary {
        DeliverySummary(
            id: row["id"], messageId: row["message_id"], destination: row["destination"],
            subjectKey: row["subject_key"], status: DeliveryStatus(rawValue: row["status"]) ?? .pending,
            attempts: row["attempts"], cycleAttempts: row["cycle_attempts"],
            nextAttemptAt: (row["status"] as String) == "pending" ? Millis.date(row["next_attempt_at"]) : nil,
            lastError: row["last_error"], lastHTTPStatus: row["last_http_status"],
            deliveredAt: (row["delivered_at"] as Int64?).map(Millis.date), createdAt: Millis.date(row["created_at"]))
    }

    // MARK: Operations

    public func replay(deliveryId: String, actor: AuditActor, reason: String, now: Date) async throws -> DeliverySummary {
        try await changeDelivery(deliveryId, action: "replayed", actor: actor, reason: reason, now: now,
                                 allowed: DeliveryTransition.canReplay) { db, millis in
            try db.execute(sql: """
                UPDATE deliveries SET status = 'pending', cycle = cycle + 1, cycle_attempts = 0, next_attempt_at = ?,
                       last_error = NULL, last_http_status = NULL
                WHERE id = ?
                """, arguments: [millis, deliveryId])
        }
    }

    public func cancel(deliveryId: String, actor: AuditActor, reason: String, now: Date) async throws -> DeliverySummary {
        try await changeDelivery(deliveryId, action: "cancelled", actor: actor, reason: reason, now: now,
                                 allowed: DeliveryTransition.canCancel) { db, _ in
            try db.execute(sql: "UPDATE deliveries SET status = 'cancelled' WHERE id = ?", arguments: [deliveryId])
        }
    }

    private func changeDelivery(_ id: String, action: String, actor: AuditActor, reason: String, now: Date,
                                allowed: @escaping @Sendable (DeliveryStatus) -> Bool,
                                change: @escaping @Sendable (Database, Int64) throws -> Void) async throws -> DeliverySummary {
        let millis = Millis.from(now)
        return try await committer.submit { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM deliveries WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("delivery \(id)")
            }
            let before = Self.summary(row)
            guard allowed(before.status) else {
                throw StoreError.invalidTransition(id: id, from: before.status, action: action)
            }
            try change(db, millis)
            let cycle = try Int.fetchOne(db, sql: "SELECT cycle FROM deliveries WHERE id = ?", arguments: [id]) ?? 1
            try db.execute(sql: """
                INSERT INTO attempts (delivery_id, attempt, cycle, outcome, started_at, finished_at, actor, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, before.attempts, cycle, action, millis, millis, actor.id, reason])
            try AuditWriter.append([AuditDraft(
                operation: .administer, actor: actor.id, actorFunction: actor.function, subject: before.subjectKey,
                recipients: [before.destination], outcome: action, messageId: before.messageId,
                detail: "delivery \(id) \(action): \(reason)")], db: db, now: now)
            guard let after = try Row.fetchOne(db, sql: "SELECT * FROM deliveries WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("delivery \(id)")
            }
            return Self.summary(after)
        }
    }

    public func adapterStates() async throws -> [AdapterState] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM adapter_states ORDER BY name").map { row in
                AdapterState(name: row["name"], mode: AdapterMode(rawValue: row["mode"]) ?? .disabled,
                             actor: row["actor"], reason: row["reason"],
                             changedAt: (row["changed_at"] as Int64?).map(Millis.date))
            }
        }
    }

    public func setAdapterState(name: String, mode: AdapterMode, actor: AuditActor, reason: String,
                                now: Date) async throws -> AdapterState {
        let millis = Millis.from(now)
        return try await committer.submit { db in
            try db.execute(sql: """
                INSERT INTO adapter_states (name, mode, actor, reason, changed_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET mode = excluded.mode, actor = excluded.actor,
                    reason = excluded.reason, changed_at = excluded.changed_at
                """, arguments: [name, mode.rawValue, actor.id, reason, millis])
            try AuditWriter.append([AuditDraft(
                operation: .administer, actor: actor.id, actorFunction: actor.function, recipients: [name],
                outcome: mode.rawValue, detail: "adapter \(name) \(mode.rawValue): \(reason)")], db: db, now: now)
            return AdapterState(name: name, mode: mode, actor: actor.id, reason: reason, changedAt: Millis.date(millis))
        }
    }

    public func queueStats(now: Date) async throws -> [QueueStats] {
        let nowMillis = Millis.from(now)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT destination,
                       SUM(status = 'pending') AS pending, SUM(status = 'in_flight') AS in_flight,
                       SUM(status = 'dead') AS dead, SUM(status = 'delivered') AS delivered,
                       MIN(CASE WHEN status IN ('pending', 'in_flight') THEN created_at END) AS oldest
                FROM deliveries GROUP BY destination ORDER BY destination
                """).map { row in
                QueueStats(destination: row["destination"], pending: row["pending"], inFlight: row["in_flight"],
                           dead: row["dead"], delivered: row["delivered"],
                           oldestPendingAgeSeconds: (row["oldest"] as Int64?).map { Double(nowMillis - $0) / 1_000 })
            }
        }
    }

    // MARK: Audit

    public func auditEntries(afterSeq: Int64, limit: Int) async throws -> [AuditEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?",
                             arguments: [afterSeq, limit]).map(AuditWriter.entry)
        }
    }

    public func auditEntries(subject: String, limit: Int) async throws -> [AuditEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE subject = ? ORDER BY seq LIMIT ?",
                             arguments: [subject, limit]).map(AuditWriter.entry)
        }
    }

    /// Returns every leased delivery to the queue: one process owns an SQLite file, so leases left by its previous
    /// run belong to nobody now.
    public func recoverAtStartup() async throws -> Int {
        try await committer.submit { db in
            try db.execute(sql: """
                UPDATE deliveries SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL
                WHERE status = 'in_flight'
                """)
            return db.changesCount
        }
    }

    /// Row counts of the main tables, for diagnostics and tests.
    public func counts() async throws -> StoreCounts {
        try await pool.read { db in
            StoreCounts(messages: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages") ?? 0,
                        deliveries: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deliveries") ?? 0,
                        audit: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit") ?? 0)
        }
    }

    /// Runs raw SQL on the writer: for tests that must tamper with stored rows, never for the gateway itself.
    public func unsafeExecute(_ sql: String) throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }
}

/// The unit was refused because a source message id was reused with different content.
struct ConflictFound: Error {
    let sourceMessageId: String
    let existingId: String
}
