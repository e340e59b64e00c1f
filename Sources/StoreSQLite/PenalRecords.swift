import Foundation
import Gateway
import GRDB

/// The latest penal-record snapshot per person, written inside an accept's transaction.
enum PenalRecords {
    /// Keeps each snapshot unless the person already has one of a higher version.
    static func keep(_ records: [StoredPenalRecord], db: Database, now: Date) throws {
        for record in records {
            try db.execute(sql: """
                INSERT INTO penal_record_snapshots (person_key, version, body, stored_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (person_key) DO UPDATE SET version = excluded.version, body = excluded.body,
                    stored_at = excluded.stored_at
                WHERE excluded.version >= penal_record_snapshots.version
                """, arguments: [record.personKey, record.version, Data(record.body), Millis.from(now)])
        }
    }

    static func latest(personKeys: [String], db: Database) throws -> [String: StoredPenalRecord] {
        var found: [String: StoredPenalRecord] = [:]
        // Chunks stay well under SQLite's limit on bound parameters.
        for start in stride(from: 0, to: personKeys.count, by: 500) {
            let chunk = Array(personKeys[start..<min(start + 500, personKeys.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: """
                SELECT person_key, version, body FROM penal_record_snapshots WHERE person_key IN (\(marks))
                """, arguments: StatementArguments(chunk))
            for row in rows {
                let key: String = row["person_key"]
                let body: Data = row["body"]
                found[key] = StoredPenalRecord(personKey: key, version: row["version"], body: Array(body))
            }
        }
        return found
    }
}
