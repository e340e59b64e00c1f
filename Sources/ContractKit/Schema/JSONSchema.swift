import CaseModel

/// A JSON Schema (draft 2020-12 spelling) restricted to the subset contracts use, documented in
/// `contracts/README.md`. Any other keyword is refused when the schema loads, so a schema never says more
/// than is checked.
public struct JSONSchema: Sendable {
    /// The keywords this validator understands; annotations (`title`, `description`, `$schema`, `$id`) are read and ignored.
    static let supported: Set<String> = [
        "$schema", "$id", "title", "description", "$defs", "$ref",
        "type", "properties", "required", "additionalProperties", "enum", "const", "anyOf",
        "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "items", "minItems", "maxItems",
    ]
    static let formats: Set<String> = ["date-time", "date", "uuid"]

    private let root: JSONValue
    /// Where validation starts: the root, or one definition of it.
    private let entry: JSONValue

    /// Parses the schema and checks that it only uses the supported subset.
    public init(bytes: [UInt8], file: String) throws(ContractError) {
        do {
            root = try StrictJSON.parse(bytes)
        } catch {
            throw ContractError("\(file): not valid JSON: \(error)")
        }
        try Self.checkSubset(root, path: "#", file: file)
        entry = root
    }

    private init(root: JSONValue, entry: JSONValue) {
        self.root = root
        self.entry = entry
    }

    /// The same schema, validating against one of its definitions (`#/$defs/NAME`) instead of its root.
    public func definition(_ reference: String) -> JSONSchema? {
        guard reference.hasPrefix("#/$defs/"), let target = resolve(reference) else { return nil }
        return JSONSchema(root: root, entry: target)
    }

    /// Every violation of the schema by `value`, each naming the JSON path; empty when valid.
    public func validate(_ value: JSONValue) -> [String] {
        var violations: [String] = []
        check(value, against: entry, path: "$", depth: 0, violations: &violations)
        return violations
    }

    private static func checkSubset(_ schema: JSONValue, path: String, file: String) throws(ContractError) {
        guard case .object(let members) = schema else {
            if case .bool = schema { return }
            throw ContractError("\(file): \(path) must be a schema object")
        }
        for (key, value) in members {
            guard supported.contains(key) else {
                throw ContractError("\(file): keyword \"\(key)\" at \(path) is outside the supported subset; see contracts/README.md")
            }
            switch key {
            case "properties", "$defs":
                guard case .object(let children) = value else { throw ContractError("\(file): \(path)/\(key) must be an object") }
                for (name, child) in children { try checkSubset(child, path: "\(path)/\(key)/\(name)", file: file) }
            case "items", "additionalProperties":
                try checkSubset(value, path: "\(path)/\(key)", file: file)
            case "anyOf":
                guard case .array(let options) = value else { throw ContractError("\(file): \(path)/anyOf must be an array") }
                for (index, option) in options.enumerated() { try checkSubset(option, path: "\(path)/anyOf/\(index)", file: file) }
            case "format":
                guard case .string(let format) = value, formats.contains(format) else {
                    throw ContractError("\(file): \(path)/format must be one of \(formats.sorted().joined(separator: ", "))")
                }
            case "$ref":
                guard case .string(let reference) = value, reference.hasPrefix("#/$defs/") else {
                    throw ContractError("\(file): \(path)/$ref must point into #/$defs/")
                }
            default:
                break
            }
        }
    }

    private func check(_ value: JSONValue, against schema: JSONValue, path: String, depth: Int, violations: inout [String]) {
        guard depth < 64 else {
            violations.append("\(path): schema references nest too deeply")
            return
        }
        guard case .object(let keywords) = schema else {
            if case .bool(false) = schema { violations.append("\(path): not allowed here") }
            return
        }
        let rules = Dictionary(keywords, uniquingKeysWith: { first, _ in first })
        if case .string(let reference)? = rules["$ref"] {
            if let target = resolve(reference) {
                check(value, against: target, path: path, depth: depth + 1, violations: &violations)
            } else {
                violations.append("\(path): schema reference \(reference) does not exist")
            }
        }
        if let types = rules["type"], !Self.matches(value, types: types) {
            violations.append("\(path): expected \(Self.describe(types)), got \(Self.typeName(value))")
            return
        }
        if let allowed = rules["enum"], case .array(let options) = allowed, !options.contains(where: { Self.same($0, value) }) {
            violations.append("\(path): \(Self.render(value)) is not one of \(options.map(Self.render).joined(separator: ", "))")
        }
        if let constant = rules["const"], !Self.same(constant, value) {
            violations.append("\(path): expected \(Self.render(constant)), got \(Self.render(value))")
        }
        if case .array(let options)? = rules["anyOf"] {
            let outcomes = options.map { option -> [String] in
                var scratch: [String] = []
                check(value, against: option, path: path, depth: depth + 1, violations: &scratch)
                return scratch
            }
            // Name the shape that came closest, so the reader sees which field to fix rather than just "no shape".
            if !outcomes.contains(where: \.isEmpty) {
                let wrongType = { (found: [String]) in found.count == 1 && found[0].hasPrefix("\(path): expected ") }
                let sameType = outcomes.filter { !wrongType($0) }
                violations += (sameType.isEmpty ? outcomes : sameType).min(by: { $0.count < $1.count }) ?? []
            }
        }
        switch value {
        case .string(let text):
            checkString(text, rules: rules, path: path, violations: &violations)
        case .number(let literal):
            if let number = Double(literal) {
                if case .number(let minimum)? = rules["minimum"], let bound = Double(minimum), number < bound {
                    violations.append("\(path): \(literal) is below the minimum \(minimum)")
                }
                if case .number(let maximum)? = rules["maximum"], let bound = Double(maximum), number > bound {
                    violations.append("\(path): \(literal) is above the maximum \(maximum)")
                }
            }
        case .array(let items):
            if case .number(let minimum)? = rules["minItems"], let bound = Int(minimum), items.count < bound {
                violations.append("\(path): \(items.count) items, at least \(bound) required")
            }
            if case .number(let maximum)? = rules["maxItems"], let bound = Int(maximum), items.count > bound {
                violations.append("\(path): \(items.count) items, at most \(bound) allowed")
            }
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() {
                    check(item, against: itemSchema, path: "\(path)[\(index)]", depth: depth + 1, violations: &violations)
                }
            }
        case .object(let members):
            checkObject(members, rules: rules, path: path, depth: depth, violations: &violations)
        case .null, .bool:
            break
        }
    }

    private func checkObject(_ members: [(String, JSONValue)], rules: [String: JSONValue], path: String, depth: Int,
                             violations: inout [String]) {
        let properties: [String: JSONValue]
        if case .object(let declared)? = rules["properties"] {
            properties = Dictionary(declared, uniquingKeysWith: { first, _ in first })
        } else {
            properties = [:]
        }
        if case .array(let required)? = rules["required"] {
            for case .string(let key) in required where !members.contains(where: { $0.0 == key }) {
                violations.append("\(path): missing required field \"\(key)\"")
            }
        }
        for (key, member) in members {
            let childPath = "\(path).\(key)"
            if let propertySchema = properties[key] {
                check(member, against: propertySchema, path: childPath, depth: depth + 1, violations: &violations)
            } else if let additional = rules["additionalProperties"] {
                if case .bool(false) = additional {
                    violations.append("\(path): field \"\(key)\" is not allowed (additionalProperties: false)")
                } else {
                    check(member, against: additional, path: childPath, depth: depth + 1, violations: &violations)
                }
            }
        }
    }

    private func checkString(_ text: String, rules: [String: JSONValue], path: String, violations: inout [String]) {
        let length = text.count
        if case .number(let minimum)? = rules["minLength"], let bound = Int(minimum), length < bound {
            violations.append("\(path): \(length) characters, at least \(bound) required")
        }
        if case .number(let maximum)? = rules["maxLength"], let bound = Int(maximum), length > bound {
            violations.append("\(path): \(length) characters, at most \(bound) allowed")
        }
        if case .string(let pattern)? = rules["pattern"] {
            if let regex = try? Regex(pattern) {
                if (try? regex.firstMatch(in: text)) == nil {
                    violations.append("\(path): does not match the pattern \(pattern)")
                }
            } else {
                violations.append("\(path): the schema's pattern \(pattern) is not a valid regular expression")
            }
        }
        if case .string(let format)? = rules["format"], !Self.conforms(text, to: format) {
            violations.append("\(path): not a valid \(format)")
        }
    }

    private func resolve(_ reference: String) -> JSONValue? {
        let name = String(reference.dropFirst("#/$defs/".count))
        guard case .object(let members) = root, let defs = members.first(where: { $0.0 == "$defs" })?.1,
              case .object(let definitions) = defs else { return nil }
        return definitions.first(where: { $0.0 == name })?.1
    }

    static func conforms(_ text: String, to format: String) -> Bool {
        let pattern: String
        switch format {
        case "date-time": pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$"#
        case "date": pattern = #"^\d{4}-\d{2}-\d{2}$"#
        case "uuid": pattern = #"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"#
        default: return false
        }
        return (try? Regex(pattern).wholeMatch(in: text)) != nil
    }

    private static func matches(_ value: JSONValue, types: JSONValue) -> Bool {
        switch types {
        case .string(let type): matches(value, type: type)
        case .array(let options): options.contains { if case .string(let type) = $0 { matches(value, type: type) } else { false } }
        default: false
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
             ("object", .object):
            true
        case ("integer", .number(let literal)):
            !literal.contains(".") && !literal.contains("e") && !literal.contains("E")
        default:
            false
        }
    }

    private static func describe(_ types: JSONValue) -> String {
        switch types {
        case .string(let type): type
        case .array(let options): options.map(render).joined(separator: " or ")
        default: render(types)
        }
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Numbers compare by value, so `1` and `1.0` are the same; everything else structurally.
    static func same(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if case .number(let a) = lhs, case .number(let b) = rhs, let x = Double(a), let y = Double(b) { return x == y }
        return lhs == rhs
    }

    /// A short rendering for messages: compact JSON cut at 80 characters.
    static func render(_ value: JSONValue) -> String {
        let text = String(decoding: StrictJSON.serialize(value), as: UTF8.self)
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }
}
