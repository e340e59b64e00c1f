import Foundation
import Gateway
import Testing

/// The latest penal-record snapshot per person is written with its page, all or nothing, on both databases.
@Suite struct PenalRecordSnapshotTests {
    let feed = "genesis"

    func page(_ sources: [String], from: String?, to: String, records: [StoredPenalRecord],
              content: String = "same") -> AcceptUnit {
        let units = sources.map { Fixtures.unit($0, subject: Fixtures.subject(8), content: content) }
        return AcceptUnit(messages: units.flatMap(\.messages), audit: units.flatMap(\.audit),
                          conflictAudit: units.flatMap(\.conflictAudit),
                          cursor: CursorAdvance(adapter: feed, from: from, to: to), penalRecords: records)
    }

    func latest(_ store: any Store, _ person: String) async throws -> StoredPenalRecord? {
        try await store.penalRecords(personKeys: [person, "someone-else"])[person]
    }

    func record(_ person: String, version: Int, _ text: String) -> StoredPenalRecord {
        StoredPenalRecord(personKey: person, version: version, body: Array(text.utf8))
    }

    @Test(arguments: StoreKind.allCases)
    func aSnapshotIsStoredWithItsPageAndReadBack(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            #expect(try await latest(store, "genesis:31004@MA-NANCY") == nil)
            _ = try await store.accept(page(["mvt-1"], from: nil, to: "c-1",
                                            records: [record("genesis:31004@MA-NANCY", version: 1, "{\"v\":1}")]))
            #expect(try await latest(store, "genesis:31004@MA-NANCY")
                == record("genesis:31004@MA-NANCY", version: 1, "{\"v\":1}"))
            // An empty page may carry a snapshot too (a fiche read for a movement already stored).
            _ = try await store.accept(page([], from: "c-1", to: "c-2",
                                            records: [record("genesis:31004@MA-NANCY", version: 2, "{\"v\":2}")]))
            #expect(try await latest(store, "genesis:31004@MA-NANCY")?.version == 2)
            #expect(try await store.penalRecords(personKeys: []).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anOlderVersionNeverReplacesANewerOne(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            _ = try await store.accept(page([], from: nil, to: "c-1", records: [record("p", version: 5, "five")]))
            _ = try await store.accept(page([], from: "c-1", to: "c-2", records: [record("p", version: 4, "four")]))
            #expect(try await latest(store, "p") == record("p", version: 5, "five"))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aRefusedPageWritesNoSnapshot(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            _ = try await store.accept(page(["mvt-1"], from: nil, to: "c-1", records: [record("p", version: 1, "one")]))
            // A stale cursor: another poller stored this page first.
            await #expect(throws: CursorMoved.self) {
                try await store.accept(page(["mvt-2"], from: "c-0", to: "c-2", records: [record("p", version: 2, "two")]))
            }
            // A source id reused with other content: the whole unit is refused.
            let outcome = try await store.accept(page(["mvt-1"], from: "c-1", to: "c-2",
                                                      records: [record("p", version: 3, "three")], content: "other"))
            guard case .conflict = outcome else { Issue.record("expected a conflict, got \(outcome)"); return }
            #expect(try await latest(store, "p") == record("p", version: 1, "one"))
            #expect(try await store.pollCursor(adapter: feed) == "c-1")
        }
    }
}
