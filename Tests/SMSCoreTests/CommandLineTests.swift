import Foundation
import Testing

/// Runs the `passerelle` binary built beside the tests (`swift build --build-tests` builds it).
@Suite struct CommandLineTests {
    static var binary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/passerelle")
    }

    func run(_ arguments: [String]) throws -> (status: Int32, json: [String: Any]) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return (process.terminationStatus, json)
    }

    @Test func smsInspectPrintsEncodingUnitsSegmentsAndTheSentText() throws {
        let plain = try run(["sms", "inspect", "--json", "Rappel : rendez-vous le mardi 03/03/2026 à 14h30 €"])
        #expect(plain.status == 0)
        #expect(plain.json["encoding"] as? String == "GSM-7")
        #expect(plain.json["units"] as? Int == 51)
        #expect(plain.json["segments"] as? Int == 1)
        #expect(plain.json["sent_text"] as? String == "Rappel : rendez-vous le mardi 03/03/2026 à 14h30 €")
        let emoji = try run(["sms", "inspect", "--json", "Bonjour 😀"])
        #expect(emoji.json["encoding"] as? String == "UCS-2")
        #expect(emoji.json["units"] as? Int == 10)
        let long = try run(["sms", "inspect", "--json", "Vous êtes attendu " + String(repeating: "x", count: 60)])
        #expect(long.json["encoding"] as? String == "GSM-7")
        #expect((long.json["sent_text"] as? String)?.hasPrefix("Vous etes attendu") == true)
        let empty = try run(["sms", "inspect", "--json", " \u{200B} "])
        #expect(empty.status == 2)
        #expect((empty.json["error"] as? String)?.contains("empty") == true)
        let over = try run(["sms", "inspect", "--json", "--max-segments", "1", String(repeating: "a", count: 161)])
        #expect(over.status == 2)
    }

    @Test func phoneNormalizeAnswersE164TerritoryMobileAndZone() throws {
        let metropole = try run(["phone", "normalize", "--json", "+33 (0)6 12 34 56 78"])
        #expect(metropole.status == 0)
        #expect(metropole.json["e164"] as? String == "+33612345678")
        #expect(metropole.json["territory"] as? String == "FR")
        #expect(metropole.json["mobile"] as? Bool == true)
        #expect(metropole.json["time_zone"] as? String == "Europe/Paris")
        let reunion = try run(["phone", "normalize", "--json", "0692 12 34 56"])
        #expect(reunion.json["e164"] as? String == "+262692123456")
        #expect(reunion.json["territory"] as? String == "RE")
        #expect(reunion.json["time_zone"] as? String == "Indian/Reunion")
        for refused in ["01 23 45 67 89", "0712345678", "06 12 AB 56 78", "36111", "０６１２３４５６７８"] {
            let answer = try run(["phone", "normalize", "--json", refused])
            #expect(answer.status == 2, "\(refused)")
            #expect((answer.json["error"] as? String)?.isEmpty == false, "\(refused)")
            #expect(answer.json["e164"] == nil)
        }
    }
}
