import Foundation
import Hummingbird

/// The languages the console speaks. French first: the console's readers are French civil servants.
public enum ConsoleLanguage: String, CaseIterable, Sendable {
    case fr, en

    /// The language a browser asks for (`Accept-Language`, by preference), else `fallback`.
    static func negotiate(_ header: String?, fallback: ConsoleLanguage) -> ConsoleLanguage {
        guard let header else { return fallback }
        var ranges: [(language: String, quality: Double, order: Int)] = []
        for (order, item) in header.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = parts.first?.lowercased(), !range.isEmpty else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            guard quality > 0 else { continue }
            ranges.append((String(range.split(separator: "-").first ?? ""), quality, order))
        }
        for range in ranges.sorted(by: { $0.quality != $1.quality ? $0.quality > $1.quality : $0.order < $1.order }) {
            if range.language == "*" { return fallback }
            if let language = ConsoleLanguage(rawValue: range.language) { return language }
        }
        return fallback
    }
}

/// The console's texts in one language, read from its catalogue (`Console/Texts/<language>.json`, built into the
/// binary). `{name}` in a text is replaced by the value given for `name`.
struct ConsoleText: Sendable {
    let language: ConsoleLanguage
    private let texts: [String: String]

    /// The language of the request being answered, set by `ConsoleLanguageMiddleware`.
    @TaskLocal static var current = ConsoleText(.fr)

    init(_ language: ConsoleLanguage) {
        self.language = language
        self.texts = Self.catalogues[language] ?? [:]
    }

    static let catalogues: [ConsoleLanguage: [String: String]] = [
        .fr: decode(PackageResources.fr_json),
        .en: decode(PackageResources.en_json),
    ]

    static func decode(_ bytes: [UInt8]) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(bytes))) ?? [:]
    }

    /// The text of `key`; a key missing from the catalogue shows as itself, which the catalogue tests forbid.
    func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        fill(texts[key] ?? key, values)
    }

    /// The text of `key` when the catalogue has one (a value from a closed list, such as a status), else `value`.
    func word(_ prefix: String, _ value: String) -> String {
        texts["\(prefix).\(value)"] ?? value
    }

    /// `one` or `other` by `count`, with `{count}` filled in.
    func plural(_ key: String, _ count: Int, _ values: [String: String] = [:]) -> String {
        self("\(key).\(count == 1 ? "one" : "other")", values.merging(["count": String(count)]) { first, _ in first })
    }

    private func fill(_ template: String, _ values: [String: String]) -> String {
        var text = template
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// `lundi 7 décembre 2026, 17 h 27 (heure de Paris)`: the local time of `zone`, the zone named in words.
    func date(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute], from: date)
        let day = parts.day ?? 1
        let text = self("date.format", [
            "weekday": self("date.weekday.\(parts.weekday ?? 1)"),
            "day": day == 1 ? self("date.firstDay") : String(day),
            "month": self("date.month.\(parts.month ?? 1)"),
            "year": String(parts.year ?? 0),
            "hour": String(parts.hour ?? 0),
            "minute": String(format: "%02d", parts.minute ?? 0),
        ])
        return self("date.withZone", ["date": text, "zone": zoneName(zone)])
    }

    /// The zone in words: its catalogue name, else "heure de <city>" from its identifier.
    func zoneName(_ zone: TimeZone) -> String {
        let identifier = zone.identifier == "UTC" || zone.secondsFromGMT() == 0 && zone.identifier.hasPrefix("GMT")
            ? "GMT" : zone.identifier
        if let name = texts["zone.\(identifier)"] { return name }
        let place = identifier.split(separator: "/").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? identifier
        return self("zone.other", ["place": place])
    }
}

/// Chooses the console's language for each `/console` request: the browser's `Accept-Language`, else the
/// configuration's `console.language`, else French. The texts are read through `ConsoleText.current`.
struct ConsoleLanguageMiddleware<Context: RequestContext>: RouterMiddleware {
    let fallback: ConsoleLanguage

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/console") else { return try await next(request, context) }
        let language = ConsoleLanguage.negotiate(request.headers[.acceptLanguage], fallback: fallback)
        var response = try await ConsoleText.$current.withValue(ConsoleText(language)) {
            try await next(request, context)
        }
        response.headers[.contentLanguage] = language.rawValue
        response.headers[.vary] = "Accept-Language"
        return response
    }
}
