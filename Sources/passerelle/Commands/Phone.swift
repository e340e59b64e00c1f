import ArgumentParser
import SMSCore

struct Phone: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Phone number tools.", subcommands: [Normalize.self])

    struct Normalize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Normalise a French number to E.164 and tell its territory, kind and time zone.",
            discussion: """
                Accepts 06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78, +33 (0)6 12 34 56 78, 0033612345678, \
                tel:+33612345678 and overseas numbers (0692…, +262 692…, +590 690…, +508 55 12 34). Refuses \
                letters, non-ASCII digits, short codes, foreign numbers and, unless --any-kind is given, anything \
                but a mobile. Exits 2 on a refused number.
                """)
        @Argument(help: "The number as typed (quote it if it has spaces).") var number: String
        @Flag(help: "Print one JSON object: e164, territory, mobile, time_zone.") var json = false
        @Flag(help: "Accept landlines, VoIP and special numbers too (e.g. a service's contact number).")
        var anyKind = false

        func run() async throws {
            do {
                let parsed = anyKind ? try PhoneNumber(parsing: number) : try PhoneNumber.mobile(number)
                if json {
                    printJSON(NormalizeAnswer(e164: parsed.e164, territory: parsed.territory.rawValue,
                                              mobile: parsed.isMobile, timeZone: parsed.territory.timeZoneIdentifier))
                } else {
                    print("\(parsed.e164)  \(parsed.territory.rawValue) (\(parsed.territory.name)), \(parsed.kind.rawValue), "
                        + "\(parsed.territory.timeZoneIdentifier), shown as \(parsed.masked)")
                }
            } catch {
                try fail("\(error)", json: json)
            }
        }
    }
}

private struct NormalizeAnswer: Encodable {
    let e164: String
    let territory: String
    let mobile: Bool
    let timeZone: String

    enum CodingKeys: String, CodingKey {
        case e164, territory, mobile
        case timeZone = "time_zone"
    }
}
