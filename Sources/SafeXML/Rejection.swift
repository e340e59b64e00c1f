/// Why an XML document was rejected; descriptions name elements and lines but never quote document content.
public enum XMLRejection: Error, CustomStringConvertible, Sendable, Equatable {
    case tooLarge(limit: Int)
    case invalidUTF8(offset: Int)
    case unsupportedEncoding(found: String)
    case nulByte(offset: Int)
    case unsupportedVersion
    case notUTF8Declaration
    case forbiddenConstruct(String, line: Int)
    case malformed(line: Int, message: String)
    case tooDeep(limit: Int, line: Int)
    case tooManyElements(limit: Int)
    case tooManyAttributes(limit: Int, path: String)
    case attributeTooLong(limit: Int, path: String, attribute: String)
    case textTooLong(limit: Int, path: String)
    case nameTooLong(limit: Int, line: Int)
    case notOneRoot
    case externalLoadAttempted
    case schemaViolation(line: Int, message: String)
    case unexpectedElement(path: String, expected: String)
    case unexpectedNamespace(path: String, expected: String?)
    case duplicateElement(path: String)
    case missingElement(path: String)
    case missingAttribute(path: String, attribute: String)
    case missingValue(path: String)
    case parserUnavailable

    public var description: String {
        switch self {
        case .tooLarge(let limit):
            "the document is larger than the limit of \(limit) bytes; rejected, nothing stored"
        case .invalidUTF8(let offset):
            "the document is not valid UTF-8 (first invalid byte at offset \(offset)); send UTF-8"
        case .unsupportedEncoding(let found):
            "the document is not UTF-8 (\(found)); send UTF-8"
        case .nulByte(let offset):
            "the document contains a NUL byte at offset \(offset), which XML does not allow"
        case .unsupportedVersion:
            "the XML declaration must say version=\"1.0\""
        case .notUTF8Declaration:
            "the XML declaration names an encoding other than UTF-8; send UTF-8 and declare encoding=\"UTF-8\" or no encoding"
        case .forbiddenConstruct(let construct, let line):
            "line \(line): \(construct) is not allowed; documents may not carry a DTD, entity declarations, entity references or processing instructions"
        case .malformed(let line, let message):
            "line \(line): the document is not well-formed: \(message)"
        case .tooDeep(let limit, let line):
            "line \(line): elements are nested deeper than \(limit) levels"
        case .tooManyElements(let limit):
            "the document has more than \(limit) elements"
        case .tooManyAttributes(let limit, let path):
            "element \(path) has more than \(limit) attributes"
        case .attributeTooLong(let limit, let path, let attribute):
            "attribute \(attribute) of element \(path) is longer than \(limit) bytes"
        case .textTooLong(let limit, let path):
            "the text of element \(path) is longer than \(limit) bytes"
        case .nameTooLong(let limit, let line):
            "line \(line): an element or attribute name is longer than \(limit) bytes"
        case .notOneRoot:
            "the document must have exactly one root element"
        case .externalLoadAttempted:
            "the document tried to load an external resource; rejected, nothing was fetched"
        case .schemaViolation(let line, let message):
            "line \(line): the document does not match the schema: \(message)"
        case .unexpectedElement(let path, let expected):
            "element \(path) was found where \(expected) was expected"
        case .unexpectedNamespace(let path, let expected?):
            "element \(path) is not in the expected namespace \(expected)"
        case .unexpectedNamespace(let path, nil):
            "element \(path) must not be in a namespace"
        case .duplicateElement(let path):
            "element \(path) appears more than once where only one is allowed"
        case .missingElement(let path):
            "element \(path) is missing"
        case .missingAttribute(let path, let attribute):
            "element \(path) lacks the required attribute \(attribute)"
        case .missingValue(let path):
            "element \(path) is empty; a value is required"
        case .parserUnavailable:
            "the XML parser could not be started; retry later"
        }
    }
}
