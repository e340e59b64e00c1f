/// Writes a UTF-8 XML 1.0 document with namespaces declared where needed and every character escaped.
///
/// Text and attribute values are checked against the XML 1.0 `Char` production: control characters other
/// than tab, line feed and carriage return, and U+FFFE/U+FFFF are refused. Lone surrogates cannot occur,
/// because a Swift `String` only holds Unicode scalar values (decoding already replaced them with U+FFFD).
/// A writer that threw is left mid-element: discard it.
public struct XMLWriter: Sendable {
    private struct OpenElement {
        let qualifiedName: String
        let path: String
        /// Prefix ("" for the default namespace) to URI ("" for none), as declared on this element.
        var bindings: [String: String]
    }

    private struct PendingStartTag {
        var declarations: [(prefix: String, uri: String)] = []
        var attributes: [(qualifiedName: String, expandedName: String, value: String)] = []
    }

    private static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    private var output: [UInt8] = Array(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8) + [0x0A]
    private var open: [OpenElement] = []
    private var pending: PendingStartTag?
    private var rootWritten = false

    public init() {}

    /// Writes a whole document whose root is `root`.
    public static func document(_ root: XElement) throws(XMLWriterError) -> [UInt8] {
        var writer = XMLWriter()
        try writer.element(root)
        return try writer.finish()
    }

    /// Opens an element. `namespace` nil means no namespace; `prefix` nil means the default namespace.
    /// A declaration is added when the prefix is not already bound to that URI; `declaring` adds more.
    public mutating func startElement(
        _ localName: String,
        namespace: String? = nil,
        prefix: String? = nil,
        declaring declarations: [XNamespaceDeclaration] = []
    ) throws(XMLWriterError) {
        try flushStartTag()
        guard !(open.isEmpty && rootWritten) else { throw .secondRoot }
        try Self.checkName(localName)
        let prefix = prefix ?? ""
        if !prefix.isEmpty { try Self.checkName(prefix) }
        let path = (open.last?.path ?? "") + "/" + localName
        open.append(OpenElement(qualifiedName: prefix.isEmpty ? localName : "\(prefix):\(localName)", path: path, bindings: [:]))
        pending = PendingStartTag()
        for declaration in declarations {
            try declare(prefix: declaration.prefix ?? "", uri: declaration.uri)
        }
        let namespace = namespace ?? ""
        if namespace.isEmpty, !prefix.isEmpty { throw .prefixWithoutNamespace(prefix: prefix) }
        if lookUp(prefix) != namespace {
            try declare(prefix: prefix, uri: namespace)
        }
    }

    /// Adds an attribute to the element just opened. A namespaced attribute gets `prefix`, or a prefix already
    /// bound to `namespace`, or a new one.
    public mutating func attribute(
        _ localName: String, value: String, namespace: String? = nil, prefix: String? = nil
    ) throws(XMLWriterError) {
        guard pending != nil, let element = open.last else { throw .attributeOutsideStartTag(name: localName) }
        try Self.checkName(localName)
        let namespace = namespace ?? ""
        let qualifiedName: String
        if namespace.isEmpty {
            guard prefix == nil || prefix == "" else { throw .prefixWithoutNamespace(prefix: prefix ?? "") }
            guard localName != "xmlns" else { throw .reservedName(localName) }
            qualifiedName = localName
        } else {
            let chosen = try attributePrefix(for: namespace, preferring: prefix)
            qualifiedName = "\(chosen):\(localName)"
        }
        let expandedName = "{\(namespace)}\(localName)"
        guard pending?.attributes.contains(where: { $0.expandedName == expandedName }) == false else {
            throw .duplicateAttribute(name: qualifiedName, path: element.path)
        }
        try Self.checkCharacters(value, context: "attribute \(qualifiedName) of \(element.path)")
        pending?.attributes.append((qualifiedName, expandedName, value))
    }

    /// Adds text to the open element.
    public mutating func text(_ text: String) throws(XMLWriterError) {
        guard let element = open.last else { throw .textOutsideRoot }
        try Self.checkCharacters(text, context: "text of \(element.path)")
        try flushStartTag()
        Self.appendEscaped(text, inAttribute: false, to: &output)
    }

    /// Closes the innermost open element.
    public mutating func endElement() throws(XMLWriterError) {
        guard let element = open.last else { throw .noOpenElement }
        if pending != nil {
            try writeStartTag(selfClosing: true)
        } else {
            output += Array("</\(element.qualifiedName)>".utf8)
        }
        open.removeLast()
        if open.isEmpty { rootWritten = true }
    }

    /// Writes `element` and everything under it, with its prefixes and namespace declarations.
    public mutating func element(_ element: XElement) throws(XMLWriterError) {
        try startElement(
            element.localName, namespace: element.namespaceURI, prefix: element.prefix,
            declaring: element.namespaceDeclarations)
        for attribute in element.attributes {
            try self.attribute(
                attribute.localName, value: attribute.value, namespace: attribute.namespaceURI, prefix: attribute.prefix)
        }
        for child in element.children {
            switch child {
            case .element(let childElement): try self.element(childElement)
            case .text(let text): try self.text(text)
            }
        }
        try endElement()
    }

    /// The document's bytes; fails unless exactly one root element was written and closed.
    public func finish() throws(XMLWriterError) -> [UInt8] {
        guard open.isEmpty else { throw .unclosedElements(count: open.count) }
        guard rootWritten else { throw .noRoot }
        return output
    }

    private func lookUp(_ prefix: String) -> String? {
        if prefix == "xml" { return Self.xmlNamespace }
        for element in open.reversed() {
            if let uri = element.bindings[prefix] { return uri }
        }
        return prefix.isEmpty ? "" : nil
    }

    private mutating func declare(prefix: String, uri: String) throws(XMLWriterError) {
        if prefix == "xml" {
            guard uri == Self.xmlNamespace else { throw .reservedName(prefix) }
            return
        }
        guard prefix != "xmlns", uri != Self.xmlNamespace, uri != "http://www.w3.org/2000/xmlns/" else {
            throw .reservedName(prefix.isEmpty ? "xmlns" : prefix)
        }
        if !prefix.isEmpty {
            try Self.checkName(prefix)
            guard !uri.isEmpty else { throw .prefixWithoutNamespace(prefix: prefix) }
        }
        let index = open.count - 1
        if let existing = open[index].bindings[prefix] {
            guard existing == uri else { throw .conflictingPrefix(prefix: prefix, path: open[index].path) }
            return
        }
        try Self.checkCharacters(uri, context: "namespace URI declared on \(open[index].path)")
        open[index].bindings[prefix] = uri
        pending?.declarations.append((prefix, uri))
    }

    private mutating func attributePrefix(for namespace: String, preferring preferred: String?) throws(XMLWriterError) -> String {
        if namespace == Self.xmlNamespace { return "xml" }
        if let preferred, !preferred.isEmpty {
            if lookUp(preferred) != namespace { try declare(prefix: preferred, uri: namespace) }
            return preferred
        }
        let bound = open.reversed().flatMap { $0.bindings.keys.sorted() }
        if let existing = bound.first(where: { !$0.isEmpty && lookUp($0) == namespace }) {
            return existing
        }
        var number = 1
        while lookUp("ns\(number)") != nil { number += 1 }
        try declare(prefix: "ns\(number)", uri: namespace)
        return "ns\(number)"
    }

    private mutating func flushStartTag() throws(XMLWriterError) {
        if pending != nil { try writeStartTag(selfClosing: false) }
    }

    private mutating func writeStartTag(selfClosing: Bool) throws(XMLWriterError) {
        guard let tag = pending, let element = open.last else { return }
        output += Array("<\(element.qualifiedName)".utf8)
        for declaration in tag.declarations {
            output += Array((declaration.prefix.isEmpty ? " xmlns=\"" : " xmlns:\(declaration.prefix)=\"").utf8)
            Self.appendEscaped(declaration.uri, inAttribute: true, to: &output)
            output.append(UInt8(ascii: "\""))
        }
        for attribute in tag.attributes {
            output += Array(" \(attribute.qualifiedName)=\"".utf8)
            Self.appendEscaped(attribute.value, inAttribute: true, to: &output)
            output.append(UInt8(ascii: "\""))
        }
        output += Array((selfClosing ? "/>" : ">").utf8)
        pending = nil
    }

    /// Escapes markup characters; in attributes also the quote and the whitespace that attribute-value
    /// normalisation would turn into spaces, and everywhere CR, which line-end normalisation would drop.
    static func appendEscaped(_ string: String, inAttribute: Bool, to output: inout [UInt8]) {
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output += Array("&amp;".utf8)
            case UInt8(ascii: "<"): output += Array("&lt;".utf8)
            case UInt8(ascii: ">"): output += Array("&gt;".utf8)
            case 0x0D: output += Array("&#xD;".utf8)
            case UInt8(ascii: "\"") where inAttribute: output += Array("&quot;".utf8)
            case 0x09 where inAttribute: output += Array("&#x9;".utf8)
            case 0x0A where inAttribute: output += Array("&#xA;".utf8)
            default: output.append(byte)
            }
        }
    }

    /// Refuses what the XML 1.0 `Char` production excludes.
    private static func checkCharacters(_ string: String, context: String) throws(XMLWriterError) {
        for scalar in string.unicodeScalars {
            let value = scalar.value
            let allowed = value == 0x09 || value == 0x0A || value == 0x0D
                || (0x20...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value) || value >= 0x10000
            guard allowed else { throw .invalidCharacter(codePoint: value, context: context) }
        }
    }

    /// Refuses anything that is not an XML 1.0 NCName (a name without a colon).
    private static func checkName(_ name: String) throws(XMLWriterError) {
        guard let first = name.unicodeScalars.first, isNameStart(first),
              name.unicodeScalars.allSatisfy({ isNameStart($0) || isNameContinuation($0) }) else {
            throw .invalidName(name)
        }
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x5F, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF,
             0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD,
             0x10000...0xEFFFF:
            true
        default:
            false
        }
    }

    private static func isNameContinuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: true
        default: false
        }
    }
}

/// Why the writer refused; these describe our own output, so they may name what was wrong.
public enum XMLWriterError: Error, CustomStringConvertible, Sendable, Equatable {
    case invalidCharacter(codePoint: UInt32, context: String)
    case invalidName(String)
    case reservedName(String)
    case prefixWithoutNamespace(prefix: String)
    case conflictingPrefix(prefix: String, path: String)
    case duplicateAttribute(name: String, path: String)
    case attributeOutsideStartTag(name: String)
    case textOutsideRoot
    case noOpenElement
    case secondRoot
    case unclosedElements(count: Int)
    case noRoot

    public var description: String {
        switch self {
        case .invalidCharacter(let codePoint, let context):
            "the \(context) contains U+\(String(codePoint, radix: 16, uppercase: true)), which XML 1.0 does not allow"
        case .invalidName(let name):
            "\"\(name)\" is not a valid XML name (letters, digits, '_', '-', '.', no colon, not starting with a digit)"
        case .reservedName(let name):
            "\"\(name)\" is reserved by the XML namespaces recommendation"
        case .prefixWithoutNamespace(let prefix):
            "prefix \"\(prefix)\" needs a namespace URI"
        case .conflictingPrefix(let prefix, let path):
            "prefix \"\(prefix)\" is bound to two namespace URIs on \(path)"
        case .duplicateAttribute(let name, let path):
            "attribute \(name) is written twice on \(path)"
        case .attributeOutsideStartTag(let name):
            "attribute \(name) must be written right after its element is started"
        case .textOutsideRoot:
            "text must be written inside an element"
        case .noOpenElement:
            "endElement() was called with no open element"
        case .secondRoot:
            "a document has one root element; a second one was started"
        case .unclosedElements(let count):
            "\(count) elements are still open"
        case .noRoot:
            "no root element was written"
        }
    }
}
