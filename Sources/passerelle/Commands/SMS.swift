import ArgumentParser
import Foundation
import SMSCore

struct SMS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sms", abstract: "SMS text tools.", subcommands: [Inspect.self, Remind.self])

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how a text would be sent: encoding, size, segments and the text actually sent.",
            discussion: """
                The text is sanitised (controls, bidi and zero-width characters removed), then transliterated to \
                GSM-7 (’ → ', œ → oe, ê → e…) only when that saves segments. Units are septets for GSM-7 \
                (extension characters such as € count 2) or UTF-16 code units for UCS-2. Exits 2 on an unusable text.
                """)
        @Argument(help: "The text, as one argument (quote it).") var text: String
        @Flag(help: "Print one JSON object: encoding, units, segments, sent_text.") var json = false
        @Option(help: "Refuse the text when it needs more segments than this (2 for reminders, 1 for Saint-Pierre-et-Miquelon).")
        var maxSegments: Int?

        func run() async throws {
            do {
                let sms = try SMSComposer.compose(text, maxSegments: maxSegments)
                if json {
                    printJSON(InspectAnswer(encoding: sms.encoding.rawValue, units: sms.units, segments: sms.segments,
                                            sentText: sms.sentText))
                } else {
                    let how = sms.transliterated ? ", transliterated" : ""
                    print("\(sms.encoding.rawValue), \(sms.units) units, \(sms.segments) segment\(sms.segments == 1 ? "" : "s")\(how): \(sms.sentText)")
                }
            } catch {
                try fail("\(error)", json: json)
            }
        }
    }
}

private struct InspectAnswer: Encodable {
    let encoding: String
    let units: Int
    let segments: Int
    let sentText: String

    enum CodingKeys: String, CodingKey {
        case encoding, units, segments
        case sentText = "sent_text"
    }
}

/// Prints `value` as one line of JSON with sorted keys and unescaped slashes.
func printJSON(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Encoding strings, numbers and booleans cannot fail.
    print(String(decoding: try! encoder.encode(value), as: UTF8.self))
}

/// Reports an unusable input and exits with status 2: as `{"error": ...}` on standard output with --json, else as
/// a line on standard error.
func fail(_ message: String, json: Bool) throws -> Never {
    if json {
        printJSON(["error": message])
    } else {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }
    throw ExitCode(2)
}
