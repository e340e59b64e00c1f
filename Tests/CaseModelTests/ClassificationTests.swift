import CaseModel
import Testing

/// Every stored property is a classified `Field`, and the `Field` enums match the JSON keys.
@Suite struct ClassificationTests {
    private func fieldKeys<E: Classified>(of sample: E) -> Set<String> {
        Set(E.Field.allCases.map(\.rawValue))
    }

    private func categories<E: Classified>(of sample: E) -> [DataCategory] {
        E.Field.allCases.map(\.category)
    }

    @Test(arguments: Fixture.everyClassifiedSample.indices)
    func encodedKeysOfAFullyPopulatedValueAreExactlyItsFields(index: Int) throws {
        let sample = Fixture.everyClassifiedSample[index]
        guard case .object(let members) = try StrictJSON.parse(StrictJSON.encode(sample)) else {
            Issue.record("\(type(of: sample)) does not encode as an object")
            return
        }
        let keys = members.map(\.0)
        #expect(Set(keys) == fieldKeys(of: sample), "\(type(of: sample))")
        #expect(keys.count == fieldKeys(of: sample).count, "\(type(of: sample))")
    }

    @Test(arguments: Fixture.everyClassifiedSample.indices)
    func everyFieldHasACategory(index: Int) {
        let sample = Fixture.everyClassifiedSample[index]
        let classified = categories(of: sample)
        #expect(!classified.isEmpty)
        #expect(classified.allSatisfy(DataCategory.allCases.contains))
    }

    private func expectUniform<F: ClassifiedField>(_ field: F.Type, _ category: DataCategory, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = Set(F.allCases.map(\.category))
        #expect(found == [category], "\(F.self) must all be \(category)", sourceLocation: sourceLocation)
    }

    @Test func nestedValuesShareTheCategoryOfTheFieldThatHoldsThem() {
        expectUniform(Infraction.Field.self, Affaire.Field.infractions.category)
        expectUniform(Peine.Field.self, Decision.Field.peines.category)
        expectUniform(Obligation.Field.self, Measure.Field.obligations.category)
        expectUniform(Place.Field.self, Appointment.Field.place.category)
        expectUniform(Condamnation.Field.self, PenalRecordSnapshot.Field.condamnations.category)
        expectUniform(SentenceReduction.Field.self, PenalRecordSnapshot.Field.reductions.category)
        expectUniform(Incident.Field.self, PenalRecordSnapshot.Field.incidents.category)
        expectUniform(PresenceWindow.Field.self, MonitoringPlacement.Field.schedule.category)
        expectUniform(Zone.Field.self, MonitoringPlacement.Field.zones.category)
        expectUniform(ExternalRef.Field.self, .identity)
    }

    @Test func spipOnlyEntitiesAreWhollyInTheirOwnCategory() {
        expectUniform(Interview.Field.self, .interview)
        expectUniform(Note.Field.self, .note)
        expectUniform(Evaluation.Field.self, .evaluation)
        #expect(Payload.Section.interviews.category == .interview)
        #expect(Payload.Section.notes.category == .note)
        #expect(Payload.Section.evaluation.category == .evaluation)
    }

    @Test func theMobileNumberIsContactAndNamesAreIdentity() {
        #expect(Person.Field.mobile.category == .contact)
        #expect(Person.Field.smsConsent.category == .contact)
        let contact = Person.Field.allCases.filter { $0.category == .contact }
        #expect(Set(contact) == [.mobile, .smsConsent])
        #expect(Person.Field.nom.category == .identity)
        #expect(Person.Field.prenoms.category == .identity)
    }

    @Test func sectionsOfEachKindOfDataHaveTheirCategory() {
        #expect(Payload.Section.appointment.category == .agenda)
        #expect(Payload.Section.report.category == .report)
        #expect(Payload.Section.penalRecord.category == .penalRecord)
        #expect(Payload.Section.custodyMovement.category == .penalRecord)
        #expect(Payload.Section.placement.category == .monitoring)
        #expect(Payload.Section.monitoringEvent.category == .monitoring)
        #expect(Payload.Section.measure.category == .measure)
        #expect(Payload.Section.decision.category == .decision)
        #expect(Payload.Section.affaire.category == .decision)
    }

    @Test func categoryRawValuesAreTheWireNames() {
        #expect(DataCategory.allCases.map(\.rawValue) == [
            "identity", "contact", "measure", "decision", "penal-record", "monitoring", "agenda", "report",
            "interview", "note", "evaluation",
        ])
    }

    @Test func aFullPayloadHoldsEveryCategory() {
        #expect(Fixture.fullPayload().categories == Set(DataCategory.allCases))
        #expect(Payload().categories.isEmpty)
        #expect(Payload(person: Fixture.person()).categories == [.identity, .contact])
    }

    @Test func categoriesCountOnlyFieldsThatHoldAValue() {
        var person = Fixture.person()
        person.mobile = nil
        person.smsConsent = nil
        #expect(Payload(person: person).categories == [.identity])
        #expect(Payload(notes: []).categories == [.note])
    }
}
