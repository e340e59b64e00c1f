/// Why a decoded value was refused, worded without repeating the value.
///
/// Carried as the `underlyingError` of a `DecodingError`; the strict decoder turns it into a
/// `StrictJSONError` whose message is safe to log.
struct ValueRejection: Error {
    let reason: String

    /// A `DecodingError` at `codingPath` carrying this rejection.
    static func error(_ reason: String, at codingPath: [any CodingKey]) -> DecodingError {
        DecodingError.dataCorrupted(.init(
            codingPath: codingPath,
            debugDescription: reason,
            underlyingError: ValueRejection(reason: reason)
        ))
    }
}

/// A closed set of string values; the strict decoder lists them when an input holds another.
protocol ClosedVocabulary: RawRepresentable<String>, CaseIterable {}

extension ClosedVocabulary {
    static var vocabulary: [String] { allCases.map(\.rawValue) }
}
