/// Entry points for reading partner XML: a byte gate, then libxml2's streaming reader with hardened options.
public enum SafeXML {
    /// Parses `bytes` into an element tree, or rejects the whole document; nothing partial is ever returned.
    ///
    /// The gate (§2.4 step 1) runs first so that DTDs, entities and foreign encodings never reach libxml2;
    /// the reader then enforces `limits` while it streams, and validates against `schema` when one is given.
    public static func parse(
        _ bytes: [UInt8],
        limits: XMLLimits = XMLLimits(),
        schema: XMLSchema? = nil
    ) throws(XMLRejection) -> XElement {
        try InputGate.check(bytes, limits: limits)
        return try DocumentReader.read(bytes, limits: limits, schema: schema)
    }
}
