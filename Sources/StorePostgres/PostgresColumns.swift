import Foundation
import PostgresNIO

/// Lists of names (categories, fields, recipients) as one text column, as in the SQLite store: names never hold
/// a newline.
enum ListColumn {
    static func encode(_ values: [String]) -> String { values.joined(separator: "\n") }
    static func decode(_ text: String) -> [String] { text.isEmpty ? [] : text.components(separatedBy: "\n") }
}

/// Times are stored as integer milliseconds since 1970, UTC, as in the SQLite store, so both read alike.
enum Millis {
    static func from(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1_000) }
}

extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}
