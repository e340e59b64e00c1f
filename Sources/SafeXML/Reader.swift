internal import CLibXML2

/// Reads a gated document with libxml2's streaming reader (§2.4 step 2) into an `XElement` tree.
enum DocumentReader {
    static let baseURL = "urn:passerelle:input"

    /// Network off and nothing printed; everything else stays at libxml2's safe defaults (no entity
    /// substitution, no DTD loading, no recovery, no XInclude).
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    static func read(_ bytes: [UInt8], limits: XMLLimits, schema: XMLSchema?) throws(XMLRejection) -> XElement {
        Hardening.install()
        // The reader reads straight from this buffer, so the whole parse happens inside the closure.
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(XMLRejection) -> XElement in try read(buffer, limits: limits, schema: schema) }
        }
        return try result.get()
    }

    private static func read(
        _ buffer: UnsafeRawBufferPointer, limits: XMLLimits, schema: XMLSchema?
    ) throws(XMLRejection) -> XElement {
        guard let base = buffer.baseAddress, !buffer.isEmpty, buffer.count <= Int(Int32.max) else { throw .notOneRoot }
        let sink = ErrorSink()
        guard let reader = xmlReaderForMemory(
            base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), baseURL, "UTF-8", options
        ) else { throw .parserUnavailable }
        // The handler keeps pointing at the sink until the reader is freed.
        defer { withExtendedLifetime(sink) { xmlFreeTextReader(reader) } }
        xmlTextReaderSetStructuredErrorHandler(reader, ErrorSink.handler, sink.context)

        let loadsBefore = Hardening.deniedOnThisThread
        var builder = TreeBuilder(limits: limits)
        while true {
            let status = xmlTextReaderRead(reader)
            if let report = sink.first {
                throw rejection(for: report, names: builder.namesSeen)
            }
            if status == 0 { break }
            guard status == 1 else {
                throw .malformed(line: Int(xmlTextReaderGetParserLineNumber(reader)), message: "the document is not well-formed")
            }
            try builder.visit(reader)
        }
        let root = try builder.finish()
        // Validation parses the same bytes again into a tree, now known to be within limits: libxml2 checks
        // xs:ID uniqueness only on a tree, never while streaming.
        try schema?.validate(buffer, root: root)
        guard Hardening.deniedOnThisThread == loadsBefore else { throw .externalLoadAttempted }
        return root
    }

    static func rejection(for report: ErrorSink.Report, names: Set<String>) -> XMLRejection {
        let message = MessageRedaction.redact(report, allowed: names)
        return report.fromSchemaValidation
            ? .schemaViolation(line: report.line, message: message)
            : .malformed(line: report.line, message: message)
    }
}

/// Builds the element tree node by node while enforcing the limits; dropped whole when the document fails.
struct TreeBuilder {
    private struct OpenElement {
        let namespaceURI: String?
        let localName: String
        let prefix: String?
        let declarations: [XNamespaceDeclaration]
        let attributes: [XAttribute]
        let path: String
        var children: [XNode] = []
        var pendingText = ""

        mutating func flushText() {
            guard !pendingText.isEmpty else { return }
            children.append(.text(pendingText))
            pendingText = ""
        }

        func close() -> XElement {
            var finished = self
            finished.flushText()
            return XElement(
                localName: localName, namespaceURI: namespaceURI, prefix: prefix,
                namespaceDeclarations: declarations, attributes: attributes, children: finished.children, path: path
            )
        }
    }

    private let limits: XMLLimits
    private var open: [OpenElement] = []
    private var root: XElement?
    private var elementCount = 0

    init(limits: XMLLimits) {
        self.limits = limits
    }

    /// Element and attribute names read so far: markup that error messages may repeat.
    var namesSeen: Set<String> {
        MessageRedaction.names(in: open.map { $0.close() } + (root.map { [$0] } ?? []))
    }

    mutating func visit(_ reader: xmlTextReaderPtr) throws(XMLRejection) {
        let type = xmlTextReaderNodeType(reader)
        switch xmlReaderTypes(UInt32(type)) {
        case XML_READER_TYPE_ELEMENT:
            try startElement(reader)
        case XML_READER_TYPE_END_ELEMENT:
            endElement()
        case XML_READER_TYPE_TEXT, XML_READER_TYPE_CDATA, XML_READER_TYPE_WHITESPACE,
            XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
            try appendText(reader)
        case XML_READER_TYPE_COMMENT:
            break
        case XML_READER_TYPE_DOCUMENT_TYPE:
            throw .forbiddenConstruct("DOCTYPE", line: line(reader))
        case XML_READER_TYPE_ENTITY, XML_READER_TYPE_ENTITY_REFERENCE:
            throw .forbiddenConstruct("an entity", line: line(reader))
        case XML_READER_TYPE_PROCESSING_INSTRUCTION:
            throw .forbiddenConstruct("a processing instruction", line: line(reader))
        default:
            throw .forbiddenConstruct("a node of type \(type)", line: line(reader))
        }
    }

    func finish() throws(XMLRejection) -> XElement {
        guard let root, open.isEmpty else { throw .notOneRoot }
        return root
    }

    private mutating func startElement(_ reader: xmlTextReaderPtr) throws(XMLRejection) {
        guard root == nil || !open.isEmpty else { throw .notOneRoot }
        elementCount += 1
        guard elementCount <= limits.maxElements else { throw .tooManyElements(limit: limits.maxElements) }
        guard open.count < limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth, line: line(reader)) }
        try checkNameLength(reader)
        let localName = string(xmlTextReaderConstLocalName(reader))
        let path = (open.last?.path ?? "") + "/" + localName
        let (declarations, attributes) = try readAttributes(reader, path: path)
        open.append(OpenElement(
            namespaceURI: namespaceURI(xmlTextReaderConstNamespaceUri(reader)),
            localName: localName,
            prefix: optionalString(xmlTextReaderConstPrefix(reader)),
            declarations: declarations,
            attributes: attributes,
            path: path
        ))
        if xmlTextReaderIsEmptyElement(reader) == 1 {
            endElement()
        }
    }

    private mutating func endElement() {
        guard let element = open.popLast()?.close() else { return }
        if open.isEmpty {
            root = element
        } else {
            open[open.count - 1].flushText()
            open[open.count - 1].children.append(.element(element))
        }
    }

    private mutating func appendText(_ reader: xmlTextReaderPtr) throws(XMLRejection) {
        // Whitespace outside the root is not content.
        guard let current = open.last else { return }
        let value = xmlTextReaderConstValue(reader)
        let length = Int(xmlStrlen(value))
        guard current.pendingText.utf8.count + length <= limits.maxTextBytes else {
            throw .textTooLong(limit: limits.maxTextBytes, path: current.path)
        }
        open[open.count - 1].pendingText += string(value)
    }

    private func readAttributes(
        _ reader: xmlTextReaderPtr, path: String
    ) throws(XMLRejection) -> ([XNamespaceDeclaration], [XAttribute]) {
        let count = Int(xmlTextReaderAttributeCount(reader))
        guard count <= limits.maxAttributesPerElement else {
            throw .tooManyAttributes(limit: limits.maxAttributesPerElement, path: path)
        }
        var declarations: [XNamespaceDeclaration] = []
        var attributes: [XAttribute] = []
        guard count > 0, xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return ([], []) }
        defer { xmlTextReaderMoveToElement(reader) }
        repeat {
            try checkNameLength(reader)
            let localName = string(xmlTextReaderConstLocalName(reader))
            let value = xmlTextReaderConstValue(reader)
            guard Int(xmlStrlen(value)) <= limits.maxAttributeValueBytes else {
                throw .attributeTooLong(limit: limits.maxAttributeValueBytes, path: path, attribute: localName)
            }
            let prefix = optionalString(xmlTextReaderConstPrefix(reader))
            if xmlTextReaderIsNamespaceDecl(reader) == 1 {
                // `xmlns="…"` has no prefix and local name "xmlns"; `xmlns:p="…"` has prefix "xmlns" and local name p.
                declarations.append(XNamespaceDeclaration(
                    prefix: prefix == nil ? nil : localName, uri: namespaceURI(value) ?? ""))
            } else {
                attributes.append(XAttribute(
                    localName, value: string(value),
                    namespaceURI: namespaceURI(xmlTextReaderConstNamespaceUri(reader)), prefix: prefix))
            }
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
        return (declarations, attributes)
    }

    private func checkNameLength(_ reader: xmlTextReaderPtr) throws(XMLRejection) {
        guard Int(xmlStrlen(xmlTextReaderConstName(reader))) <= limits.maxNameBytes else {
            throw .nameTooLong(limit: limits.maxNameBytes, line: line(reader))
        }
    }

    private func line(_ reader: xmlTextReaderPtr) -> Int {
        Int(xmlTextReaderGetParserLineNumber(reader))
    }

    private func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// libxml2 keeps an `&` of a namespace URI as the reference `&#38;` (it does so for every attribute value
    /// when it does not substitute entities, and namespace URIs are never decoded afterwards); `&` appears in
    /// the stored URI only in that form, so turning it back is exact.
    private func namespaceURI(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let uri = optionalString(pointer) else { return nil }
        // Checked first: `replacing` is costly, and it runs for every element of every document.
        return uri.utf8.contains(UInt8(ascii: "&")) ? uri.replacing("&#38;", with: "&") : uri
    }

    private func optionalString(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        pointer.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
