import CaseModel
import Foundation
import Gateway
import GenesisAdapter
import Testing

/// The translation the poller relies on: one person id across écrou numbers, a fiche reported once and only when it
/// changed, measures suspended by an écrou and resumed by a levée d'écrou, settings checked.
@Suite struct GenesisAdapterTests {
    static let contracts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("contracts/genesis")

    let adapter: GenesisAdapter

    init() throws {
        adapter = try GenesisAdapter()
    }

    func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Self.contracts.appendingPathComponent(path)))
    }

    func page(_ path: String) throws -> FeedPage {
        guard case .page(let page) = try adapter.readFeed(bytes(path)) else {
            Issue.record("\(path) is not a page")
            throw CancellationError()
        }
        return page
    }

    /// The page of case 001 with the fiches the poller would fetch: 45872 (followed) and MODELE's two numbers.
    func translatedCase001(previous: [String: StoredPenalRecord] = [:]) throws -> PageTranslation {
        let modele = try adapter.readFiche(bytes("cases/004-fiche-penale-with-two-ecrou-numbers/message.xml"))
        let exemple = try adapter.readFiche(bytes("feed/fiches/45872.xml"))
        return try adapter.translate(page("cases/001-page-with-each-movement-kind/message.xml"),
                                     fiches: ["31004": modele, "7781": modele, "45872": exemple], previous: previous)
    }

    @Test func aPersonWithTwoEcrouNumbersKeepsOnePersonId() throws {
        let movements = try translatedCase001().envelopes.filter { $0.kind == .custodyMovement }
        let transfer = try #require(movements.first { $0.sourceMessageId == "MVT-2026-000000104" })
        let escape = try #require(movements.first { $0.sourceMessageId == "MVT-2026-000000105" })
        #expect(transfer.subject.personId == escape.subject.personId)
        #expect(transfer.subject.personId == GenesisPerson.id(key: "genesis:31004@MA-NANCY-MAXEVILLE"))
        #expect(escape.subject.refs?.contains { $0.kind == "numeroEcrouInitial" && $0.value == "31004" } == true)
        #expect(escape.payload.custodyMovement?.numeroEcrou == "7781")
    }

    @Test func anEcrouSuspendsTheFollowedMeasureAndALeveeEcrouResumesIt() throws {
        let envelopes = try translatedCase001().envelopes
        let changes = envelopes.filter { $0.kind == .measureStatusChanged }
        #expect(changes.map(\.sourceMessageId) == ["MVT-2026-000000101/mesure/COND-2025-0042",
                                                   "MVT-2026-000000106/mesure/COND-2025-0042"])
        #expect(changes.map { $0.payload.measure?.status } == [.suspendue, .enCours])
        #expect(Set(changes.compactMap { $0.payload.measure?.id }).count == 1)
        // Each status change follows the movement that caused it, about the same person.
        let ecrou = try #require(envelopes.firstIndex { $0.sourceMessageId == "MVT-2026-000000101" })
        #expect(envelopes.firstIndex { $0.kind == .measureStatusChanged } ?? 0 > ecrou)
        #expect(changes.allSatisfy { $0.subject.personId == envelopes[ecrou].subject.personId })
        // MODELE's conviction has a suspended part too, but a transfer or an escape changes no measure.
        #expect(!changes.contains { $0.sourceMessageId.hasPrefix("MVT-2026-000000104") })
    }

    @Test func aFicheIsReportedOnceAPageAndNotAgainWhenUnchanged() throws {
        let first = try translatedCase001()
        let updates = first.envelopes.filter { $0.kind == .penalRecordUpdated }
        #expect(updates.count == 2)
        #expect(updates.allSatisfy { $0.payload.penalRecord?.version == 1 && $0.payload.penalRecord?.changedFields == nil })
        #expect(first.penalRecords.map(\.personKey).sorted()
            == ["genesis:31004@MA-NANCY-MAXEVILLE", "genesis:45872@MA-NANCY-MAXEVILLE"])
        let stored = Dictionary(uniqueKeysWithValues: first.penalRecords.map { ($0.personKey, $0) })
        let again = try translatedCase001(previous: stored)
        #expect(again.envelopes.filter { $0.kind == .penalRecordUpdated }.isEmpty)
        #expect(again.penalRecords.isEmpty)
        #expect(again.envelopes.filter { $0.kind == .custodyMovement }.count == 6)
    }

    @Test func aChangedFicheIsTheNextVersionNamingWhatChanged() throws {
        let before = try adapter.readFiche(bytes("cases/004-fiche-penale-with-two-ecrou-numbers/message.xml"))
        let after = try adapter.readFiche(bytes("cases/005-fiche-penale-changed-only-in-its-projected-release-date/message.xml"))
        let page = try page("cases/001-page-with-each-movement-kind/message.xml")
        let first = try adapter.translate(page, fiches: ["31004": before, "7781": before], previous: [:])
        let stored = Dictionary(uniqueKeysWithValues: first.penalRecords.map { ($0.personKey, $0) })
        let second = try adapter.translate(page, fiches: ["31004": after, "7781": after], previous: stored)
        let update = try #require(second.envelopes.first { $0.kind == .penalRecordUpdated })
        #expect(update.payload.penalRecord?.version == 2)
        #expect(update.payload.penalRecord?.changedFields == ["dpl"])
        #expect(second.penalRecords.first?.version == 2)
    }

    @Test func anExpiredCursorGivesTheInstantToReadAgainFrom() throws {
        let answer = try adapter.readFeed(bytes("cases/003-cursor-expired/message.xml"))
        #expect(answer == .expired(cursor: "c-000000000047", resyncFrom: "2026-11-02T00:00:00+01:00"))
    }

    @Test func aFicheIsNotAPage() throws {
        #expect(throws: InboundRejection.self) {
            try adapter.readFeed(bytes("cases/004-fiche-penale-with-two-ecrou-numbers/message.xml"))
        }
    }

    @Test func requestsCarryTheCursorOrTheInstantEscaped() throws {
        let polling = GenesisPolling(url: "http://genesis.invalid/api", pageSize: 50)
        #expect(polling.pageRequest(cursor: "c-1", since: nil)?.url == "http://genesis.invalid/api/mouvements?taille=50&curseur=c-1")
        #expect(polling.pageRequest(cursor: nil, since: "2026-11-02T00:00:00+01:00")?.url
            == "http://genesis.invalid/api/mouvements?taille=50&depuis=2026-11-02T00%3A00%3A00%2B01%3A00")
        #expect(polling.ficheRequest(numeroEcrou: "7781")?.url == "http://genesis.invalid/api/fiches/7781")
        #expect(GenesisPolling().pageRequest(cursor: nil, since: nil) == nil)
    }

    @Test(arguments: [["page_size": "0"], ["page_size": "1001"], ["url": "ftp://genesis"], ["resync_from": "2026-11-02"],
                      ["backoff_base_ms": "-5"]])
    func badSettingsAreRefusedSayingWhich(_ values: [String: String]) throws {
        let definition = GenesisAdapter.definition
        do {
            let given = ["url": "http://genesis.invalid"].merging(values) { _, bad in bad }
            let settings = try AdapterSettings.resolve(adapter: "genesis", fields: definition.fields, values: given,
                                                       environment: [:])
            _ = try definition.make(settings)
            Issue.record("accepted \(values)")
        } catch {
            #expect(String(describing: error).contains(values.keys.first ?? "?"))
        }
    }

    @Test func theFeedURLIsRequired() {
        let definition = GenesisAdapter.definition
        #expect(throws: AdapterSettingsError.self) {
            try AdapterSettings.resolve(adapter: "genesis", fields: definition.fields, values: [:], environment: [:])
        }
    }
}
