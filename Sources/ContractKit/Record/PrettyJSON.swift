import CaseModel

/// JSON indented by two spaces, members in their order: recorded case files are read and reviewed by people.
enum PrettyJSON {
    static func render(_ value: JSONValue) -> String {
        var output = ""
        write(value, indent: "", into: &output)
        return output + "\n"
    }

    private static func write(_ value: JSONValue, indent: String, into output: inout String) {
        let inner = indent + "  "
        switch value {
        case .array(let items) where !items.isEmpty:
            output += "[\n"
            for (index, item) in items.enumerated() {
                output += inner
                write(item, indent: inner, into: &output)
                output += index < items.count - 1 ? ",\n" : "\n"
            }
            output += indent + "]"
        case .object(let members) where !members.isEmpty:
            output += "{\n"
            for (index, member) in members.enumerated() {
                output += inner + String(decoding: StrictJSON.serialize(.string(member.0)), as: UTF8.self) + ": "
                write(member.1, indent: inner, into: &output)
                output += index < members.count - 1 ? ",\n" : "\n"
            }
            output += indent + "}"
        default:
            output += String(decoding: StrictJSON.serialize(value), as: UTF8.self)
        }
    }
}
