import Foundation

/// `application/x-www-form-urlencoded`, both ways: what Twilio-compatible APIs send and receive.
public enum FormEncoding {
    /// A body or query that cannot be read; the message never quotes it.
    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Encodes name–value pairs in the given order; only unreserved characters stay as they are.
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    /// Percent-encodes everything but `A–Z a–z 0–9 - . _ ~`.
    public static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// Decodes a form strictly: `+` is a space, every `%` starts two hex digits, names are not empty, text is UTF-8,
    /// at most `maxPairs` pairs. Order and repeated names are kept (a signature covers them all).
    public static func decode(_ bytes: some Collection<UInt8>, maxPairs: Int = 100) throws(Malformed) -> [(String, String)] {
        guard !bytes.isEmpty else { return [] }
        var pairs: [(String, String)] = []
        for item in bytes.split(separator: 0x26, omittingEmptySubsequences: false) {
            guard pairs.count < maxPairs else { throw Malformed(description: "more than \(maxPairs) form parameters") }
            let parts = item.split(separator: 0x3D, maxSplits: 1, omittingEmptySubsequences: false)
            let name = try unescape(parts[0])
            guard !name.isEmpty else { throw Malformed(description: "a form parameter has no name") }
            pairs.append((name, parts.count == 2 ? try unescape(parts[1]) : ""))
        }
        return pairs
    }

    /// The value of `name` in a URL's query, decoded; nil when absent. Throws when the query is not a valid form.
    public static func queryValue(_ name: String, in url: String) throws(Malformed) -> String? {
        guard let mark = url.firstIndex(of: "?") else { return nil }
        var query = url[url.index(after: mark)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        return try decode(Array(query.utf8)).first { $0.0 == name }?.1
    }

    private static func unescape(_ bytes: some Collection<UInt8>) throws(Malformed) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case 0x2B:
                out.append(0x20)
            case 0x25:
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw Malformed(description: "a % in the form is not followed by two hex digits")
                }
                out.append(high << 4 | low)
            default:
                out.append(byte)
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw Malformed(description: "the form is not UTF-8 once decoded")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
