/// Size and shape limits applied to every parsed document.
public struct XMLLimits: Sendable, Equatable {
    /// Largest accepted document, in bytes; above it the document is rejected as `.tooLarge` (HTTP 413).
    public var maxBytes: Int
    /// Deepest accepted nesting of elements; the root is level 1.
    public var maxDepth: Int
    /// Most elements in one document.
    public var maxElements: Int
    /// Most attributes on one element, namespace declarations included.
    public var maxAttributesPerElement: Int
    /// Longest attribute value, in bytes.
    public var maxAttributeValueBytes: Int
    /// Longest text of one element (adjacent text and CDATA joined), in bytes.
    public var maxTextBytes: Int
    /// Longest element or attribute name, prefix included, in bytes.
    public var maxNameBytes: Int

    public init(
        maxBytes: Int = 1 << 20,
        maxDepth: Int = 64,
        maxElements: Int = 100_000,
        maxAttributesPerElement: Int = 32,
        maxAttributeValueBytes: Int = 64 << 10,
        maxTextBytes: Int = 256 << 10,
        maxNameBytes: Int = 256
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxElements = maxElements
        self.maxAttributesPerElement = maxAttributesPerElement
        self.maxAttributeValueBytes = maxAttributeValueBytes
        self.maxTextBytes = maxTextBytes
        self.maxNameBytes = maxNameBytes
    }
}
