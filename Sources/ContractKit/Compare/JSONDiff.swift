import CaseModel

/// Structural comparison of two JSON documents: member order and number spelling do not matter, and every
/// difference is reported with its path, e.g. `$[0].payload.measure.status: expected "EN_COURS", got "SUSPENDUE"`.
public enum JSONDiff {
    /// The differences between `expected` and `actual`, one line each; empty when they are the same.
    public static func differences(expected: JSONValue, actual: JSONValue, path: String = "$") -> [String] {
        var lines: [String] = []
        compare(expected, actual, path: path, into: &lines)
        return lines
    }

    /// The differences ignoring, in each top-level envelope of `actual`, the gateway-assigned `id` when the
    /// expected envelope does not state one.
    public static func envelopeDifferences(expected: JSONValue, actual: JSONValue) -> [String] {
        guard case .array(let wanted) = expected, case .array(let got) = actual else {
            return differences(expected: expected, actual: actual)
        }
        let trimmed = got.enumerated().map { index, envelope -> JSONValue in
            guard index < wanted.count, case .object(let expectedMembers) = wanted[index],
                  !expectedMembers.contains(where: { $0.0 == "id" }), case .object(let members) = envelope else { return envelope }
            return .object(members.filter { $0.0 != "id" })
        }
        return differences(expected: expected, actual: .array(trimmed))
    }

    private static func compare(_ expected: JSONValue, _ actual: JSONValue, path: String, into lines: inout [String]) {
        switch (expected, actual) {
        case (.object(let wanted), .object(let got)):
            let gotByKey = Dictionary(got, uniquingKeysWith: { first, _ in first })
            let wantedKeys = Set(wanted.map(\.0))
            for (key, value) in wanted {
                let childPath = path + "." + key
                if let other = gotByKey[key] {
                    compare(value, other, path: childPath, into: &lines)
                } else {
                    lines.append("\(childPath): expected \(JSONSchema.render(value)), got nothing")
                }
            }
            for (key, value) in got where !wantedKeys.contains(key) {
                lines.append("\(path).\(key): expected nothing, got \(JSONSchema.render(value))")
            }
        case (.array(let wanted), .array(let got)):
            for index in 0..<max(wanted.count, got.count) {
                let childPath = "\(path)[\(index)]"
                if index >= got.count {
                    lines.append("\(childPath): expected \(JSONSchema.render(wanted[index])), got nothing")
                } else if index >= wanted.count {
                    lines.append("\(childPath): expected nothing, got \(JSONSchema.render(got[index]))")
                } else {
                    compare(wanted[index], got[index], path: childPath, into: &lines)
                }
            }
        default:
            if !JSONSchema.same(expected, actual) {
                lines.append("\(path): expected \(JSONSchema.render(expected)), got \(JSONSchema.render(actual))")
            }
        }
    }

    /// The differences limited to what `expected` states: members it leaves out are not compared. Used for
    /// a partner's answer, where the contract names the fields that matter.
    public static func missingOrDifferent(expected: JSONValue, actual: JSONValue, path: String = "$") -> [String] {
        differences(expected: expected, actual: restricted(actual, to: expected), path: path)
    }

    private static func restricted(_ actual: JSONValue, to expected: JSONValue) -> JSONValue {
        switch (expected, actual) {
        case (.object(let wanted), .object(let got)):
            let wantedByKey = Dictionary(wanted, uniquingKeysWith: { first, _ in first })
            return .object(got.compactMap { key, value in wantedByKey[key].map { (key, restricted(value, to: $0)) } })
        case (.array(let wanted), .array(let got)) where wanted.count == got.count:
            return .array(zip(wanted, got).map { restricted($1, to: $0) })
        default:
            return actual
        }
    }

    /// The value at a dotted path (`payload.measure.status`) in an object tree, if there is one.
    public static func value(at dottedPath: String, in document: JSONValue) -> JSONValue? {
        var current = document
        for key in dottedPath.split(separator: ".") {
            guard case .object(let members) = current, let next = members.first(where: { $0.0 == key })?.1 else { return nil }
            current = next
        }
        return current
    }
}
