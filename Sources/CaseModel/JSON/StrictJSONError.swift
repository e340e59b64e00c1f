/// Why a JSON document was refused; the message names keys, paths and types, never input values.
public struct StrictJSONError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The rule the document broke.
    public enum Kind: String, Sendable, Equatable {
        case tooLarge
        case syntax
        case tooDeep
        case invalidString
        case duplicateKey
        case unknownKey
        case missingKey
        case wrongType
        case numberOutOfRange
        case invalidValue
    }

    public let kind: Kind
    /// A sentence for the sender, including the path, e.g. `unknown key "notes" at $.payload`.
    public let message: String
    /// Where in the document, e.g. `$.payload.person`.
    public let path: String

    public var description: String { message }

    init(_ kind: Kind, _ message: String, path: String) {
        self.kind = kind
        self.message = message
        self.path = path
    }

    static func syntax(_ problem: String, at path: String, offset: Int) -> StrictJSONError {
        StrictJSONError(.syntax, "invalid JSON at \(path) (byte \(offset)): \(problem)", path: path)
    }

    static func duplicateKey(_ key: String, at path: String) -> StrictJSONError {
        StrictJSONError(.duplicateKey, "duplicate key \(JSONPath.quoted(key)) at \(path)", path: path)
    }

    static func unknownKey(_ key: String, at path: String) -> StrictJSONError {
        StrictJSONError(.unknownKey, "unknown key \(JSONPath.quoted(key)) at \(path)", path: path)
    }

    static func missingKey(_ key: String, at path: String) -> StrictJSONError {
        StrictJSONError(.missingKey, "missing key \(JSONPath.quoted(key)) at \(path)", path: path)
    }

    static func wrongType(expected: String, found: String, at path: String) -> StrictJSONError {
        StrictJSONError(.wrongType, "wrong type at \(path): expected \(expected), found \(found)", path: path)
    }

    static func numberOutOfRange(_ type: String, at path: String) -> StrictJSONError {
        StrictJSONError(.numberOutOfRange, "number out of range for \(type) at \(path)", path: path)
    }

    static func invalidValue(_ reason: String, at path: String) -> StrictJSONError {
        StrictJSONError(.invalidValue, "invalid value at \(path): \(reason)", path: path)
    }
}
