import Foundation

/// A `Decoder` over a `JSONValue` that refuses what synthesized `Codable` would silently accept.
///
/// Every keyed container records the keys it looked up (`decode`, `decodeIfPresent`,
/// `contains`, `decodeNil`, nested containers). Once a value has been decoded, any key of its
/// object that was never looked up is an error: unknown fields are rejected, not ignored.
/// Numbers are converted only when exact and in range; `Date` reads ISO-8601 text with an
/// offset, `UUID` reads the 8-4-4-4-12 form.
final class StrictDecoder: Decoder {
    let node: JSONValue
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any] = [:]
    /// Keys of `node` looked up so far, shared by every container vended for `node`.
    private var usedKeys = Set<String>()
    /// Decoders of nested containers and super decoders, checked when this one is.
    private var dependents: [StrictDecoder] = []

    init(node: JSONValue, codingPath: [any CodingKey]) {
        self.node = node
        self.codingPath = codingPath
    }

    var path: String { JSONPath.render(codingPath) }

    // MARK: Entry point for every nested value

    /// Decodes `type` from `node`, then checks that no key of any object it read was ignored.
    static func decode<T: Decodable>(_ type: T.Type, from node: JSONValue, codingPath: [any CodingKey]) throws -> T {
        let decoder = StrictDecoder(node: node, codingPath: codingPath)
        let value = try decoder.decodeHere(type)
        try decoder.rejectUnusedKeys()
        return value
    }

    /// Decodes `type` from this decoder's own node, sharing its key bookkeeping.
    func decodeHere<T: Decodable>(_ type: T.Type) throws -> T {
        if let value = try Self.special(type, from: node, codingPath: codingPath) { return value }
        do {
            return try T(from: self)
        } catch let error as StrictJSONError {
            throw error
        } catch {
            throw Self.translate(error, decoding: type, at: codingPath)
        }
    }

    /// `Date` and `UUID` have fixed text forms in Passerelle's JSON, whatever their own `Codable` says.
    private static func special<T>(_ type: T.Type, from node: JSONValue, codingPath: [any CodingKey]) throws -> T? {
        if type == Date.self {
            let text = try Primitive.string(node, codingPath)
            guard let date = InstantFormat.parse(text) else {
                throw StrictJSONError.invalidValue(InstantFormat.expectation, at: JSONPath.render(codingPath))
            }
            return date as? T
        }
        if type == UUID.self {
            let text = try Primitive.string(node, codingPath)
            guard let uuid = UUID(uuidString: text) else {
                throw StrictJSONError.invalidValue("expected a UUID such as 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", at: JSONPath.render(codingPath))
            }
            return uuid as? T
        }
        return nil
    }

    /// Turns an error thrown by a type's own `init(from:)` into one that does not echo the input.
    private static func translate(_ error: any Error, decoding type: Any.Type, at codingPath: [any CodingKey]) -> StrictJSONError {
        var errorPath = codingPath
        var reason = "not a valid \(type)"
        if case .dataCorrupted(let context) = error as? DecodingError {
            if context.codingPath.count > codingPath.count { errorPath = context.codingPath }
            if let rejection = context.underlyingError as? ValueRejection { reason = rejection.reason }
        }
        if let vocabulary = type as? any ClosedVocabulary.Type {
            reason = "expected one of " + vocabulary.vocabulary.joined(separator: ", ")
        }
        return .invalidValue(reason, at: JSONPath.render(errorPath))
    }

    // MARK: Unknown keys

    func markUsed(_ key: String) {
        usedKeys.insert(key)
    }

    func adopt(_ dependent: StrictDecoder) -> StrictDecoder {
        dependents.append(dependent)
        return dependent
    }

    /// Fails on the first key, in document order, that no container looked up.
    func rejectUnusedKeys() throws {
        if case .object(let members) = node {
            for (key, _) in members where !usedKeys.contains(key) {
                throw StrictJSONError.unknownKey(key, at: path)
            }
        }
        for dependent in dependents {
            try dependent.rejectUnusedKeys()
        }
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node else {
            throw StrictJSONError.wrongType(expected: "object", found: node.typeName, at: path)
        }
        return KeyedDecodingContainer(StrictKeyedContainer<Key>(decoder: self, members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node else {
            throw StrictJSONError.wrongType(expected: "array", found: node.typeName, at: path)
        }
        return StrictUnkeyedContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        StrictSingleValueContainer(decoder: self)
    }
}

/// Conversions of scalar JSON values, exact or refused.
enum Primitive {
    static func string(_ node: JSONValue, _ codingPath: [any CodingKey]) throws -> String {
        guard case .string(let text) = node else { throw mismatch("string", node, codingPath) }
        return text
    }

    static func bool(_ node: JSONValue, _ codingPath: [any CodingKey]) throws -> Bool {
        guard case .bool(let value) = node else { throw mismatch("boolean", node, codingPath) }
        return value
    }

    /// An integer literal without fraction, exponent or minus zero, within `T`'s range.
    static func integer<T: FixedWidthInteger>(_ node: JSONValue, _ codingPath: [any CodingKey]) throws -> T {
        guard case .number(let literal) = node else { throw mismatch("integer", node, codingPath) }
        guard !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else {
            throw StrictJSONError.wrongType(expected: "integer", found: "number with a fraction or exponent", at: JSONPath.render(codingPath))
        }
        guard literal != "-0" else {
            throw StrictJSONError.invalidValue("-0 is not an integer", at: JSONPath.render(codingPath))
        }
        guard let value = T(literal, radix: 10) else {
            throw StrictJSONError.numberOutOfRange("\(T.self)", at: JSONPath.render(codingPath))
        }
        return value
    }

    static func double(_ node: JSONValue, _ codingPath: [any CodingKey]) throws -> Double {
        guard case .number(let literal) = node else { throw mismatch("number", node, codingPath) }
        guard let value = Double(literal), value.isFinite else {
            throw StrictJSONError.numberOutOfRange("Double", at: JSONPath.render(codingPath))
        }
        return value
    }

    static func float(_ node: JSONValue, _ codingPath: [any CodingKey]) throws -> Float {
        guard case .number(let literal) = node else { throw mismatch("number", node, codingPath) }
        guard let value = Float(literal), value.isFinite else {
            throw StrictJSONError.numberOutOfRange("Float", at: JSONPath.render(codingPath))
        }
        return value
    }

    private static func mismatch(_ expected: String, _ node: JSONValue, _ codingPath: [any CodingKey]) -> StrictJSONError {
        .wrongType(expected: expected, found: node.typeName, at: JSONPath.render(codingPath))
    }
}
