import Foundation
import Gateway
import Logging
import NIOCore
import PostgresNIO

/// The latest penal-record snapshot per person, written inside an accept's transaction.
enum PostgresPenalRecords {
    /// Keeps each snapshot unless the person already has one of a higher version.
    static func keep(_ records: [StoredPenalRecord], connection: PostgresConnection, now: Date,
                     logger: Logger) async throws {
        let at = Millis.from(now)
        for record in records {
            try await connection.query("""
                INSERT INTO penal_record_snapshots (person_key, version, body, stored_at)
                VALUES (\(record.personKey), \(record.version), \(ByteBuffer(bytes: record.body)), \(at))
                ON CONFLICT (person_key) DO UPDATE SET version = excluded.version, body = excluded.body,
                    stored_at = excluded.stored_at
                WHERE excluded.version >= penal_record_snapshots.version
                """, logger: logger)
        }
    }

    static func latest(personKeys: [String], connection: PostgresConnection,
                       logger: Logger) async throws -> [String: StoredPenalRecord] {
        guard !personKeys.isEmpty else { return [:] }
        let rows = try await connection.query("""
            SELECT person_key, version, body FROM penal_record_snapshots WHERE person_key = ANY(\(personKeys))
            """, logger: logger)
        var found: [String: StoredPenalRecord] = [:]
        for try await (key, version, body) in rows.decode((String, Int, ByteBuffer).self) {
            found[key] = StoredPenalRecord(personKey: key, version: version, body: Array(buffer: body))
        }
        return found
    }
}
