import Foundation

/// A W3C Trace Context (`traceparent`, `tracestate`) as a message carries it from the request that brought it to every
/// delivery of it, retries days later included. Only identifiers and the caller's opaque `tracestate`: no content.
public struct TraceContext: Sendable, Equatable, Codable {
    /// 32 lowercase hex digits, not all zero.
    public var traceId: String
    /// The caller's span: 16 lowercase hex digits, not all zero.
    public var parentId: String
    /// Trace flags, 2 hex digits (`01`: sampled).
    public var flags: String
    /// The vendors' `tracestate` list, passed on unchanged.
    public var state: String?

    public init?(traceId: String, parentId: String, flags: String, state: String? = nil) {
        guard Self.isHex(traceId, count: 32), Self.isHex(parentId, count: 16), Self.isHex(flags, count: 2) else {
            return nil
        }
        self.traceId = traceId
        self.parentId = parentId
        self.flags = flags
        self.state = state.flatMap(Self.validState)
    }

    /// Parses the headers as W3C Trace Context level 1 says: an invalid `traceparent` is ignored (nil), and with it
    /// the `tracestate`. A later version's header is read by its first four fields.
    public init?(traceparent: String?, tracestate: String?) {
        guard let header = traceparent?.trimmingCharacters(in: .whitespaces), header.utf8.count >= 55 else { return nil }
        let fields = header.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 4, Self.isHex(fields[0], count: 2), fields[0] != "ff",
              fields[0] != "00" || fields.count == 4 else { return nil }
        self.init(traceId: fields[1], parentId: fields[2], flags: fields[3], state: tracestate)
    }

    /// The root of a new trace, for a message that arrived without one: from then on it can be followed.
    public static func newRoot() -> TraceContext {
        TraceContext(traceId: randomHex(bytes: 16), parentId: randomHex(bytes: 8), flags: "01")!
    }

    /// The same trace, one hop further: `spanId` is the span that sends it on.
    public func continued(by spanId: String = TraceContext.randomHex(bytes: 8)) -> TraceContext {
        TraceContext(traceId: traceId, parentId: spanId, flags: flags, state: state) ?? self
    }

    public var traceparent: String { "00-\(traceId)-\(parentId)-\(flags)" }

    /// The headers to send, in W3C spelling.
    public var headers: [(String, String)] {
        [("traceparent", traceparent)] + (state.map { [("tracestate", $0)] } ?? [])
    }

    public static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        repeat {
            text = (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        } while text.allSatisfy { $0 == "0" }
        return text
    }

    private static func isHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
            && !(count > 2 && text.utf8.allSatisfy { $0 == 48 })
    }

    /// At most 512 printable ASCII characters (the list's own limit); anything else is dropped, not repaired.
    private static func validState(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 512, trimmed.utf8.allSatisfy({ (0x20...0x7e).contains($0) }) else {
            return nil
        }
        return trimmed
    }
}
