/// An XML element as an immutable value: names resolved to namespace URIs, text joined, comments dropped.
///
/// `description` lists names only, so logging an element never writes the personal data it carries.
public struct XElement: Sendable, Hashable, CustomStringConvertible {
    public let namespaceURI: String?
    public let localName: String
    /// The prefix the document used; informative only, namespaces are compared by URI.
    public let prefix: String?
    /// Namespace declarations written on this element (`xmlns`, `xmlns:p`), in document order.
    public let namespaceDeclarations: [XNamespaceDeclaration]
    /// Attributes in document order, namespace declarations excluded.
    public let attributes: [XAttribute]
    /// Child elements and text; adjacent text (CDATA included) is always joined into one `.text`.
    public let children: [XNode]
    /// Where the element sits, as local names from the root (`/decision/affaire/numeroParquet`); used in errors.
    public let path: String

    /// Builds an element; the paths of `children` are rewritten to sit under this one.
    public init(
        _ localName: String,
        namespaceURI: String? = nil,
        prefix: String? = nil,
        namespaceDeclarations: [XNamespaceDeclaration] = [],
        attributes: [XAttribute] = [],
        children: [XNode] = []
    ) {
        self.init(
            localName: localName, namespaceURI: namespaceURI, prefix: prefix,
            namespaceDeclarations: namespaceDeclarations, attributes: attributes,
            children: XNode.joiningText(children), path: "/" + localName
        )
        self = relocated(under: "")
    }

    /// Builds an element whose children are already joined and placed, as the reader produces them.
    init(
        localName: String, namespaceURI: String?, prefix: String?, namespaceDeclarations: [XNamespaceDeclaration],
        attributes: [XAttribute], children: [XNode], path: String
    ) {
        self.namespaceURI = namespaceURI.flatMap { $0.isEmpty ? nil : $0 }
        self.localName = localName
        self.prefix = prefix.flatMap { $0.isEmpty ? nil : $0 }
        self.namespaceDeclarations = namespaceDeclarations
        self.attributes = attributes
        self.children = children
        self.path = path
    }

    private func relocated(under parentPath: String) -> XElement {
        let path = parentPath + "/" + localName
        return XElement(
            localName: localName, namespaceURI: namespaceURI, prefix: prefix,
            namespaceDeclarations: namespaceDeclarations, attributes: attributes,
            children: children.map { child in
                if case .element(let element) = child { .element(element.relocated(under: path)) } else { child }
            },
            path: path
        )
    }

    public var description: String {
        let name = namespaceURI.map { "{\($0)}\(localName)" } ?? localName
        return "XElement(\(path) \(name), \(attributes.count) attributes, \(elements.count) child elements)"
    }

    /// Equality ignores `path`, so the same content compares equal wherever it sits.
    public static func == (lhs: XElement, rhs: XElement) -> Bool {
        lhs.namespaceURI == rhs.namespaceURI && lhs.localName == rhs.localName && lhs.prefix == rhs.prefix
            && lhs.namespaceDeclarations == rhs.namespaceDeclarations && lhs.attributes == rhs.attributes
            && lhs.children == rhs.children
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(namespaceURI)
        hasher.combine(localName)
        hasher.combine(prefix)
        hasher.combine(namespaceDeclarations)
        hasher.combine(attributes)
        hasher.combine(children)
    }
}

/// A child of an element: another element or a run of text.
public enum XNode: Sendable, Hashable {
    case element(XElement)
    case text(String)

    /// Joins adjacent text and drops empty text, the shape the reader always produces.
    static func joiningText(_ nodes: [XNode]) -> [XNode] {
        var result: [XNode] = []
        for node in nodes {
            switch (node, result.last) {
            case (.text(let text), _) where text.isEmpty:
                continue
            case (.text(let text), .text(let previous)?):
                result[result.count - 1] = .text(previous + text)
            default:
                result.append(node)
            }
        }
        return result
    }
}

/// An attribute: its expanded name and value. `description` leaves the value out.
public struct XAttribute: Sendable, Hashable, CustomStringConvertible {
    public let namespaceURI: String?
    public let localName: String
    /// The prefix the document used; informative only.
    public let prefix: String?
    public let value: String

    public init(_ localName: String, value: String, namespaceURI: String? = nil, prefix: String? = nil) {
        self.namespaceURI = namespaceURI.flatMap { $0.isEmpty ? nil : $0 }
        self.localName = localName
        self.prefix = prefix.flatMap { $0.isEmpty ? nil : $0 }
        self.value = value
    }

    public var description: String {
        "XAttribute(\(namespaceURI.map { "{\($0)}" } ?? "")\(localName))"
    }
}

/// A namespace declaration: `prefix` nil for the default namespace, `uri` empty to undeclare it.
public struct XNamespaceDeclaration: Sendable, Hashable {
    public let prefix: String?
    public let uri: String

    public init(prefix: String?, uri: String) {
        self.prefix = prefix.flatMap { $0.isEmpty ? nil : $0 }
        self.uri = uri
    }
}

extension XElement {
    /// Child elements, in order.
    public var elements: [XElement] {
        children.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }

    /// The element's own text: its text children joined (text inside child elements is not included).
    public var text: String {
        children.reduce(into: "") { result, child in
            if case .text(let text) = child { result += text }
        }
    }

    /// Child elements with this local name in namespace `ns` (nil: no namespace).
    public func children(_ localName: String, ns: String?) -> [XElement] {
        elements.filter { $0.localName == localName && $0.namespaceURI == ns }
    }

    /// The only child with this name, or nil; several are rejected rather than picking the first or the last.
    public func child(_ localName: String, ns: String?) throws(XMLRejection) -> XElement? {
        let matches = children(localName, ns: ns)
        guard matches.count <= 1 else { throw .duplicateElement(path: path + "/" + localName) }
        return matches.first
    }

    /// The only child with this name; missing or repeated is rejected.
    public func requiredChild(_ localName: String, ns: String?) throws(XMLRejection) -> XElement {
        guard let match = try child(localName, ns: ns) else { throw .missingElement(path: path + "/" + localName) }
        return match
    }

    /// The text of the only child with this name, which must contain more than whitespace; returned as sent.
    public func requiredText(_ localName: String, ns: String?) throws(XMLRejection) -> String {
        let match = try requiredChild(localName, ns: ns)
        let text = match.text
        guard text.contains(where: { !$0.isWhitespace }) else { throw .missingValue(path: match.path) }
        return text
    }

    /// The value of the attribute with this local name in namespace `ns` (nil: unqualified, the usual case).
    public func attribute(_ localName: String, ns: String? = nil) -> String? {
        attributes.first { $0.localName == localName && $0.namespaceURI == ns }?.value
    }

    /// The value of a required attribute.
    public func requiredAttribute(_ localName: String, ns: String? = nil) throws(XMLRejection) -> String {
        guard let value = attribute(localName, ns: ns) else {
            throw .missingAttribute(path: path, attribute: localName)
        }
        return value
    }

    /// Checks that this (root) element has the expected local name and namespace URI.
    public func expectRoot(localName expectedName: String, namespace expectedNamespace: String?) throws(XMLRejection) {
        guard localName == expectedName else {
            throw .unexpectedElement(path: path, expected: expectedName)
        }
        guard namespaceURI == expectedNamespace else {
            throw .unexpectedNamespace(path: path, expected: expectedNamespace)
        }
    }

    /// Checks that this element and every descendant is in `namespace`, so a prefix re-bound mid-document or a
    /// foreign element (an XInclude, a "note") is rejected instead of ignored.
    public func expectAllElements(inNamespace namespace: String?) throws(XMLRejection) {
        guard namespaceURI == namespace else { throw .unexpectedNamespace(path: path, expected: namespace) }
        for element in elements {
            try element.expectAllElements(inNamespace: namespace)
        }
    }
}
