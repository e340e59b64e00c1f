import CaseModel
import Foundation
import Testing

/// Envelope identity, kinds, round trip and semantic validation.
@Suite struct EnvelopeTests {
    @Test func fullyPopulatedEnvelopeRoundTrips() throws {
        let envelope = Fixture.envelope()
        let bytes = try StrictJSON.encode(envelope)
        #expect(try StrictJSON.decode(Envelope.self, from: bytes) == envelope)
    }

    @Test func envelopeWithOnlyRequiredFieldsRoundTripsWithoutNulls() throws {
        let envelope = Envelope(
            kind: .custodyMovement, source: Source(system: .genesis, site: "MA-NANCY-MAXEVILLE"), sourceMessageId: "g-1",
            subject: Subject(caseId: "24123000456"), occurredAt: Fixture.instant, purpose: .execution,
            payload: Payload(custodyMovement: Fixture.custodyMovement)
        )
        let text = try Fixture.json(envelope)
        #expect(!text.contains("null"))
        #expect(!text.contains("\"id\""))
        #expect(try StrictJSON.decode(Envelope.self, from: Array(text.utf8)) == envelope)
    }

    @Test func newIDsAreVersion7WithTheRFCVariantAndTheirTimestamp() {
        let id = Envelope.newID(now: Fixture.instant)
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(milliseconds == 1_709_627_400_123)
    }

    @Test func newIDsSortInTheOrderTheyWereMade() {
        let start = Fixture.instant
        let instants = (0..<200).map { start.addingTimeInterval(Double($0) * 0.0005) }
        let ids = instants.map { Envelope.newID(now: $0).uuidString.lowercased() }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
    }

    @Test func newIDsMadeAtTheSameInstantDiffer() {
        let ids = (0..<100).map { _ in Envelope.newID(now: Fixture.instant) }
        #expect(Set(ids).count == 100)
    }

    @Test func knownKindsAreExactlyTheTwentyOfTheContract() {
        #expect(MessageKind.known.map(\.rawValue).sorted() == [
            "appointment.cancelled", "appointment.rescheduled", "appointment.scheduled", "case.transferred",
            "custody.movement", "decision.recorded", "evaluation.recorded", "interview.recorded",
            "jap-decision.recorded", "measure.mandated", "measure.status-changed", "monitoring.alarm",
            "monitoring.event", "monitoring.placement-ordered", "note.recorded", "penal-record.updated",
            "person.updated", "report.submitted", "report.validated", "sms.status-changed",
        ])
    }

    @Test func unknownKindIsRejectedAndOddValuesAreNotEchoed() {
        let error = #expect(throws: StrictJSONError.self) {
            try StrictJSON.decode([MessageKind].self, from: Array(#"["Note Recorded <script>"]"#.utf8))
        }
        #expect(error?.message.hasPrefix("invalid value at $[0]: unknown message kind; expected one of appointment.cancelled") == true)
    }

    @Test func orderingKeyPrefersThePersonThenTheCase() {
        #expect(Subject(personId: Fixture.id(1), caseId: "24123000456").orderingKey == "person:0190f5a0-1c2d-7e3f-8a4b-000000000001")
        #expect(Subject(caseId: "24123000456").orderingKey == "case:24123000456")
    }

    @Test func aWellFormedEnvelopePassesValidation() throws {
        try Fixture.envelope().validate()
    }

    private func issues(_ change: (inout Envelope) -> Void) -> [ValidationError.Issue] {
        var envelope = Fixture.envelope()
        change(&envelope)
        let error = #expect(throws: ValidationError.self) { try envelope.validate() }
        return error?.issues ?? []
    }

    @Test(arguments: ["", "has space", "tab\there", String(repeating: "x", count: 129), "accentué"])
    func sourceMessageIdMustBeVisibleASCII(value: String) {
        #expect(issues { $0.sourceMessageId = value }.map(\.field) == ["sourceMessageId"])
    }

    @Test func sourceMessageIdOf128CharactersIsAccepted() throws {
        var envelope = Fixture.envelope()
        envelope.sourceMessageId = String(repeating: "x", count: 128)
        try envelope.validate()
    }

    @Test func subjectNeedsAPersonOrACase() {
        let found = issues { $0.subject = Subject(refs: [Fixture.externalRef]) }
        #expect(found == [.init(field: "subject", reason: "needs a personId or a caseId")])
    }

    @Test func appointmentNeedsAKnownTimeZoneAndAPlace() {
        let found = issues { envelope in
            envelope.payload.appointment?.timeZone = "Mars/Olympus_Mons"
            envelope.payload.appointment?.place.address = "  "
        }
        #expect(found.map(\.field) == ["payload.appointment.timeZone", "payload.appointment.place.address"])
        #expect(found.first?.reason == "not a known IANA time zone (e.g. Europe/Paris)")
    }

    @Test func kindNeedsItsPayloadSection() {
        let found = issues { $0.payload.appointment = nil }
        #expect(found == [.init(field: "payload.appointment", reason: "required for kind appointment.scheduled")])
    }

    @Test func everyBrokenRuleIsReportedWithoutQuotingValues() {
        let secret = "0612345678"
        let found = issues { envelope in
            envelope.version = 2
            envelope.id = UUID(uuidString: "0190f5a0-1c2d-4e3f-8a4b-000000000001")
            envelope.kind = MessageKind(rawValue: "note.deleted")
            envelope.correlationId = ""
            envelope.payload.person?.mobile = secret
            envelope.payload.measure?.endDate = Fixture.day("2020-01-01")
            envelope.payload.placement?.schedule[0].from = "25:00"
        }
        #expect(found.map(\.field) == [
            "version", "id", "kind", "correlationId", "payload.person.mobile", "payload.measure.endDate",
            "payload.placement.schedule[0].from",
        ])
        let message = ValidationError(issues: found).description
        #expect(message.hasPrefix("invalid envelope: version: unsupported version 2"))
        #expect(!message.contains(secret))
    }

    @Test(arguments: ["+33612345678", "+262692123456", "+590690123456"])
    func e164MobileNumbersAreAccepted(number: String) throws {
        var envelope = Fixture.envelope()
        envelope.payload.person?.mobile = number
        try envelope.validate()
    }

    @Test(arguments: ["0612345678", "+0612345678", "+33 6 12 34 56 78", "+3361234567890123", "+3361"])
    func nonE164MobileNumbersAreRejected(number: String) {
        #expect(issues { $0.payload.person?.mobile = number }.map(\.field) == ["payload.person.mobile"])
    }
}
