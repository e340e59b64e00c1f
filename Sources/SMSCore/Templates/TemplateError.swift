/// Why a template cannot be used or an SMS cannot be rendered from it; nothing is sent.
public enum TemplateError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownVariable(String)
    /// A Mustache feature an SMS template does not need: partials, delimiters, pragmas, blocks, unescaped tags.
    case unsupportedTag(String)
    case unbalancedSection(String)
    case unclosedTag
    case syntax(String)
    case missingDefault(NotificationKind)
    /// The worst-case rendering needs more segments than allowed.
    case worstCaseOverBudget(segments: Int, allowed: Int)
    /// The template needs a value the appointment does not have, e.g. the previous time for a reschedule.
    case missingValue(TemplateVariable)
    case fieldTooLong(TemplateVariable, limit: Int)
    case invalidField(TemplateVariable, SMSTextError)
    case tooManyItems(Int, limit: Int)
    case text(SMSTextError)

    public var description: String {
        let allowed = TemplateVariable.allCases.map(\.rawValue).joined(separator: ", ")
        switch self {
        case .unknownVariable(let name):
            return "unknown template variable \"\(name)\": a template may only use \(allowed)"
        case .unsupportedTag(let tag):
            return "unsupported tag {{\(tag)}}: use {{name}}, {{#name}}…{{/name}}, {{^name}}…{{/name}} or {{! comment}}"
        case .unbalancedSection(let name):
            return "section \"\(name)\" is not closed or closed out of order: close each {{#\(name)}} with {{/\(name)}}"
        case .unclosedTag:
            return "a {{ is never closed: close it with }}"
        case .syntax(let detail):
            return "the template does not parse (\(detail)): check its tags"
        case .missingDefault(let kind):
            return "no default template for \(kind.rawValue): every notification kind needs one"
        case .worstCaseOverBudget(let segments, let allowed):
            return "with the longest date, place and address the template needs \(segments) segments, at most "
                + "\(allowed) allowed: shorten its fixed text"
        case .missingValue(let variable):
            return "the template needs \(variable.rawValue) but the appointment has no value for it"
        case .fieldTooLong(let variable, let limit):
            return "\(variable.rawValue) is longer than \(limit) characters: shorten it in the home system"
        case .invalidField(let variable, let error):
            return "\(variable.rawValue) is unusable: \(error)"
        case .tooManyItems(let count, let limit):
            return "\(count) things to bring, at most \(limit) fit in the SMS: keep the most important"
        case .text(let error):
            return "\(error)"
        }
    }
}
