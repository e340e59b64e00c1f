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

    static func latest(personKey: String, db: Database) throws -> StoredPenalRecord? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT version, body FROM penal_record_snapshots WHERE person_key = ?
            """, arguments: [personKey]) else { return nil }
        let body: Data = row["body"]
        return StoredPenalRecord(personKey: personKey, version: row["version"], body: Array(body))
    }
}
