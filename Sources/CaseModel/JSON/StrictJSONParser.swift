/// A JSON parser (RFC 8259) that refuses everything a lenient parser would let through.
///
/// Refuses duplicate keys, nesting deeper than `limits.maxDepth`, invalid UTF-8, a byte order
/// mark, unescaped control characters, NUL and lone surrogates in strings, `NaN`/`Infinity`,
/// leading zeros and trailing data. The recursion is bounded by `maxDepth`, so hostile nesting
/// fails fast instead of exhausting the stack.
struct StrictJSONParser {
    private let bytes: [UInt8]
    private let limits: JSONLimits
    private var offset = 0
    private var path: [JSONPathComponent] = []

    init(bytes: [UInt8], limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// Parses one whole document.
    static func parse(_ bytes: some Collection<UInt8>, limits: JSONLimits) throws(StrictJSONError) -> JSONValue {
        guard bytes.count <= limits.maxBytes else {
            throw StrictJSONError(.tooLarge, "document larger than \(limits.maxBytes) bytes at $", path: "$")
        }
        var parser = StrictJSONParser(bytes: Array(bytes), limits: limits)
        return try parser.parseDocument()
    }

    private mutating func parseDocument() throws(StrictJSONError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw syntax("byte order mark not allowed") }
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard offset == bytes.count else { throw syntax("unexpected data after the document") }
        return value
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws(StrictJSONError) -> JSONValue {
        skipWhitespace()
        guard let byte = peek() else { throw syntax("unexpected end of document, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "N"), UInt8(ascii: "I"): throw syntax("NaN and Infinity are not JSON numbers")
        default: throw syntax("unexpected character, expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(StrictJSONError) -> JSONValue {
        try checkDepth(depth)
        offset += 1
        var members: [(String, JSONValue)] = []
        var seen = Set<String>()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            offset += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw syntax("expected a key in double quotes") }
            let key = try parseString()
            guard seen.insert(key).inserted else { throw .duplicateKey(key, at: JSONPath.render(path)) }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw syntax("expected ':' after a key") }
            offset += 1
            path.append(.key(key))
            let value = try parseValue(depth: depth)
            path.removeLast()
            members.append((key, value))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"): offset += 1; return .object(members)
            default: throw syntax("expected ',' or '}' after a member")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(StrictJSONError) -> JSONValue {
        try checkDepth(depth)
        offset += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            offset += 1
            return .array(elements)
        }
        while true {
            path.append(.index(elements.count))
            let value = try parseValue(depth: depth)
            path.removeLast()
            elements.append(value)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"): offset += 1; return .array(elements)
            default: throw syntax("expected ',' or ']' after an element")
            }
        }
    }

    private func checkDepth(_ depth: Int) throws(StrictJSONError) {
        guard depth <= limits.maxDepth else {
            let location = JSONPath.render(path)
            throw StrictJSONError(.tooDeep, "nesting deeper than \(limits.maxDepth) levels at \(location)", path: location)
        }
    }

    // MARK: Scalars

    private mutating func parseString() throws(StrictJSONError) -> String {
        offset += 1
        var utf8: [UInt8] = []
        while true {
            guard let byte = peek() else { throw syntax("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                guard let text = Self.string(fromUTF8: utf8) else {
                    throw invalidString("string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                offset += 1
                try appendEscape(to: &utf8)
            case 0x00..<0x20:
                throw invalidString("control character not escaped in string")
            default:
                utf8.append(byte)
                offset += 1
            }
            guard utf8.count <= limits.maxStringBytes else {
                throw invalidString("string longer than \(limits.maxStringBytes) bytes")
            }
        }
    }

    private mutating func appendEscape(to utf8: inout [UInt8]) throws(StrictJSONError) {
        guard let byte = peek() else { throw syntax("unterminated string") }
        offset += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            let scalar = try parseUnicodeEscape()
            utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
        default: throw syntax("invalid escape sequence in string")
        }
    }

    /// The scalar of `\uXXXX` (the `\u` already read), joining a surrogate pair.
    private mutating func parseUnicodeEscape() throws(StrictJSONError) -> Unicode.Scalar {
        let unit = try parseHex4()
        let value: UInt32
        switch unit {
        case 0:
            throw invalidString("NUL character (\\u0000) not allowed in string")
        case 0xD800...0xDBFF:
            guard bytes[offset...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else {
                throw invalidString("lone surrogate in string")
            }
            offset += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw invalidString("lone surrogate in string") }
            value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        case 0xDC00...0xDFFF:
            throw invalidString("lone surrogate in string")
        default:
            value = unit
        }
        guard let scalar = Unicode.Scalar(value) else { throw invalidString("invalid Unicode escape") }
        return scalar
    }

    private mutating func parseHex4() throws(StrictJSONError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw syntax("unterminated \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[offset..<(offset + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw syntax("invalid \\u escape, expected 4 hex digits")
            }
            value = value << 4 | UInt32(digit)
        }
        offset += 4
        return value
    }

    /// The literal of a number, checked against the JSON grammar.
    private mutating func parseNumber() throws(StrictJSONError) -> String {
        let start = offset
        if peek() == UInt8(ascii: "-") { offset += 1 }
        guard let first = peek(), isDigit(first) else { throw syntax("invalid number") }
        offset += 1
        if first == UInt8(ascii: "0") {
            if let next = peek(), isDigit(next) { throw syntax("number with a leading zero") }
        } else {
            skipDigits()
        }
        if peek() == UInt8(ascii: ".") {
            offset += 1
            guard let next = peek(), isDigit(next) else { throw syntax("invalid number, expected a digit after '.'") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            offset += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { offset += 1 }
            guard let next = peek(), isDigit(next) else { throw syntax("invalid number, expected an exponent") }
            skipDigits()
        }
        guard offset - start <= limits.maxStringBytes else { throw syntax("number literal too long") }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    private mutating func expectLiteral(_ literal: String) throws(StrictJSONError) {
        guard bytes[offset...].starts(with: literal.utf8) else { throw syntax("unexpected character, expected a value") }
        offset += literal.utf8.count
    }

    // MARK: Helpers

    /// `utf8` as text, or nil unless it is well-formed UTF-8 (no overlong forms, encoded
    /// surrogates or code points past U+10FFFF).
    private static func string(fromUTF8 utf8: [UInt8]) -> String? {
        let failed = transcode(utf8.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: true, into: { _ in })
        return failed ? nil : String(decoding: utf8, as: UTF8.self)
    }

    private func peek() -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { offset += 1 }
    }

    private mutating func skipWhitespace() {
        while let byte = peek(),
              byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t") {
            offset += 1
        }
    }

    private func syntax(_ problem: String) -> StrictJSONError {
        .syntax(problem, at: JSONPath.render(path), offset: offset)
    }

    private func invalidString(_ problem: String) -> StrictJSONError {
        let location = JSONPath.render(path)
        return StrictJSONError(.invalidString, "\(problem) at \(location) (byte \(offset))", path: location)
    }
}
