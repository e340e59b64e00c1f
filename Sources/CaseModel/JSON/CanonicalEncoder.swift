import Foundation

/// An `Encoder` that builds a `JSONValue` in Passerelle's canonical form.
///
/// Object members are sorted by the UTF-8 bytes of their keys, `Date` is written as UTC
/// ISO-8601 with milliseconds, `UUID` in lowercase. `nil` optionals are omitted (synthesized
/// `Codable` uses `encodeIfPresent`). Non-finite numbers and dates outside years 0001–9999
/// cannot be written: they throw a `StrictJSONError` that names the path, not the value.
enum CanonicalEncoder {
    /// The canonical tree of `value`.
    static func tree<T: Encodable>(_ value: T) throws -> JSONValue {
        try encode(value, codingPath: []).freeze()
    }

    /// The canonical bytes of `value`: no whitespace, sorted keys, minimal escapes.
    static func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        write(value, to: &output)
        return output
    }

    fileprivate static func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> EncodingNode {
        if let date = value as? Date {
            guard let text = InstantFormat.format(date) else {
                throw StrictJSONError.invalidValue("date outside years 0001–9999", at: JSONPath.render(codingPath))
            }
            return EncodingNode(.string(text))
        }
        if let uuid = value as? UUID {
            return EncodingNode(.string(uuid.uuidString.lowercased()))
        }
        let node = EncodingNode()
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
        return node
    }

    private static func write(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .null: output += Array("null".utf8)
        case .bool(let flag): output += Array((flag ? "true" : "false").utf8)
        case .number(let literal): output += Array(literal.utf8)
        case .string(let text): writeString(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(member, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ text: String, to output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20:
                output += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// A JSON value under construction; containers are filled in place by the encoding containers.
final class EncodingNode {
    private enum Content {
        case empty
        case scalar(JSONValue)
        case object([String: EncodingNode])
        case array([EncodingNode])
    }

    private var content: Content

    init() { content = .empty }
    init(_ scalar: JSONValue) { content = .scalar(scalar) }

    func set(_ scalar: JSONValue) { content = .scalar(scalar) }

    /// Makes this node an object (keeping members already set) and stores `child` under `key`.
    func setMember(_ key: String, _ child: EncodingNode) {
        var members: [String: EncodingNode] = [:]
        if case .object(let existing) = content { members = existing }
        members[key] = child
        content = .object(members)
    }

    func becomeObject() {
        if case .object = content { return }
        content = .object([:])
    }

    func becomeArray() {
        if case .array = content { return }
        content = .array([])
    }

    func append(_ child: EncodingNode) {
        var elements: [EncodingNode] = []
        if case .array(let existing) = content { elements = existing }
        elements.append(child)
        content = .array(elements)
    }

    var arrayCount: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }

    /// The finished value; a type that encoded nothing becomes an empty object, as with `JSONEncoder`.
    func freeze() -> JSONValue {
        switch content {
        case .empty: return .object([])
        case .scalar(let value): return value
        case .array(let elements): return .array(elements.map { $0.freeze() })
        case .object(let members):
            return .object(members
                .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
                .map { ($0.key, $0.value.freeze()) })
        }
    }
}

/// The `Encoder` behind `CanonicalEncoder`, writing into one `EncodingNode`.
private struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueNodeContainer(node: node, codingPath: codingPath)
    }
}

/// JSON text of a number, refusing values JSON cannot carry.
private func numberLiteral(_ value: some BinaryFloatingPoint & LosslessStringConvertible, _ codingPath: [any CodingKey]) throws -> JSONValue {
    guard value.isFinite else {
        throw StrictJSONError.invalidValue("NaN and infinity are not JSON numbers", at: JSONPath.render(codingPath))
    }
    return .number(value == 0 ? "0" : String(value))
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func put(_ value: JSONValue, _ key: Key) { node.setMember(key.stringValue, EncodingNode(value)) }

    mutating func encodeNil(forKey key: Key) { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(try numberLiteral(value, codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(try numberLiteral(value, codingPath + [key]), key) }
    mutating func encode(_ value: Int, forKey key: Key) { put(.number(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) { put(.number(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) { put(.number(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) { put(.number(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) { put(.number(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) { put(.number(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) { put(.number(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) { put(.number(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) { put(.number(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) { put(.number(String(value)), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.setMember(key.stringValue, try CanonicalEncoder.encode(value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        node.setMember(key.stringValue, child)
        return NodeEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        node.setMember(key.stringValue, child)
        return NodeEncoder(node: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        node.setMember("super", child)
        return NodeEncoder(node: child, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = EncodingNode()
        node.setMember(key.stringValue, child)
        return NodeEncoder(node: child, codingPath: codingPath + [key])
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.arrayCount }

    private var nextPath: [any CodingKey] { codingPath + [IndexKey(count)] }
    private func put(_ value: JSONValue) { node.append(EncodingNode(value)) }

    mutating func encodeNil() { put(.null) }
    mutating func encode(_ value: Bool) { put(.bool(value)) }
    mutating func encode(_ value: String) { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(try numberLiteral(value, nextPath)) }
    mutating func encode(_ value: Float) throws { put(try numberLiteral(value, nextPath)) }
    mutating func encode(_ value: Int) { put(.number(String(value))) }
    mutating func encode(_ value: Int8) { put(.number(String(value))) }
    mutating func encode(_ value: Int16) { put(.number(String(value))) }
    mutating func encode(_ value: Int32) { put(.number(String(value))) }
    mutating func encode(_ value: Int64) { put(.number(String(value))) }
    mutating func encode(_ value: UInt) { put(.number(String(value))) }
    mutating func encode(_ value: UInt8) { put(.number(String(value))) }
    mutating func encode(_ value: UInt16) { put(.number(String(value))) }
    mutating func encode(_ value: UInt32) { put(.number(String(value))) }
    mutating func encode(_ value: UInt64) { put(.number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try CanonicalEncoder.encode(value, codingPath: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        let path = nextPath
        node.append(child)
        return NodeEncoder(node: child, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        let path = nextPath
        node.append(child)
        return NodeEncoder(node: child, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        let path = nextPath
        node.append(child)
        return NodeEncoder(node: child, codingPath: path)
    }
}

private struct SingleValueNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() { node.set(.null) }
    mutating func encode(_ value: Bool) { node.set(.bool(value)) }
    mutating func encode(_ value: String) { node.set(.string(value)) }
    mutating func encode(_ value: Double) throws { node.set(try numberLiteral(value, codingPath)) }
    mutating func encode(_ value: Float) throws { node.set(try numberLiteral(value, codingPath)) }
    mutating func encode(_ value: Int) { node.set(.number(String(value))) }
    mutating func encode(_ value: Int8) { node.set(.number(String(value))) }
    mutating func encode(_ value: Int16) { node.set(.number(String(value))) }
    mutating func encode(_ value: Int32) { node.set(.number(String(value))) }
    mutating func encode(_ value: Int64) { node.set(.number(String(value))) }
    mutating func encode(_ value: UInt) { node.set(.number(String(value))) }
    mutating func encode(_ value: UInt8) { node.set(.number(String(value))) }
    mutating func encode(_ value: UInt16) { node.set(.number(String(value))) }
    mutating func encode(_ value: UInt32) { node.set(.number(String(value))) }
    mutating func encode(_ value: UInt64) { node.set(.number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if value is Date || value is UUID {
            node.set(try CanonicalEncoder.encode(value, codingPath: codingPath).freeze())
        } else {
            try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
        }
    }
}
