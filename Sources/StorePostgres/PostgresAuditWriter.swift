import Foundation
import Gateway
import Logging
import PostgresNIO

/// Appends sealed entries to the audit chain inside the caller's transaction. Several instances write to one chain:
/// an advisory lock, taken just before the tail is read and released at commit, makes each append see the previous
/// one's committed tail, so the chain stays gapless. Callers append last, so the lock is held only for the append
/// and the commit.
enum PostgresAuditWriter {
    static let lockKey: Int64 = 0x5041_5353_4155_4449  // "PASSAUDI"
    /// Rows per INSERT: 17 parameters each, well under the protocol's 65,535.
    static let rowsPerStatement = 500

    /// Returns when the lock was obtained, or nil when there was nothing to append (and no lock was taken).
    @discardableResult
    static func append(_ drafts: [AuditDraft], connection: PostgresConnection, now: Date,
                       logger: Logger) async throws -> ContinuousClock.Instant? {
        guard !drafts.isEmpty else { return nil }
        try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
        let locked = ContinuousClock.now
        var seq: Int64 = 0
        var prevHash = AuditChain.genesisHash
        for try await (tailSeq, tailHash) in try await connection.query(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", logger: logger).decode((Int64, String).self) {
            seq = tailSeq
            prevHash = tailHash
        }
        let at = Millis.from(now)
        var entries: [AuditEntry] = []
        for draft in drafts {
            seq += 1
            let entry = AuditChain.seal(draft, seq: seq, at: at, prevHash: prevHash)
            entries.append(entry)
            prevHash = entry.hash
        }
        var start = 0
        while start < entries.count {
            let chunk = entries[start..<min(start + rowsPerStatement, entries.count)]
            try await connection.query(insert(chunk), logger: logger)
            start += chunk.count
        }
        return locked
    }

    private static func insert(_ entries: ArraySlice<AuditEntry>) throws -> PostgresQuery {
        var bindings = PostgresBindings(capacity: entries.count * 17)
        var rows: [String] = []
        for entry in entries {
            let first = bindings.count + 1
            rows.append("(" + (first..<first + 17).map { "$\($0)" }.joined(separator: ", ") + ")")
            bindings.append(entry.seq)
            bindings.append(entry.at)
            bindings.append(entry.operation.rawValue)
            bindings.append(entry.actor)
            bindings.append(entry.actorFunction)
            bindings.append(entry.purpose)
            bindings.append(entry.subject)
            bindings.append(ListColumn.encode(entry.categories))
            bindings.append(ListColumn.encode(entry.fields))
            bindings.append(ListColumn.encode(entry.recipients))
            bindings.append(entry.outcome)
            bindings.append(entry.messageId)
            bindings.append(entry.correlationId)
            bindings.append(entry.origin)
            bindings.append(entry.detail)
            bindings.append(entry.prevHash)
            bindings.append(entry.hash)
        }
        return PostgresQuery(unsafeSQL: """
            INSERT INTO audit (seq, at, operation, actor, actor_function, purpose, subject, categories, fields,
                               recipients, outcome, message_id, correlation_id, origin, detail, prev_hash, hash)
            VALUES \(rows.joined(separator: ", "))
            """, binds: bindings)
    }

    static func entry(_ row: PostgresRow) throws -> AuditEntry {
        let row = row.makeRandomAccess()
        let draft = AuditDraft(
            operation: AuditOperation(rawValue: try row.value("operation", as: String.self)) ?? .administer,
            actor: try row.value("actor"), actorFunction: try row.value("actor_function"),
            purpose: try row.value("purpose"), subject: try row.value("subject"),
            categories: ListColumn.decode(try row.value("categories")), fields: ListColumn.decode(try row.value("fields")),
            recipients: ListColumn.decode(try row.value("recipients")), outcome: try row.value("outcome"),
            messageId: try row.value("message_id"), correlationId: try row.value("correlation_id"),
            origin: try row.value("origin"), detail: try row.value("detail"))
        // An altered operation name reads as `administer`, whose hash then differs: the verifier names the row.
        return AuditEntry(seq: try row.value("seq"), at: try row.value("at"), draft: draft,
                          prevHash: try row.value("prev_hash"), hash: try row.value("hash"))
    }
}
