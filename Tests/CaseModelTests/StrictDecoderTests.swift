import CaseModel
import Foundation
import Testing

/// Decoding into canonical types: unknown and missing keys, types, numbers, dates (J3, J5).
@Suite struct StrictDecoderTests {
    private struct Counter: Codable, Equatable {
        var count: Int
        var ratio: Double?
        var small: Int8?
    }

    private func decodeError<T: Decodable>(_ type: T.Type, _ text: String) -> StrictJSONError? {
        #expect(throws: StrictJSONError.self) { try StrictJSON.decode(type, from: Array(text.utf8)) }
    }

    /// A valid envelope as a mutable tree, to break one thing at a time.
    private func envelopeObject() throws -> [String: Any] {
        let bytes = try StrictJSON.encode(Fixture.envelope())
        return try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] ?? [:]
    }

    private func text(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    private func envelopeError(_ change: (inout [String: Any]) -> Void) throws -> StrictJSONError? {
        var object = try envelopeObject()
        change(&object)
        return decodeError(Envelope.self, try text(object))
    }

    @Test func unknownKeyInThePayloadIsRejectedNamingKeyAndPath() throws {
        let error = try envelopeError { envelope in
            var payload = envelope["payload"] as? [String: Any] ?? [:]
            payload["remarques"] = "texte libre"
            envelope["payload"] = payload
        }
        #expect(error?.kind == .unknownKey)
        #expect(error?.message == #"unknown key "remarques" at $.payload"#)
    }

    @Test func unknownNotesKeyInsideAnEntityIsRejected() throws {
        let error = try envelopeError { envelope in
            var payload = envelope["payload"] as? [String: Any] ?? [:]
            var person = payload["person"] as? [String: Any] ?? [:]
            person["notes"] = "…"
            payload["person"] = person
            envelope["payload"] = payload
        }
        #expect(error?.message == #"unknown key "notes" at $.payload.person"#)
    }

    @Test func unknownKeyInsideAnArrayElementIsRejected() throws {
        let error = try envelopeError { envelope in
            var payload = envelope["payload"] as? [String: Any] ?? [:]
            var measure = payload["measure"] as? [String: Any] ?? [:]
            var obligations = measure["obligations"] as? [[String: Any]] ?? []
            obligations[0]["extra"] = 1
            measure["obligations"] = obligations
            payload["measure"] = measure
            envelope["payload"] = payload
        }
        #expect(error?.message == #"unknown key "extra" at $.payload.measure.obligations[0]"#)
    }

    @Test func missingKeyIsRejectedNamingKeyAndPath() throws {
        let error = try envelopeError { $0["kind"] = nil }
        #expect(error?.kind == .missingKey)
        #expect(error?.message == #"missing key "kind" at $"#)
    }

    @Test func wrongTypeNamesThePathAndBothTypes() throws {
        let error = try envelopeError { envelope in
            var payload = envelope["payload"] as? [String: Any] ?? [:]
            var person = payload["person"] as? [String: Any] ?? [:]
            person["nom"] = 42
            payload["person"] = person
            envelope["payload"] = payload
        }
        #expect(error?.kind == .wrongType)
        #expect(error?.message == "wrong type at $.payload.person.nom: expected string, found number")
    }

    @Test func nullIsRefusedForARequiredFieldAndAcceptedForAnOptionalOne() throws {
        #expect(decodeError(Counter.self, #"{"count":null}"#)?.message == "wrong type at $.count: expected integer, found null")
        #expect(try StrictJSON.decode(Counter.self, from: Array(#"{"count":1,"ratio":null}"#.utf8)) == Counter(count: 1))
    }

    @Test func thirtyDigitIntegerIsOutOfRangeForInt() {
        let error = decodeError(Counter.self, #"{"count":123456789012345678901234567890}"#)
        #expect(error?.kind == .numberOutOfRange)
        #expect(error?.message == "number out of range for Int at $.count")
    }

    @Test func integerOutOfRangeForASmallerTypeIsRejected() {
        #expect(decodeError(Counter.self, #"{"count":1,"small":128}"#)?.message == "number out of range for Int8 at $.small")
    }

    @Test func hugeExponentIsRejectedWhereAnIntegerOrADoubleIsExpected() {
        #expect(decodeError(Counter.self, #"{"count":1e999999}"#)?.kind == .wrongType)
        let double = decodeError(Counter.self, #"{"count":1,"ratio":1e999999}"#)
        #expect(double?.kind == .numberOutOfRange)
        #expect(double?.path == "$.ratio")
    }

    @Test func negativeZeroIsNotAnInteger() {
        let error = decodeError(Counter.self, #"{"count":-0}"#)
        #expect(error?.kind == .invalidValue)
        #expect(error?.message == "invalid value at $.count: -0 is not an integer")
    }

    @Test(arguments: ["1.0", "1e2", "1.5"])
    func fractionOrExponentIsNotAnInteger(literal: String) {
        #expect(decodeError(Counter.self, #"{"count":\#(literal)}"#)?.kind == .wrongType)
    }

    @Test func largeExactIntegersAndDoublesAreRead() throws {
        let value = try StrictJSON.decode(Counter.self, from: Array(#"{"count":-9223372036854775808,"ratio":-2.5e-3}"#.utf8))
        #expect(value == Counter(count: .min, ratio: -0.0025))
    }

    @Test func unknownMessageKindIsRejectedNamingTheValue() throws {
        let error = try envelopeError { $0["kind"] = "measure.exploded" }
        #expect(error?.kind == .invalidValue)
        #expect(error?.path == "$.kind")
        #expect(error?.message.hasPrefix(#"invalid value at $.kind: unknown message kind "measure.exploded"; expected one of "#) == true)
    }

    @Test func unknownEnumValueListsTheAcceptedValues() throws {
        let error = try envelopeError { $0["purpose"] = "curiosite" }
        #expect(error?.message == "invalid value at $.purpose: expected one of saisine, suivi, convocation, rapport, incident, dessaisissement, execution, surveillance, statistique")
    }

    @Test func anotherEnvelopeVersionIsRejectedAsSuch() throws {
        let error = try envelopeError { envelope in
            envelope["version"] = 2
            envelope["newField"] = true
        }
        #expect(error?.message == "invalid value at $.version: unsupported envelope version 2; this gateway reads version 1")
    }

    @Test(arguments: [
        "2024-03-05T08:30:00Z", "2024-03-05T08:30:00.000Z", "2024-03-05T09:30:00+01:00",
        "2024-03-05T03:30:00.000000-05:00", "2024-03-05T08:30:00.0Z",
    ])
    func instantsAreReadWithOrWithoutFractionAndWithAnyOffset(text: String) throws {
        let date = try StrictJSON.decode([Date].self, from: Array(#"["\#(text)"]"#.utf8))
        #expect(date == [Date(timeIntervalSince1970: 1_709_627_400)])
    }

    @Test(arguments: [
        "2024-03-05T08:30:00", "2024-03-05 08:30:00Z", "2024-03-05T08:30Z", "2024-02-30T08:30:00Z",
        "2024-03-05T24:00:00Z", "2024-03-05T08:30:00.Z", "2024-03-05T08:30:00+0100", "2024-03-05T08:30:00z",
        "2024-03-05T08:30:00.1234567890Z", "1709627400",
    ])
    func instantsWithoutOffsetOrMalformedAreRejected(text: String) {
        let error = decodeError([Date].self, #"["\#(text)"]"#)
        #expect(error?.kind == .invalidValue)
        #expect(error?.path == "$[0]")
    }

    @Test func instantsMustBeStrings() {
        #expect(decodeError([Date].self, "[1709627400]")?.message == "wrong type at $[0]: expected string, found number")
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "2024-1-01", "24-01-01", "2024-01-01T00:00:00Z", "0000-01-01"])
    func impossibleOrMalformedCalendarDatesAreRejected(text: String) {
        let error = decodeError([LocalDate].self, #"["\#(text)"]"#)
        #expect(error?.message == "invalid value at $[0]: expected a calendar date YYYY-MM-DD")
    }

    @Test func malformedUUIDIsRejected() {
        #expect(decodeError([UUID].self, #"["0190f5a0-1c2d-7e3f-8a4b"]"#)?.kind == .invalidValue)
    }

    @Test func errorMessagesNeverRepeatInputValues() throws {
        let canary = "CANARY-7f3a91"
        let hostile: [String] = [
            #"{"kind":"\#(canary)"}"#,
            #"{"purpose":"\#(canary)"}"#,
            #"{"occurredAt":"\#(canary)"}"#,
            #"{"id":"\#(canary)"}"#,
            #"{"version":1,"id":"\#(canary)"}"#,
            #"{"version":"\#(canary)"}"#,
            #"{"version":1,"kind":"\#(canary)"}"#,
            #"{"version":1,"kind":"note.recorded","source":{"system":"\#(canary)","site":"x"}}"#,
            #"{"version":1,"kind":"note.recorded","source":"\#(canary)"}"#,
            #"{"a":"\#(canary)","a":"\#(canary)"}"#,
            #"{"a":"\#(canary)\ud800"}"#,
            #"{"a":"\#(canary)\u0000"}"#,
            #"{"a":"\#(canary)"#,
            #"{"a":"\#(canary)" "b"}"#,
        ]
        for text in hostile {
            let error = #expect(throws: StrictJSONError.self) { try StrictJSON.decode(Envelope.self, from: Array(text.utf8)) }
            #expect(error?.message.contains(canary) == false, "\(text)")
            #expect(error.map { String(describing: $0) }?.contains(canary) == false)
            #expect(error?.path.contains(canary) == false)
        }
        var person = try envelopeObject()
        var payload = person["payload"] as? [String: Any] ?? [:]
        payload["person"] = ["id": canary, "nom": canary, "prenoms": [canary], "sexe": canary]
        person["payload"] = payload
        let personError = decodeError(Envelope.self, try text(person))
        #expect(personError?.message.contains(canary) == false)
    }
}
