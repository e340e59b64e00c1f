/// Passerelle's JSON: strict parsing and decoding of untrusted input, canonical encoding.
public enum StrictJSON {
    /// Parses and decodes `bytes`, refusing anything outside the strict rules (see `StrictJSONParser`
    /// and `StrictDecoder`), including keys that `T` does not read.
    public static func decode<T: Decodable>(
        _ type: T.Type,
        from bytes: some Collection<UInt8>,
        limits: JSONLimits = .default
    ) throws(StrictJSONError) -> T {
        try decode(type, from: parse(bytes, limits: limits))
    }

    /// Decodes an already parsed document, with the same rules as `decode(_:from:limits:)`.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(StrictJSONError) -> T {
        do {
            return try StrictDecoder.decode(type, from: value, codingPath: [])
        } catch let error as StrictJSONError {
            throw error
        } catch {
            throw StrictJSONError.invalidValue("not a valid \(type)", at: "$")
        }
    }

    /// Parses `bytes` into a `JSONValue`, checking syntax, limits, strings and duplicate keys.
    public static func parse(_ bytes: some Collection<UInt8>, limits: JSONLimits = .default) throws(StrictJSONError) -> JSONValue {
        try StrictJSONParser.parse(bytes, limits: limits)
    }

    /// The canonical bytes of `value`: sorted keys, no whitespace, UTC dates with milliseconds.
    ///
    /// Equal values give equal bytes, so the result can be hashed and compared. Throws
    /// `StrictJSONError` for a value JSON cannot carry (NaN, a date past year 9999), or whatever
    /// a type's own `encode(to:)` throws.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        CanonicalEncoder.bytes(try CanonicalEncoder.tree(value))
    }

    /// The canonical bytes of an already built document.
    public static func serialize(_ value: JSONValue) -> [UInt8] {
        CanonicalEncoder.bytes(value)
    }
}
