extension SafeXML {
    /// A canonical serialisation for comparing documents: equal when they differ only in prefixes, namespace
    /// declarations, attribute order or indentation.
    ///
    /// Namespaces get the prefixes `n0`, `n1`… in order of first use, all declared on the root; attributes are
    /// sorted by (namespace URI, local name); whitespace-only text beside child elements is dropped; empty
    /// elements are written `<a></a>`. The output is well-formed XML without a declaration.
    public static func canonical(_ element: XElement) -> [UInt8] {
        let prefixes = CanonicalPrefixes(root: element)
        var output: [UInt8] = []
        write(element, prefixes: prefixes, isRoot: true, to: &output)
        return output
    }

    private static func write(_ element: XElement, prefixes: CanonicalPrefixes, isRoot: Bool, to output: inout [UInt8]) {
        let name = prefixes.qualified(element.localName, namespace: element.namespaceURI)
        output += Array("<\(name)".utf8)
        if isRoot {
            for (index, uri) in prefixes.order.enumerated() {
                output += Array(" xmlns:n\(index)=\"".utf8)
                XMLWriter.appendEscaped(uri, inAttribute: true, to: &output)
                output.append(UInt8(ascii: "\""))
            }
        }
        for attribute in CanonicalPrefixes.sorted(element.attributes) {
            output += Array(" \(prefixes.qualified(attribute.localName, namespace: attribute.namespaceURI))=\"".utf8)
            XMLWriter.appendEscaped(attribute.value, inAttribute: true, to: &output)
            output.append(UInt8(ascii: "\""))
        }
        output.append(UInt8(ascii: ">"))
        let hasElementChildren = !element.elements.isEmpty
        for child in element.children {
            switch child {
            case .element(let childElement):
                write(childElement, prefixes: prefixes, isRoot: false, to: &output)
            case .text(let text):
                if hasElementChildren, text.allSatisfy(\.isWhitespace) { continue }
                XMLWriter.appendEscaped(text, inAttribute: false, to: &output)
            }
        }
        output += Array("</\(name)>".utf8)
    }
}

/// The canonical prefix of each namespace URI, numbered in document order of first use.
private struct CanonicalPrefixes {
    private static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    private(set) var order: [String] = []
    private var numbers: [String: Int] = [:]

    init(root: XElement) {
        var pending = [root]
        while let element = pending.popLast() {
            use(element.namespaceURI)
            Self.sorted(element.attributes).forEach { use($0.namespaceURI) }
            pending += element.elements.reversed()
        }
    }

    static func sorted(_ attributes: [XAttribute]) -> [XAttribute] {
        attributes.sorted { ($0.namespaceURI ?? "", $0.localName) < ($1.namespaceURI ?? "", $1.localName) }
    }

    func qualified(_ localName: String, namespace: String?) -> String {
        guard let namespace else { return localName }
        if namespace == Self.xmlNamespace { return "xml:\(localName)" }
        return numbers[namespace].map { "n\($0):\(localName)" } ?? localName
    }

    private mutating func use(_ namespace: String?) {
        guard let namespace, namespace != Self.xmlNamespace, numbers[namespace] == nil else { return }
        numbers[namespace] = order.count
        order.append(namespace)
    }
}
