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
