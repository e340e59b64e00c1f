import CaseModel
import Foundation
import Testing

/// The canonical encoding: byte-stable, sorted, compact, injection-neutral (J11).
@Suite struct CanonicalEncoderTests {
    private struct Sample: Codable, Equatable {
        var zeta: String
        var alpha: Int
        var when: Date
        var who: UUID
        var maybe: String?
        var nested: [String: Bool]
    }

    @Test func keysAreSortedWhitespaceIsAbsentAndNilIsOmitted() throws {
        let sample = Sample(
            zeta: "z", alpha: -3, when: Fixture.instant, who: Fixture.id(1), maybe: nil, nested: ["b": true, "a": false]
        )
        #expect(try Fixture.json(sample) == #"{"alpha":-3,"nested":{"a":false,"b":true},"when":"2024-03-05T08:30:00.123Z","who":"0190f5a0-1c2d-7e3f-8a4b-000000000001","zeta":"z"}"#)
    }

    @Test func datesAreWrittenInUTCWithMilliseconds() throws {
        let dates = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_709_627_400.5),
            Date(timeIntervalSince1970: -1.25), Date(timeIntervalSince1970: 1_709_627_400.0004),
        ]
        #expect(try Fixture.json(dates) == #"["1970-01-01T00:00:00.000Z","2024-03-05T08:30:00.500Z","1969-12-31T23:59:58.750Z","2024-03-05T08:30:00.000Z"]"#)
    }

    @Test func anInstantReadWithAnOffsetIsWrittenInUTC() throws {
        let date = try StrictJSON.decode([Date].self, from: Array(#"["2024-03-05T10:30:00.123+02:00"]"#.utf8))
        #expect(try Fixture.json(date) == #"["2024-03-05T08:30:00.123Z"]"#)
    }

    @Test func datesOutsideFourDigitYearsCannotBeWritten() {
        let far = #expect(throws: StrictJSONError.self) { try StrictJSON.encode([Date(timeIntervalSince1970: 1e12)]) }
        #expect(far?.message == "invalid value at $[0]: date outside years 0001–9999")
        #expect(throws: StrictJSONError.self) { try StrictJSON.encode([Date(timeIntervalSince1970: .nan)]) }
    }

    @Test func nonFiniteNumbersCannotBeWritten() {
        #expect(throws: StrictJSONError.self) { try StrictJSON.encode([Double.nan]) }
        #expect(throws: StrictJSONError.self) { try StrictJSON.encode(["ratio": Double.infinity]) }
    }

    @Test func stringsEscapeOnlyWhatJSONRequires() throws {
        let text = "quote\" backslash\\ slash/ tab\t nl\n unit\u{1F} del\u{7F} é 😀 \u{2028}"
        #expect(try Fixture.json([text]) == #"["quote\" backslash\\ slash/ tab\t nl\n unit\u001f del"# + "\u{7F} é 😀 \u{2028}\"]")
        #expect(try StrictJSON.decode([String].self, from: StrictJSON.encode([text])) == [text])
    }

    @Test func encodingIsByteStableThroughADecodeCycle() throws {
        let first = try StrictJSON.encode(Fixture.envelope())
        let decoded = try StrictJSON.decode(Envelope.self, from: first)
        #expect(try StrictJSON.encode(decoded) == first)
        #expect(StrictJSON.serialize(try StrictJSON.parse(first)) == first)
    }

    @Test(arguments: ["'; DROP TABLE outbox;--", "%' OR '1'='1", "\\", "ʼ", "--", "/*", "Robert'); DELETE FROM deliveries; --"])
    func sqlLookingTextIsAcceptedAndRoundTripsByteIdentical(text: String) throws {
        let payload = Payload(person: Fixture.person(), notes: [Fixture.note(text: text)])
        let envelope = Fixture.envelope(payload: payload)
        let bytes = try StrictJSON.encode(envelope)
        let decoded = try StrictJSON.decode(Envelope.self, from: bytes)
        #expect(decoded.payload.notes?.first?.text == text)
        #expect(Array(decoded.payload.notes?.first?.text.utf8 ?? "".utf8) == Array(text.utf8))
        #expect(try StrictJSON.encode(decoded) == bytes)
    }
}
