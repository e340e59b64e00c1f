import Foundation
import Gateway
import GRDB

/// Appends sealed entries to the audit chain inside the caller's transaction, so an effect and its record
/// commit together or not at all.
enum AuditWriter {
    static func append(_ drafts: [AuditDraft], db: Database, now: Date) throws {
        guard !drafts.isEmpty else { return }
        // Read inside the transaction: the writer is serialised, so the chain's tail cannot move under us,
        // even when another process (the CLI) writes to the same file.
        let tail = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        var seq: Int64 = tail?["seq"] ?? 0
        var prevHash: String = tail?["hash"] ?? AuditChain.genesisHash
        let at = Millis.from(now)
        for draft in drafts {
            seq += 1
            let entry = AuditChain.seal(draft, seq: seq, at: at, prevHash: prevHash)
            try db.execute(sql: """
                INSERT INTO audit (seq, at, operation, actor, actor_function, purpose, subject, categories, fields,
                                   recipients, outcome, message_id, correlation_id, origin, detail, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [entry.seq, entry.at, entry.operation.rawValue, entry.actor, entry.actorFunction,
                                 entry.purpose, entry.subject, ListColumn.encode(entry.categories),
                                 ListColumn.encode(entry.fields), ListColumn.encode(entry.recipients), entry.outcome,
                                 entry.messageId, entry.correlationId, entry.origin, entry.detail, entry.prevHash,
                                 entry.hash])
            prevHash = entry.hash
        }
    }

    static func entry(_ row: Row) -> AuditEntry {
        let draft = AuditDraft(
            operation: AuditOperation(rawValue: row["operation"]) ?? .administer, actor: row["actor"],
            actorFunction: row["actor_function"], purpose: row["purpose"], subject: row["subject"],
            categories: ListColumn.decode(row["categories"]), fields: ListColumn.decode(row["fields"]),
            recipients: ListColumn.decode(row["recipients"]), outcome: row["outcome"], messageId: row["message_id"],
            correlationId: row["correlation_id"], origin: row["origin"], detail: row["detail"])
        // An altered operation name reads as `administer`, whose hash then differs: the verifier names the row.
        return AuditEntry(seq: row["seq"], at: row["at"], draft: draft, prevHash: row["prev_hash"], hash: row["hash"])
    }
}
