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

/// Makes libxml2's messages safe to show a partner: document content is replaced by "…", markup names stay.
///
/// libxml2 quotes what it complains about, and that may be a value (a name, a date of birth). A quoted or
/// substituted string survives only if it is known markup: a name seen in the document or declared by the schema.
enum MessageRedaction {
    static let placeholder = "…"

    /// The ways libxml2 may spell an element or attribute name in a message.
    static func spellings(localName: String, namespaceURI: String?, prefix: String? = nil) -> [String] {
        var result = [localName]
        if let namespaceURI, !namespaceURI.isEmpty { result.append("{\(namespaceURI)}\(localName)") }
        if let prefix, !prefix.isEmpty { result.append("\(prefix):\(localName)") }
        return result
    }

    /// Every spelling of every element and attribute name in these trees.
    static func names(in elements: [XElement]) -> Set<String> {
        var names = Set<String>()
        var pending = elements
        while let element = pending.popLast() {
            names.formUnion(spellings(localName: element.localName, namespaceURI: element.namespaceURI, prefix: element.prefix))
            for attribute in element.attributes {
                names.formUnion(spellings(
                    localName: attribute.localName, namespaceURI: attribute.namespaceURI, prefix: attribute.prefix))
            }
            pending += element.elements
        }
        return names
    }

    static func redact(_ report: ErrorSink.Report, allowed: Set<String>) -> String {
        let allowed = allowed.union(report.nodeNames).union(report.argumentsAreNames ? report.arguments : [])
        var message = String(report.message.prefix { $0 != "\n" }).trimmingWhitespace()
        for argument in report.arguments where !argument.isEmpty && !allowed.contains(argument) {
            message = replacingWholeOccurrences(of: argument, in: message)
        }
        return redactingQuotedSegments(message, allowed: allowed)
    }

    /// Replaces `needle` wherever it is not part of a longer name, so a short value does not mangle words.
    private static func replacingWholeOccurrences(of needle: String, in message: String) -> String {
        var result = ""
        var rest = Substring(message)
        while let range = rest.range(of: needle) {
            let before = range.lowerBound == rest.startIndex ? result.last : rest[rest.index(before: range.lowerBound)]
            let after = range.upperBound == rest.endIndex ? nil : rest[range.upperBound]
            result += rest[..<range.lowerBound]
            if isNameCharacter(before) || isNameCharacter(after) {
                result += rest[range]
            } else {
                result += placeholder
            }
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    private static func redactingQuotedSegments(_ message: String, allowed: Set<String>) -> String {
        var result = ""
        var rest = Substring(message)
        while let open = rest.firstIndex(where: { $0 == "'" || $0 == "\"" }) {
            let quote = rest[open]
            result += rest[...open]
            let inside = rest[rest.index(after: open)...]
            guard let close = inside.firstIndex(of: quote) else {
                // An unpaired quote: everything after it may be content.
                return result + placeholder
            }
            let segment = String(inside[..<close])
            result += allowed.contains(segment) || segment == placeholder ? segment : placeholder
            result.append(quote)
            rest = inside[inside.index(after: close)...]
        }
        return result + rest
    }

    private static func isNameCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || "_-.:".contains(character) || !character.isASCII
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
