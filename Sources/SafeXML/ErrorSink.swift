internal import CLibXML2

/// Collects what libxml2 reports through its structured error handler: errors and warnings alike count.
///
/// Only the first report is kept, as plain values copied inside the callback, because libxml2 frees the error
/// and may free the node it points to as soon as the callback returns.
final class ErrorSink {
    struct Report {
        let fromSchemaValidation: Bool
        let line: Int
        let message: String
        /// The strings libxml2 substituted into `message`; they may be document content.
        let arguments: [String]
        /// Whether libxml2's error code says the arguments are element, attribute or prefix names.
        let argumentsAreNames: Bool
        /// Names of the element (and its attributes) the report is about: markup, safe to repeat.
        let nodeNames: [String]
    }

    private(set) var count = 0
    private(set) var first: Report?

    var context: UnsafeMutableRawPointer {
        Unmanaged.passUnretained(self).toOpaque()
    }

    static let handler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
    }

    private func record(_ error: xmlError) {
        count += 1
        guard first == nil else { return }
        first = Report(
            fromSchemaValidation: error.domain == Int32(XML_FROM_SCHEMASV.rawValue),
            line: Int(error.line) > 0 ? Int(error.line) : Self.line(of: error.node),
            message: Self.documentEndMessage(error) ?? error.message.map { String(cString: $0) } ?? "",
            arguments: [error.str1, error.str2, error.str3].compactMap { $0.map { String(cString: $0) } },
            argumentsAreNames: Self.codesWithNameArguments.contains(error.code)
                && (error.domain == Int32(XML_FROM_PARSER.rawValue) || error.domain == Int32(XML_FROM_NAMESPACE.rawValue)),
            nodeNames: Self.names(of: error.node)
        )
    }

    /// Well-formedness errors whose strings are only markup names ("Opening and ending tag mismatch: a line 1
    /// and b", "Attribute a redefined", "Namespace prefix p on e is not defined"): worth showing a partner.
    private static let codesWithNameArguments: Set<Int32> = Set([
        XML_ERR_TAG_NAME_MISMATCH, XML_ERR_TAG_NOT_FINISHED, XML_ERR_GT_REQUIRED, XML_ERR_ATTRIBUTE_REDEFINED,
        XML_NS_ERR_UNDEFINED_NAMESPACE,
    ].map { Int32($0.rawValue) })

    /// libxml2's push parser, which the reader drives, reports a truncated document as "Extra content at the end
    /// of the document" (`XML_ERR_DOCUMENT_END`); its stack of open elements tells what really happened.
    private static func documentEndMessage(_ error: xmlError) -> String? {
        guard error.code == Int32(XML_ERR_DOCUMENT_END.rawValue), error.domain == Int32(XML_FROM_PARSER.rawValue),
              let parser = error.ctxt?.assumingMemoryBound(to: xmlParserCtxt.self) else { return nil }
        let depth = Int(parser.pointee.nameNr)
        guard depth > 0, let names = parser.pointee.nameTab else {
            return "there is content after the root element, or no root element"
        }
        let path = (0..<depth).map { names[$0].map { String(cString: $0) } ?? "" }.joined(separator: "/")
        return "the document ends before element /\(path) is closed"
    }

    private static func line(of node: UnsafeMutableRawPointer?) -> Int {
        guard let node else { return 0 }
        return Int(xmlGetLineNo(node.assumingMemoryBound(to: xmlNode.self)))
    }

    /// The names of the element a report is about (the parent, for an attribute) and of its attributes.
    ///
    /// Fields are read through the pointer: an attribute is an `xmlAttr`, smaller than an `xmlNode`, and only
    /// the leading fields (`type`, `name`, `parent`) are shared.
    private static func names(of rawNode: UnsafeMutableRawPointer?) -> [String] {
        guard let rawNode else { return [] }
        var element = rawNode.assumingMemoryBound(to: xmlNode.self)
        if element.pointee.type == XML_ATTRIBUTE_NODE {
            guard let parent = rawNode.assumingMemoryBound(to: xmlAttr.self).pointee.parent else { return [] }
            element = parent
        }
        guard element.pointee.type == XML_ELEMENT_NODE, let name = element.pointee.name.map({ String(cString: $0) })
        else { return [] }
        let node = element.pointee
        var names = MessageRedaction.spellings(localName: name, namespaceURI: node.ns?.pointee.href.map { String(cString: $0) })
        var attribute = node.properties
        while let current = attribute?.pointee {
            if let attributeName = current.name.map({ String(cString: $0) }) {
                names += MessageRedaction.spellings(
                    localName: attributeName, namespaceURI: current.ns?.pointee.href.map { String(cString: $0) })
            }
            attribute = current.next
        }
        return names
    }
}
