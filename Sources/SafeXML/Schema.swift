internal import CLibXML2
import Foundation

/// A compiled XSD, loaded once from a trusted file shipped with the repository and shared by all parses.
///
/// Schemas must be single-file: `xs:include`, `xs:redefine` and `xs:import` with a `schemaLocation` are refused
/// when loading, because every load goes through the deny-all entity loader and partial schemas would be wrong.
///
/// `@unchecked Sendable` is safe because libxml2 never modifies a compiled `xmlSchema` (nor the document it was
/// compiled from) after `xmlSchemaParse`; each validation gets its own `xmlSchemaValidCtxt`, created and freed
/// by the parse that uses it, and the pointers here are only freed in `deinit`, when no parse can hold them.
public final class XMLSchema: @unchecked Sendable {
    let schema: OpaquePointer
    private let document: xmlDocPtr
    /// Names and facet values the schema declares: markup that validation messages may quote.
    let vocabulary: Set<String>

    /// Loads the schema at `path`.
    public convenience init(contentsOfFile path: String) throws(XMLSchemaError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw XMLSchemaError(message: "cannot read the schema file \(path)")
        }
        try self.init(bytes: [UInt8](data))
    }

    /// Compiles the schema in `bytes`, after the same gate as documents and with the same reader options.
    public init(bytes: [UInt8]) throws(XMLSchemaError) {
        Hardening.install()
        let limits = XMLLimits(maxBytes: 16 << 20)
        do {
            try InputGate.check(bytes, limits: limits)
        } catch {
            throw XMLSchemaError(message: "the schema was refused by the XML gate: \(error)")
        }
        let parsed = bytes.withUnsafeBytes { buffer in
            xmlReadMemory(
                buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(clamping: buffer.count),
                "urn:passerelle:schema", "UTF-8", DocumentReader.options)
        }
        guard let document = parsed, let root = xmlDocGetRootElement(document) else {
            if let parsed { xmlFreeDoc(parsed) }
            throw XMLSchemaError(message: "the schema is not a well-formed XML document")
        }
        let vocabulary: Set<String>
        do {
            vocabulary = try Self.vocabulary(of: root)
        } catch {
            xmlFreeDoc(document)
            throw error
        }
        let sink = ErrorSink()
        let parserContext = xmlSchemaNewDocParserCtxt(document)
        xmlSchemaSetParserStructuredErrors(parserContext, ErrorSink.handler, sink.context)
        let compiled = xmlSchemaParse(parserContext)
        xmlSchemaFreeParserCtxt(parserContext)
        guard let compiled, sink.count == 0 else {
            if let compiled { xmlSchemaFree(compiled) }
            xmlFreeDoc(document)
            let detail = sink.first.map { "line \($0.line): \(String($0.message.prefix { $0 != "\n" }))" }
            throw XMLSchemaError(message: "the schema does not compile" + (detail.map { ": " + $0 } ?? ""))
        }
        self.schema = compiled
        self.document = document
        self.vocabulary = vocabulary
    }

    /// Validates a document that already passed the gate and the reader, reporting the first violation.
    func validate(_ buffer: UnsafeRawBufferPointer, root: XElement) throws(XMLRejection) {
        guard let document = xmlReadMemory(
            buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(clamping: buffer.count),
            DocumentReader.baseURL, "UTF-8", DocumentReader.options
        ) else { throw .malformed(line: 0, message: "the document is not well-formed") }
        defer { xmlFreeDoc(document) }
        guard let validation = xmlSchemaNewValidCtxt(schema) else { throw .parserUnavailable }
        defer { xmlSchemaFreeValidCtxt(validation) }
        let sink = ErrorSink()
        xmlSchemaSetValidStructuredErrors(validation, ErrorSink.handler, sink.context)
        let status = xmlSchemaValidateDoc(validation, document)
        if let report = sink.first {
            throw DocumentReader.rejection(for: report, names: MessageRedaction.names(in: [root]).union(vocabulary))
        }
        guard status == 0 else { throw .schemaViolation(line: 0, message: "the document is not valid") }
    }

    deinit {
        xmlSchemaFree(schema)
        xmlFreeDoc(document)
    }

    private static let xsdNamespace = "http://www.w3.org/2001/XMLSchema"

    /// The built-in types, as libxml2 names them in messages.
    private static let builtInTypes: Set<String> = Set([
        "anyType", "anySimpleType", "string", "normalizedString", "token", "language", "Name", "NCName", "ID",
        "IDREF", "IDREFS", "ENTITY", "ENTITIES", "NMTOKEN", "NMTOKENS", "boolean", "decimal", "integer",
        "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte", "nonNegativeInteger",
        "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "positiveInteger", "float", "double",
        "duration", "dateTime", "time", "date", "gYearMonth", "gYear", "gMonthDay", "gDay", "gMonth", "hexBinary",
        "base64Binary", "anyURI", "QName", "NOTATION",
    ].flatMap { ["xs:\($0)", "{\(xsdNamespace)}\($0)"] })

    /// Collects declared names and facet values, and refuses multi-file schemas.
    private static func vocabulary(of root: xmlNodePtr) throws(XMLSchemaError) -> Set<String> {
        let targetNamespace = attribute("targetNamespace", of: root)
        var names = builtInTypes
        if let targetNamespace { names.insert(targetNamespace) }
        var pending = [root]
        while let node = pending.popLast() {
            let localName = node.pointee.name.map { String(cString: $0) } ?? ""
            let namespace = node.pointee.ns?.pointee.href.map { String(cString: $0) }
            if namespace == xsdNamespace {
                if localName == "include" || localName == "redefine"
                    || (localName == "import" && attribute("schemaLocation", of: node) != nil) {
                    throw XMLSchemaError(
                        message: "xs:\(localName) at line \(xmlGetLineNo(node)) is not supported: schemas must be single-file")
                }
                for key in ["name", "value", "ref", "type", "base"] {
                    guard let value = attribute(key, of: node) else { continue }
                    names.insert(value)
                    names.insert(String(value.split(separator: ":").last ?? ""))
                    if let targetNamespace { names.insert("{\(targetNamespace)}\(value)") }
                }
            }
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { pending.append(current) }
                child = current.pointee.next
            }
        }
        return names
    }

    /// Reads an unqualified attribute from the tree in place (no copy to free: `xmlFree` is a mutable global).
    private static func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        guard let attribute = xmlHasNsProp(node, name, nil) else { return nil }
        var value = ""
        var text = attribute.pointee.children
        while let current = text {
            value += current.pointee.content.map { String(cString: $0) } ?? ""
            text = current.pointee.next
        }
        return value
    }
}

/// Why a schema could not be loaded; the schema is ours, so the message may quote it.
public struct XMLSchemaError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public var description: String { message }
}
