/// The keyed container of `StrictDecoder`; records every key it is asked about.
struct StrictKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: StrictDecoder
    private let members: [String: JSONValue]
    private let order: [String]

    init(decoder: StrictDecoder, members: [(String, JSONValue)]) {
        self.decoder = decoder
        self.members = Dictionary(members, uniquingKeysWith: { first, _ in first })
        self.order = members.map(\.0)
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { order.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool {
        decoder.markUsed(key.stringValue)
        return members[key.stringValue] != nil
    }

    private func value(for key: Key) throws -> JSONValue {
        decoder.markUsed(key.stringValue)
        guard let value = members[key.stringValue] else {
            throw StrictJSONError.missingKey(key.stringValue, at: decoder.path)
        }
        return value
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool { try value(for: key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Primitive.bool(value(for: key), path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try Primitive.string(value(for: key), path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Primitive.double(value(for: key), path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try Primitive.float(value(for: key), path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try Primitive.integer(value(for: key), path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try Primitive.integer(value(for: key), path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try Primitive.integer(value(for: key), path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try Primitive.integer(value(for: key), path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try Primitive.integer(value(for: key), path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try Primitive.integer(value(for: key), path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try Primitive.integer(value(for: key), path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try Primitive.integer(value(for: key), path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try Primitive.integer(value(for: key), path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try Primitive.integer(value(for: key), path(key)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try StrictDecoder.decode(type, from: value(for: key), codingPath: path(key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try superDecoder(forKey: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try superDecoder(forKey: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        guard let key = Key(stringValue: "super") else {
            throw StrictJSONError.missingKey("super", at: decoder.path)
        }
        return try superDecoder(forKey: key)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.adopt(StrictDecoder(node: try value(for: key), codingPath: path(key)))
    }
}

/// The unkeyed container of `StrictDecoder`, reading an array front to back.
struct StrictUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: StrictDecoder
    let elements: [JSONValue]
    private(set) var currentIndex = 0

    init(decoder: StrictDecoder, elements: [JSONValue]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The next element and its path, advancing past it.
    private mutating func next() throws -> (JSONValue, [any CodingKey]) {
        guard !isAtEnd else {
            throw StrictJSONError.wrongType(expected: "another element", found: "end of array", at: decoder.path)
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, p) = try next(); return try Primitive.bool(v, p) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(); return try Primitive.string(v, p) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(); return try Primitive.double(v, p) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (v, p) = try next(); return try Primitive.float(v, p) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (v, p) = try next(); return try Primitive.integer(v, p) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let (v, p) = try next(); return try Primitive.integer(v, p) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let (v, p) = try next(); return try Primitive.integer(v, p) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let (v, p) = try next(); return try Primitive.integer(v, p) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (v, p) = try next(); return try Primitive.integer(v, p) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let (v, p) = try next(); return try Primitive.integer(v, p) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (v, p) = try next(); return try Primitive.integer(v, p) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (v, p) = try next(); return try Primitive.integer(v, p) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (v, p) = try next(); return try Primitive.integer(v, p) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (v, p) = try next(); return try Primitive.integer(v, p) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try StrictDecoder.decode(type, from: value, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try superDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try superDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next()
        return decoder.adopt(StrictDecoder(node: value, codingPath: path))
    }
}

/// The single-value container of `StrictDecoder`; nested values share the decoder's key bookkeeping.
struct StrictSingleValueContainer: SingleValueDecodingContainer {
    let decoder: StrictDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }
    private var node: JSONValue { decoder.node }

    func decodeNil() -> Bool { node == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try Primitive.bool(node, codingPath) }
    func decode(_ type: String.Type) throws -> String { try Primitive.string(node, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Primitive.double(node, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try Primitive.float(node, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try Primitive.integer(node, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Primitive.integer(node, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Primitive.integer(node, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Primitive.integer(node, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Primitive.integer(node, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try Primitive.integer(node, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Primitive.integer(node, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Primitive.integer(node, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Primitive.integer(node, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Primitive.integer(node, codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.decodeHere(type)
    }
}
