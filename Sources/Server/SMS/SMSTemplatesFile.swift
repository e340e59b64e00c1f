import Foundation
import SMSCore
import Yams

/// The `templates` file of the SMS adapter: a default per notification kind, and overrides per appointment type.
///
/// ```yaml
/// defaults:
///   summon: "Convocation : rendez-vous le {{jour}} {{date}} à {{heure}}, {{adresse}}."
/// types:
///   "Convocation DDSE":
///     reminder: "..."
/// ```
/// Kinds missing from `defaults` keep the neutral texts.
enum SMSTemplatesFile {
    private struct Document: Decodable {
        var defaults: [String: String]?
        var types: [String: [String: String]]?
    }

    static func load(path: String) throws -> TemplateCatalogue {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "cannot read the SMS templates file")
        }
        let document: Document
        do {
            document = try YAMLDecoder().decode(Document.self, from: text)
        } catch {
            throw ConfigError(file: path, message: "not a templates file: give `defaults:` and `types:` maps of kind to text")
        }
        func kinds(_ sources: [String: String]) throws -> [NotificationKind: String] {
            var result: [NotificationKind: String] = [:]
            for (name, source) in sources {
                guard let kind = NotificationKind(rawValue: name) else {
                    throw ConfigError(file: path, message: "unknown notification kind \"\(name)\"; kinds: "
                        + NotificationKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                result[kind] = source
            }
            return result
        }
        let defaults = TemplateCatalogue.neutralDefaults.merging(try kinds(document.defaults ?? [:])) { _, given in given }
        var types: [String: [NotificationKind: String]] = [:]
        for (type, sources) in document.types ?? [:] { types[type] = try kinds(sources) }
        do {
            return try TemplateCatalogue(defaults: defaults, byAppointmentType: types)
        } catch {
            throw ConfigError(file: path, message: "\(error)")
        }
    }
}
