import Foundation

/// Lists of names (categories, fields, recipients) as one text column, in every store: names never hold a newline.
public enum ListColumn {
    public static func encode(_ values: [String]) -> String { values.joined(separator: "\n") }
    public static func decode(_ text: String) -> [String] { text.isEmpty ? [] : text.components(separatedBy: "\n") }
}

/// Times as integer milliseconds since 1970, UTC, in every store, so both read alike.
public enum Millis {
    public static func from(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000).rounded()) }
    public static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1_000) }
}
