/// Size bounds applied while parsing untrusted JSON.
public struct JSONLimits: Sendable, Equatable {
    /// Deepest nesting of arrays and objects; the document's outermost container is level 1.
    public var maxDepth: Int
    /// Largest document, in bytes.
    public var maxBytes: Int
    /// Largest single string or key, in UTF-8 bytes after unescaping.
    public var maxStringBytes: Int

    public init(maxDepth: Int = 32, maxBytes: Int = 1 << 20, maxStringBytes: Int = 256 << 10) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
        self.maxStringBytes = maxStringBytes
    }

    /// Depth 32, 1 MiB documents, 256 KiB strings.
    public static let `default` = JSONLimits()
}
