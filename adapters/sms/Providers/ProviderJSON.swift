import CaseModel

/// Reading the few members a provider's JSON answer carries, leaving the rest alone (providers add fields freely).
extension JSONValue {
    /// The member `name` of an object; nil for anything else.
    subscript(member name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == name }?.1
    }

    var text: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// An integer written as a number or as a string of digits (Twilio writes `"num_segments": "2"`).
    var integer: Int? {
        switch self {
        case .number(let literal), .string(let literal): Int(literal)
        default: nil
        }
    }

    /// A code written as a number or a string, as text: `21211`, `"21211"` and `"throttled"` all read.
    var code: String? {
        switch self {
        case .number(let literal), .string(let literal): literal
        default: nil
        }
    }

    var elements: [JSONValue]? {
        guard case .array(let values) = self else { return nil }
        return values
    }
}
