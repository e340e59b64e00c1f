import CaseModel
import Foundation
import SafeXML
import Synchronization

/// Replaces personal data in recorded messages with synthetic values, before anything is written to disk.
///
/// Rules go by field name (JSON keys, XML element and attribute local names), then by shape for what a field
/// name does not reveal: every UUID and every phone-like string is replaced wherever it appears. The same real
/// value always gets the same synthetic one within a recording, so references between messages still agree.
/// Values keep their format (a UUIDv7 stays a UUIDv7, a phone number stays E.164, a date stays a date), so that
/// recorded cases still pass the schema and the adapter.
public final class PersonalDataScrubber: Sendable {
    private enum Rule {
        case name, firstName, birthDate, place, phone, identifier, freeText
    }

    private static let rules: [String: Rule] = [
        "nom": .name, "nomUsage": .name, "aliases": .name, "nomNaissance": .name, "nomPatronymique": .name,
        "prenoms": .firstName, "prenom": .firstName,
        "dateNaissance": .birthDate, "birthDate": .birthDate,
        "lieuNaissance": .place, "commune": .place, "address": .place, "adresse": .place,
        "mobile": .phone, "phone": .phone, "telephone": .phone, "to": .phone,
        "caseId": .identifier, "value": .identifier, "sourceMessageId": .identifier, "correlationId": .identifier,
        "numeroParquet": .identifier, "numeroEcrou": .identifier, "numeroInstruction": .identifier, "nir": .identifier,
        "text": .freeText, "contact": .freeText, "body": .freeText,
    ]

    private let replacements = Mutex<[String: String]>([:])

    public init() {}

    /// A JSON document with every personal value replaced.
    public func scrub(_ value: JSONValue, key: String? = nil) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.map { ($0.0, scrub($0.1, key: $0.0)) })
        case .array(let items):
            return .array(items.map { scrub($0, key: key) })
        case .string(let text):
            return .string(scrub(text, key: key))
        case .null, .bool, .number:
            return value
        }
    }

    /// An XML element with every personal value replaced, in text and in attributes.
    public func scrub(_ element: XElement) -> XElement {
        XElement(
            element.localName, namespaceURI: element.namespaceURI, prefix: element.prefix,
            namespaceDeclarations: element.namespaceDeclarations,
            attributes: element.attributes.map {
                XAttribute($0.localName, value: scrub($0.value, key: $0.localName), namespaceURI: $0.namespaceURI, prefix: $0.prefix)
            },
            children: element.children.map { child in
                switch child {
                case .element(let inner): .element(scrub(inner))
                case .text(let text): .text(scrub(text, key: element.localName))
                }
            })
    }

    /// One value, scrubbed according to the field that holds it, or to its shape.
    public func scrub(_ text: String, key: String?) -> String {
        if let key, let rule = Self.rules[key] { return synthetic(for: text, rule: rule, key: key) }
        if UUID(uuidString: text) != nil { return synthetic(for: text, rule: .identifier, key: "uuid") }
        if Self.looksLikePhone(text) { return synthetic(for: text, rule: .phone, key: "phone") }
        return text
    }

    /// Every UUID in a text (a header, a path) replaced, the rest kept.
    public func scrubIdentifiers(in text: String) -> String {
        text.split(separator: "/", omittingEmptySubsequences: false).map { scrub(String($0), key: nil) }.joined(separator: "/")
    }

    private func synthetic(for original: String, rule: Rule, key: String) -> String {
        replacements.withLock { table in
            let tableKey = "\(rule)|\(original)"
            if let known = table[tableKey] { return known }
            let number = table.count + 1
            let made: String
            switch rule {
            case .name: made = "SYNTHETIQUE-\(number)"
            case .firstName: made = "Prenom\(number)"
            case .birthDate: made = Self.isDate(original) ? "1970-01-\(String(format: "%02d", number % 28 + 1))" : "synthetique-\(number)"
            case .place: made = "Lieu synthetique \(number)"
            // 06 39 98 xx xx is the ARCEP block reserved for fiction: never a real subscriber.
            case .phone: made = original.hasPrefix("+") || original.hasPrefix("0")
                ? "+3363998\(String(format: "%04d", number % 10_000))" : "synthetique-\(number)"
            case .identifier:
                made = UUID(uuidString: original) != nil
                    ? "0190f3a2-7b1c-7000-8000-\(String(format: "%012x", number))" : "SYNTH-\(key)-\(number)"
            case .freeText: made = "Texte synthetique \(number)"
            }
            table[tableKey] = made
            return made
        }
    }

    private static func isDate(_ text: String) -> Bool {
        text.utf8.count == 10 && JSONSchema.conforms(text, to: "date")
    }

    private static func looksLikePhone(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber)
        return (text.hasPrefix("+") || text.hasPrefix("0")) && (8...15).contains(digits.count)
            && text.allSatisfy { $0.isNumber || " .+-()".contains($0) }
    }
}
