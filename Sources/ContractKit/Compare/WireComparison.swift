import CaseModel
import SafeXML

/// Compares two wire bodies of a system's format: XML after SafeXML canonicalisation, JSON structurally.
enum WireComparison {
    /// The differences, one line each; empty when the bodies mean the same.
    static func differences(expected: [UInt8], actual: [UInt8], format: ContractSystem.Format) -> [String] {
        switch format {
        case .json:
            let wanted: JSONValue
            do {
                wanted = try StrictJSON.parse(expected)
            } catch {
                return ["the expected body is not strict JSON (\(error)); fix the case file"]
            }
            do {
                return JSONDiff.differences(expected: wanted, actual: try StrictJSON.parse(actual))
            } catch {
                return ["the actual body is not strict JSON: \(error)"]
            }
        case .xml:
            let wanted: XElement
            do {
                wanted = try SafeXML.parse(expected)
            } catch {
                return ["the expected body is not acceptable XML (\(error)); fix the case file"]
            }
            let got: XElement
            do {
                got = try SafeXML.parse(actual)
            } catch {
                return ["the actual body is not acceptable XML: \(error)"]
            }
            let left = String(decoding: SafeXML.canonical(wanted), as: UTF8.self)
            let right = String(decoding: SafeXML.canonical(got), as: UTF8.self)
            return left == right ? [] : [firstDifference(left, right)]
        }
    }

    /// Where two canonical XML texts part, with some context on each side.
    private static func firstDifference(_ expected: String, _ actual: String) -> String {
        let left = Array(expected), right = Array(actual)
        var index = 0
        while index < min(left.count, right.count), left[index] == right[index] { index += 1 }
        let start = max(0, index - 40)
        func excerpt(_ characters: [Character]) -> String {
            String(characters[start..<min(characters.count, index + 40)])
        }
        return "canonical XML differs at character \(index): expected …\(excerpt(left))…, got …\(excerpt(right))…"
    }
}
