import Foundation
import Gateway
import GRDB

/// The compare-and-set of polling adapters' cursors, run inside an accept's transaction.
enum PollCursors {
    /// Moves the cursor if it still is at `from`; otherwise throws `CursorMoved`, which rolls back the
    /// unit's savepoint.
    static func advance(_ cursor: CursorAdvance, db: Database, now: Date) throws {
        let at = Millis.from(now)
        if let from = cursor.from {
            try db.execute(sql: """
                UPDATE poll_cursors SET cursor_value = ?, advanced_at = ? WHERE adapter = ? AND cursor_value = ?
                """, arguments: [cursor.to, at, cursor.adapter, from])
        } else {
            try db.execute(sql: """
                INSERT INTO poll_cursors (adapter, cursor_value, advanced_at) VALUES (?, ?, ?)
                ON CONFLICT (adapter) DO NOTHING
                """, arguments: [cursor.adapter, cursor.to, at])
        }
        guard db.changesCount == 1 else {
            throw CursorMoved(adapter: cursor.adapter, expected: cursor.from,
                              found: try current(adapter: cursor.adapter, db: db))
        }
    }

    static func current(adapter: String, db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT cursor_value FROM poll_cursors WHERE adapter = ?", arguments: [adapter])
    }
}
