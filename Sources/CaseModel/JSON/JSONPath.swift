/// One step from a JSON document's root towards a value.
enum JSONPathComponent {
    case key(String)
    case index(Int)
}

/// Renders locations as `$.payload.notes[0].text` for error messages.
enum JSONPath {
    static func render(_ components: some Sequence<JSONPathComponent>) -> String {
        var text = "$"
        for component in components {
            switch component {
            case .key(let key): text += "." + printable(key)
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    static func render(_ codingPath: [any CodingKey]) -> String {
        render(codingPath.map(component))
    }

    static func component(_ key: any CodingKey) -> JSONPathComponent {
        if let index = key as? IndexKey { return .index(index.index) }
        return .key(key.stringValue)
    }

    /// A key made safe for a log line: control characters escaped, at most 64 characters kept.
    static func printable(_ key: String) -> String {
        var text = ""
        for (count, scalar) in key.unicodeScalars.enumerated() {
            if count == 64 {
                text += "…"
                break
            }
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                text += "\\u{\(String(scalar.value, radix: 16))}"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    /// `"key"`, escaped and shortened as by `printable`.
    static func quoted(_ key: String) -> String {
        "\"\(printable(key))\""
    }
}

/// The coding key of an array element.
struct IndexKey: CodingKey {
    let index: Int
    init(_ index: Int) { self.index = index }
    init?(intValue: Int) { self.index = intValue }
    init?(stringValue: String) { nil }
    var intValue: Int? { index }
    var stringValue: String { "\(index)" }
}
