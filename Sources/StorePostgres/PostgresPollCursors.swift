import Foundation
import Gateway
import Logging
import PostgresNIO

/// The compare-and-set of polling adapters' cursors, run inside an accept's transaction. Two instances polling the
/// same feed race on the row: the second waits for the first to commit, then finds the cursor moved.
enum PostgresPollCursors {
    /// Moves the cursor if it still is at `from`; otherwise throws `CursorMoved`, which rolls back the
    /// unit's savepoint.
    static func advance(_ cursor: CursorAdvance, connection: PostgresConnection, now: Date,
                        logger: Logger) async throws {
        let at = Millis.from(now)
        let moved: [PostgresRow]
        if let from = cursor.from {
            moved = try await connection.query("""
                UPDATE poll_cursors SET cursor_value = \(cursor.to), advanced_at = \(at)
                WHERE adapter = \(cursor.adapter) AND cursor_value = \(from)
                RETURNING adapter
                """, logger: logger).collect()
        } else {
            moved = try await connection.query("""
                INSERT INTO poll_cursors (adapter, cursor_value, advanced_at) VALUES (\(cursor.adapter), \(cursor.to), \(at))
                ON CONFLICT (adapter) DO NOTHING
                RETURNING adapter
                """, logger: logger).collect()
        }
        guard moved.count == 1 else {
            throw CursorMoved(
                adapter: cursor.adapter, expected: cursor.from,
                found: try await current(adapter: cursor.adapter, connection: connection, logger: logger))
        }
    }

    static func current(adapter: String, connection: PostgresConnection, logger: Logger) async throws -> String? {
        let rows = try await connection.query(
            "SELECT cursor_value FROM poll_cursors WHERE adapter = \(adapter)", logger: logger)
        for try await value in rows.decode(String.self) { return value }
        return nil
    }
}
