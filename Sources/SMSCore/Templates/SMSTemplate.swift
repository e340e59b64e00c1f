import Foundation
import Mustache

/// A Mustache SMS template checked when it is written: only `TemplateVariable` names, only plain variables,
/// sections and comments, rendered as plain text (no HTML escaping).
public struct SMSTemplate: Sendable, CustomStringConvertible {
    public let source: String
    /// Variables used outside any section: the appointment must have a value for each.
    public let required: Set<TemplateVariable>
    private let compiled: MustacheTemplate

    public init(_ source: String) throws(TemplateError) {
        self.source = source
        required = try Self.check(source)
        do {
            compiled = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source)
        } catch {
            throw .syntax("\(error)")
        }
    }

    public var description: String { source }

    /// The SMS for `facts`: rendered, sanitised, transliterated if that saves segments, held to `maxSegments`
    /// (the recipient territory's `segmentBudget`).
    public func render(_ facts: AppointmentFacts, maxSegments: Int? = SMSComposer.defaultMaxSegments)
        throws(TemplateError) -> ComposedSMS
    {
        let values = try TemplateVariable.values(facts)
        if let missing = TemplateVariable.allCases.first(where: { required.contains($0) && values[$0] == nil }) {
            throw .missingValue(missing)
        }
        let text = compiled.render(Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) }))
        do {
            return try SMSComposer.compose(text, maxSegments: maxSegments)
        } catch {
            throw .text(error)
        }
    }

    /// The longest rendering the field limits allow, measured without a budget.
    public func worstCase() throws(TemplateError) -> ComposedSMS {
        // A Wednesday in September at 23:59: the longest weekday and month names, two-digit day and hour.
        let paris = Territory.metropolitanFrance.timeZone
        let longest = CalendarDay(2026, 9, 30).at(hour: 23, minute: 59, in: paris)
        let facts = AppointmentFacts(
            start: longest, timeZone: paris,
            placeName: String(repeating: "W", count: FieldLimits.placeName),
            address: String(repeating: "W", count: FieldLimits.address),
            bring: [.proofOfAddress, .proofOfIncome],
            contact: PhoneNumber(territory: .metropolitanFrance, nationalNumber: "199000000", kind: .fixedLine),
            previousStart: longest)
        return try render(facts, maxSegments: nil)
    }

    /// Walks the tags: which names, which features, sections balanced. Returns the variables used outside sections.
    private static func check(_ source: String) throws(TemplateError) -> Set<TemplateVariable> {
        var required = Set<TemplateVariable>()
        var open: [String] = []
        var rest = Substring(source)
        while let start = rest.range(of: "{{") {
            let afterOpen = rest[start.upperBound...]
            guard let end = afterOpen.range(of: "}}") else { throw .unclosedTag }
            let tag = afterOpen[..<end.lowerBound]
            rest = afterOpen[end.upperBound...]
            guard let sigil = tag.first else { throw .unknownVariable("") }
            switch sigil {
            case "!":
                continue
            case "#", "^":
                let name = try variable(tag.dropFirst())
                open.append(name.rawValue)
            case "/":
                let name = try variable(tag.dropFirst())
                guard open.popLast() == name.rawValue else { throw .unbalancedSection(name.rawValue) }
            case "{", "&", ">", "<", "=", "%", "$":
                throw .unsupportedTag(String(tag))
            default:
                let name = try variable(tag)
                if open.isEmpty { required.insert(name) }
            }
        }
        if let unclosed = open.last { throw .unbalancedSection(unclosed) }
        return required
    }

    private static func variable(_ text: Substring) throws(TemplateError) -> TemplateVariable {
        let name = text.trimmingCharacters(in: .whitespaces)
        guard let variable = TemplateVariable(rawValue: name) else { throw .unknownVariable(name) }
        return variable
    }
}
