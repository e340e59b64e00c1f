import CaseModel
import Testing

/// The policy cut: nothing of a disallowed category survives, and every removal is reported.
@Suite struct PayloadFilterTests {
    private static let parquet: Set<DataCategory> = [.identity, .measure, .decision, .penalRecord, .report]

    private struct Canaries {
        let mobile = "+33699887766"
        let interview = "CANARY-interview-5b1e"
        let note = "CANARY-note-90d2"
        let evaluation = "CANARY-evaluation-c417"
        let agenda = "CANARY-agenda-3f08"

        var all: [String] { [mobile, interview, note, evaluation, agenda] }

        var payload: Payload {
            Fixture.fullPayload(mobile: mobile, placeName: agenda, interviewText: interview, noteText: note, evaluationContent: evaluation)
        }
    }

    private func text(_ payload: Payload) throws -> String {
        try Fixture.json(payload)
    }

    @Test func parquetReceivesNoNotesInterviewsEvaluationsMobileOrAgenda() throws {
        let canaries = Canaries()
        let unfiltered = try text(canaries.payload)
        for canary in canaries.all { #expect(unfiltered.contains(canary)) }

        let cut = canaries.payload.filtered(allowing: Self.parquet)
        let filtered = try text(cut.payload)
        for canary in canaries.all {
            #expect(!filtered.contains(canary), "\(canary) leaked")
        }
        #expect(cut.payload.categories.isSubset(of: Self.parquet))
    }

    @Test func removedListsEachRemovedSectionAndFieldWithItsCategory() {
        let cut = Canaries().payload.filtered(allowing: Self.parquet)
        #expect(cut.removed == [
            RemovedField(path: "person.mobile", category: .contact),
            RemovedField(path: "person.smsConsent", category: .contact),
            RemovedField(path: "appointment", category: .agenda),
            RemovedField(path: "interviews", category: .interview),
            RemovedField(path: "notes", category: .note),
            RemovedField(path: "evaluation", category: .evaluation),
            RemovedField(path: "placement", category: .monitoring),
            RemovedField(path: "monitoringEvent", category: .monitoring),
            RemovedField(path: "smsNotification", category: .agenda),
        ])
    }

    @Test func allowedFieldsOfAKeptSectionAreKeptUnchanged() {
        let payload = Canaries().payload
        let cut = payload.filtered(allowing: Self.parquet)
        var expectedPerson = payload.person
        expectedPerson?.mobile = nil
        expectedPerson?.smsConsent = nil
        #expect(cut.payload.person == expectedPerson)
        #expect(cut.payload.measure == payload.measure)
        #expect(cut.payload.decision == payload.decision)
        #expect(cut.payload.affaire == payload.affaire)
        #expect(cut.payload.report == payload.report)
        #expect(cut.payload.penalRecord == payload.penalRecord)
        #expect(cut.payload.custodyMovement == payload.custodyMovement)
        #expect(cut.payload.transfer == payload.transfer)
    }

    @Test func allowingEveryCategoryChangesNothing() {
        let payload = Canaries().payload
        let cut = payload.filtered(allowing: Set(DataCategory.allCases))
        #expect(cut.payload == payload)
        #expect(cut.removed.isEmpty)
    }

    @Test func allowingNothingLeavesAnEmptyPayloadAndListsEverySection() {
        let cut = Fixture.fullPayload().filtered(allowing: [])
        #expect(cut.payload == Payload())
        #expect(cut.removed.map(\.path) == Payload.Section.allCases.map(\.rawValue))
        #expect(cut.removed.map(\.category) == Payload.Section.allCases.map(\.category))
    }

    @Test func aSectionWhoseCategoryIsNotAllowedGoesEvenIfSomeOfItsFieldsAre() {
        let cut = Payload(person: Fixture.person()).filtered(allowing: [.contact])
        #expect(cut.payload.person == nil)
        #expect(cut.removed == [RemovedField(path: "person", category: .identity)])
    }

    @Test func absentSectionsAreNotReportedAsRemoved() {
        let cut = Payload(measure: Fixture.measure).filtered(allowing: [.identity])
        #expect(cut.removed == [RemovedField(path: "measure", category: .measure)])
    }

    /// For each category alone, and for every category but one, the cut holds only allowed
    /// categories and the canary of each denied SPIP-only category never appears.
    @Test(arguments: DataCategory.allCases.flatMap { category in
        [Set([category]), Set(DataCategory.allCases).subtracting([category])]
    })
    func noCutEverHoldsADisallowedCategory(allowed: Set<DataCategory>) throws {
        let canaries = Canaries()
        let cut = canaries.payload.filtered(allowing: allowed)
        #expect(cut.payload.categories.isSubset(of: allowed))
        #expect(cut.removed.allSatisfy { !allowed.contains($0.category) })
        let filtered = try text(cut.payload)
        let guarded: [(DataCategory, String)] = [
            (.contact, canaries.mobile), (.interview, canaries.interview), (.note, canaries.note),
            (.evaluation, canaries.evaluation), (.agenda, canaries.agenda),
        ]
        for (category, canary) in guarded where !allowed.contains(category) {
            #expect(!filtered.contains(canary), "\(canary) leaked with \(allowed.sorted())")
        }
    }
}
