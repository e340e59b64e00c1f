import CaseModel
import Foundation
import Gateway
@testable import Server
import SMSCore
import Testing

/// The console's two catalogues say the same things, and the console speaks French unless asked otherwise.
@Suite struct ConsoleLanguageTests {
    static func placeholders(_ text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    @Test func everyKeyExistsInEveryLanguageWithTheSamePlaceholders() throws {
        let french = try #require(ConsoleText.catalogues[.fr])
        let english = try #require(ConsoleText.catalogues[.en])
        #expect(french.count > 150)
        #expect(Set(french.keys).subtracting(english.keys).sorted() == [], "missing in en.json")
        #expect(Set(english.keys).subtracting(french.keys).sorted() == [], "missing in fr.json")
        for (key, text) in french {
            #expect(Self.placeholders(text) == Self.placeholders(english[key] ?? ""), "\(key): placeholders differ")
            #expect(!text.isEmpty && !(english[key] ?? "").isEmpty, "\(key) is empty")
        }
    }

    @Test func theMissingKeyCheckCanFail() {
        // The check above reads these very catalogues: a key added to one file only is caught by it.
        let trimmed = ConsoleText.decode(Array(#"{"a": "un", "b": "deux"}"#.utf8))
        let other = ConsoleText.decode(Array(#"{"a": "one"}"#.utf8))
        #expect(Set(trimmed.keys).subtracting(other.keys) == ["b"])
        #expect(ConsoleText.decode(Array("not json".utf8)).isEmpty)
    }

    @Test func everyValueOfTheClosedListsTheConsoleShowsHasItsWords() throws {
        var keys = AdapterMode.allCases.map { "mode.\($0.rawValue)" }
            + AuditOperation.allCases.map { "audit.operation.\($0.rawValue)" }
            + DeliveryStatus.allCases.map { "delivery.\($0.rawValue)" }
            + SMSStatus.allCases.map { "sms.status.\($0.rawValue)" }
            + NotificationKind.allCases.map { "sms.kind.\($0.rawValue)" }
            + SmsConsent.allCases.map { "consent.\($0.rawValue)" }
            + AppointmentState.allCases.map { "appointment.state.\($0.rawValue)" }
            + AppointmentsPage.windows.map(\.label)
        keys += ["closed", "open", "half-open"].map { "circuit.\($0)" }
        keys += ["no-consent", "opted-out", "no-mobile", "appointment-past", "appointment-cancelled", "no-allowed-time"]
            .map { "refusal.\($0)" }
        for language in ConsoleLanguage.allCases {
            let catalogue = try #require(ConsoleText.catalogues[language])
            for key in keys { #expect(catalogue[key] != nil, "\(language.rawValue).json has no \(key)") }
        }
    }

    @Test func datesAreWrittenOutWithThePlaceTimeZoneInWords() throws {
        let instant = try #require(ISO8601DateFormatter().date(from: "2026-12-07T16:27:00Z"))
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        #expect(ConsoleText(.fr).date(instant, in: paris) == "lundi 7 décembre 2026, 17 h 27 (heure de Paris)")
        #expect(ConsoleText(.en).date(instant, in: paris) == "Monday 7 December 2026, 17:27 (Paris time)")
        let first = try #require(ISO8601DateFormatter().date(from: "2026-12-01T05:05:00Z"))
        let reunion = try #require(TimeZone(identifier: "Indian/Reunion"))
        #expect(ConsoleText(.fr).date(first, in: reunion) == "mardi 1er décembre 2026, 9 h 05 (heure de La Réunion)")
        #expect(ConsoleText(.fr).date(first, in: .gmt) == "mardi 1er décembre 2026, 5 h 05 (temps universel)")
        let other = try #require(TimeZone(identifier: "America/Port_of_Spain"))
        #expect(ConsoleText(.fr).zoneName(other) == "heure de Port of Spain")
    }

    @Test func theBrowsersPreferenceWinsThenTheSetting() {
        #expect(ConsoleLanguage.negotiate(nil, fallback: .fr) == .fr)
        #expect(ConsoleLanguage.negotiate("en-GB,en;q=0.9", fallback: .fr) == .en)
        #expect(ConsoleLanguage.negotiate("de-DE, fr;q=0.5, en;q=0.8", fallback: .fr) == .en)
        #expect(ConsoleLanguage.negotiate("fr-FR;q=0.9, en;q=0", fallback: .en) == .fr)
        #expect(ConsoleLanguage.negotiate("de, *;q=0.1", fallback: .en) == .en)
        #expect(ConsoleLanguage.negotiate("de", fallback: .fr) == .fr)
    }

    @Test func pagesAreFrenchByDefaultAndEnglishWhenAskedOrConfigured() async throws {
        try await TestGateway.run { gateway in
            let french = try await gateway.request(.GET, "/console/login", token: nil)
            #expect(french.body.contains(#"<html lang="fr">"#))
            #expect(french.body.contains("Jeton d’accès"))
            #expect(french.headers.first(name: "Content-Language") == "fr")
            let english = try await gateway.request(.GET, "/console/login", token: nil,
                                                    headers: [("Accept-Language", "en-GB,en;q=0.9,fr;q=0.5")])
            #expect(english.body.contains(#"<html lang="en">"#))
            #expect(english.body.contains("Access token"))
            #expect(!english.body.contains("Jeton"))
            // The API and its errors stay in English whatever the browser asks.
            let api = try await gateway.request(.GET, "/v1/ops/adapters", token: nil, headers: [("Accept-Language", "fr")])
            #expect(api.body.contains("missing or unknown bearer token"))
        }
        let configured = try PasserelleConfig.parse("""
            store: {sqlite: /tmp/x.sqlite}
            server: {host: 127.0.0.1, port: 0}
            clients: []
            adapters: {}
            destinations: []
            routes: {}
            console: {language: en}
            """, file: "passerelle.yaml")
        #expect(configured.console?.language == "en")
        #expect(throws: ConfigError.self) {
            try PasserelleConfig.parse("""
                store: {sqlite: /tmp/x.sqlite}
                server: {host: 127.0.0.1, port: 0}
                clients: []
                adapters: {}
                destinations: []
                routes: {}
                console: {language: de}
                """, file: "passerelle.yaml").validate(file: "passerelle.yaml")
        }
    }
}
