/// The pre-parse gate on raw bytes (the first step of every read): whatever it rejects never reaches libxml2.
///
/// Checking bytes before parsing closes every DTD and entity variant at once ("no DOCTYPE at all") and pins the
/// encoding to UTF-8, since the reader forced to UTF-8 would otherwise accept a document declaring ISO-8859-1.
enum InputGate {
    static func check(_ bytes: [UInt8], limits: XMLLimits) throws(XMLRejection) {
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(XMLRejection) in try check(buffer) }
        }
        try result.get()
    }

    private static func check(_ bytes: UnsafeBufferPointer<UInt8>) throws(XMLRejection) {
        guard !bytes.isEmpty else { throw .notOneRoot }
        try rejectForeignEncodings(bytes)
        if let offset = firstNUL(bytes) { throw .nulByte(offset: offset) }
        if let offset = firstInvalidUTF8(bytes) { throw .invalidUTF8(offset: offset) }
        let start = startsWith(bytes, at: 0, utf8BOM) ? utf8BOM.count : 0
        let afterDeclaration = try checkDeclaration(bytes, at: start)
        try rejectDeclarationsAndInstructions(bytes, from: afterDeclaration)
    }

    private static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    private static func rejectForeignEncodings(_ bytes: UnsafeBufferPointer<UInt8>) throws(XMLRejection) {
        if startsWith(bytes, at: 0, [0x00, 0x00, 0xFE, 0xFF]) || startsWith(bytes, at: 0, [0xFF, 0xFE, 0x00, 0x00]) {
            throw .unsupportedEncoding(found: "a UTF-32 byte order mark")
        }
        if startsWith(bytes, at: 0, [0xFE, 0xFF]) || startsWith(bytes, at: 0, [0xFF, 0xFE]) {
            throw .unsupportedEncoding(found: "a UTF-16 byte order mark")
        }
        // An XML document starts with '<' or a BOM; a zero byte among the first two means UTF-16 or UTF-32
        // without a BOM, which deserves a clearer message than "NUL byte".
        if bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 {
            throw .unsupportedEncoding(found: "UTF-16 or UTF-32 without a byte order mark")
        }
    }

    private static func firstNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        bytes.firstIndex(of: 0)
    }

    /// Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629: no overlong forms,
    /// no surrogates, nothing above U+10FFFF).
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return index
            }
            guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]) else { return index }
            for continuation in (index + 2)..<(index + length) where !(0x80...0xBF).contains(bytes[continuation]) {
                return index
            }
            index += length
        }
        return nil
    }

    /// Checks the XML declaration if the document has one and returns the offset just after it.
    private static func checkDeclaration(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws(XMLRejection) -> Int {
        let opening = Array("<?xml".utf8)
        guard startsWith(bytes, at: start, opening), start + opening.count < bytes.count,
              isWhitespace(bytes[start + opening.count]) else { return start }
        guard let close = find(Array("?>".utf8), in: bytes, from: start + opening.count) else {
            throw .malformed(line: 1, message: "the XML declaration is not closed with ?>")
        }
        guard let pseudoAttributes = declarationPseudoAttributes(bytes, from: start + opening.count, to: close) else {
            throw .malformed(line: 1, message: "the XML declaration is not well-formed")
        }
        guard pseudoAttributes["version"] == "1.0" else { throw .unsupportedVersion }
        if let encoding = pseudoAttributes["encoding"], encoding.uppercased() != "UTF-8" {
            throw .notUTF8Declaration
        }
        return close + 2
    }

    /// Reads `name="value"` pairs of the declaration; nil when it is not a sequence of such pairs.
    private static func declarationPseudoAttributes(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int
    ) -> [String: String]? {
        var result: [String: String] = [:]
        var index = start
        func skipWhitespace() { while index < end, isWhitespace(bytes[index]) { index += 1 } }
        while true {
            skipWhitespace()
            if index == end { return result }
            let nameStart = index
            while index < end, isASCIILetter(bytes[index]) { index += 1 }
            guard index > nameStart else { return nil }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: "=") else { return nil }
            index += 1
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { return nil }
            let quote = bytes[index]
            index += 1
            let valueStart = index
            while index < end, bytes[index] != quote { index += 1 }
            guard index < end, result[name] == nil else { return nil }
            result[name] = String(decoding: bytes[valueStart..<index], as: UTF8.self)
            index += 1
        }
    }

    /// Rejects every `<!` other than a comment or CDATA section, and every `<?` after the declaration.
    ///
    /// `<` cannot appear unescaped in text or attribute values, so outside comments and CDATA sections (whose
    /// content is skipped) every `<!` and `<?` is markup.
    private static func rejectDeclarationsAndInstructions(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int
    ) throws(XMLRejection) {
        let commentOpen = Array("<!--".utf8), commentClose = Array("-->".utf8)
        let cdataOpen = Array("<![CDATA[".utf8), cdataClose = Array("]]>".utf8)
        var index = start
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            if startsWith(bytes, at: open, commentOpen) {
                // An unterminated comment swallows the rest; the reader then rejects the document as malformed.
                guard let close = find(commentClose, in: bytes, from: open + commentOpen.count) else { return }
                index = close + commentClose.count
            } else if startsWith(bytes, at: open, cdataOpen) {
                guard let close = find(cdataClose, in: bytes, from: open + cdataOpen.count) else { return }
                index = close + cdataClose.count
            } else if startsWith(bytes, at: open, Array("<!".utf8)) {
                throw .forbiddenConstruct(declarationKind(bytes, at: open + 2), line: line(of: open, in: bytes))
            } else if startsWith(bytes, at: open, Array("<?".utf8)) {
                throw .forbiddenConstruct("a processing instruction", line: line(of: open, in: bytes))
            } else {
                index = open + 1
            }
        }
    }

    /// Names the markup declaration from a fixed list, so the message never repeats what the document said.
    private static func declarationKind(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> String {
        for keyword in ["DOCTYPE", "ENTITY", "ELEMENT", "ATTLIST", "NOTATION"]
        where startsWith(bytes, at: start, Array(keyword.utf8)) {
            return keyword
        }
        return "a markup declaration (<!)"
    }

    private static func line(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        1 + bytes[..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    private static func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, _ prefix: [UInt8]) -> Bool {
        guard offset + prefix.count <= bytes.count else { return false }
        for (position, byte) in prefix.enumerated() where bytes[offset + position] != byte {
            return false
        }
        return true
    }

    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + needle.count <= bytes.count {
            guard let candidate = bytes[index...].firstIndex(of: needle[0]) else { return nil }
            if startsWith(bytes, at: candidate, needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
