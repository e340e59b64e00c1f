import Foundation
import Gateway
import Testing

/// The poll cursor moves with the messages of its page, all or nothing, whichever database is behind the store.
@Suite struct PollCursorTests {
    let feed = "genesis"

    /// One page of the feed: the units' messages, read from `from`, the next page starting at `to`.
    func page(_ sources: [String], from: String?, to: String, content: String = "same") -> AcceptUnit {
        let units = sources.map { Fixtures.unit($0, subject: Fixtures.subject(7), content: content) }
        return AcceptUnit(messages: units.flatMap(\.messages), audit: units.flatMap(\.audit),
                          conflictAudit: units.flatMap(\.conflictAudit),
                          cursor: CursorAdvance(adapter: feed, from: from, to: to))
    }

    @Test(arguments: StoreKind.allCases)
    func theCursorAdvancesInTheTransactionOfItsMessages(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            #expect(try await store.pollCursor(adapter: feed) == nil)
            let first = try await store.accept(page(["mvt-1", "mvt-2"], from: nil, to: "c-2"))
            guard case .stored(let ids) = first else { Issue.record("not stored: \(first)"); return }
            #expect(ids.count == 2)
            #expect(try await store.pollCursor(adapter: feed) == "c-2")
            _ = try await store.accept(page(["mvt-3"], from: "c-2", to: "c-3"))
            #expect(try await store.pollCursor(adapter: feed) == "c-3")
            #expect(try await store.pollCursor(adapter: "another-feed") == nil)
            #expect(try await store.counts() == StoreCounts(messages: 3, deliveries: 3, audit: 3))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aStaleFromChangesNothingAndStoresNothing(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            _ = try await store.accept(page([], from: nil, to: "c-1"))
            await #expect(throws: CursorMoved(adapter: feed, expected: nil, found: "c-1")) {
                try await store.accept(page(["mvt-1"], from: nil, to: "c-9"))
            }
            await #expect(throws: CursorMoved(adapter: feed, expected: "c-0", found: "c-1")) {
                try await store.accept(page(["mvt-1"], from: "c-0", to: "c-9"))
            }
            #expect(try await store.pollCursor(adapter: feed) == "c-1")
            #expect(try await store.counts() == StoreCounts(messages: 0, deliveries: 0, audit: 0))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anEmptyPageAdvancesTheCursorAlone(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { (store: any Store) async throws in
            #expect(try await store.accept(page([], from: nil, to: "c-1")) == .stored([]))
            #expect(try await store.accept(page([], from: "c-1", to: "c-2")) == .stored([]))
            #expect(try await store.pollCursor(adapter: feed) == "c-2")
            #expect(try await store.counts() == StoreCounts(messages: 0, deliveries: 0, audit: 0))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aPageReadAgainAfterAResyncMovesTheCursorWithoutStoringTwice(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            guard case .stored(let ids) = try await store.accept(page(["mvt-1"], from: nil, to: "c-1")) else {
                Issue.record("first page not stored"); return
            }
            // The feed said the cursor expired; the poller re-reads from a date and meets mvt-1 again.
            #expect(try await store.accept(page(["mvt-1"], from: "c-1", to: "resync-1")) == .duplicate(ids))
            #expect(try await store.pollCursor(adapter: feed) == "resync-1")
            #expect(try await store.counts().messages == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aFailedUnitLeavesTheCursorWhereItWas(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        try await database.with { store in
            _ = try await store.accept(page(["mvt-1"], from: nil, to: "c-1"))
            // A source id reused with other content: the unit is refused, its cursor advance with it.
            let conflicting = page(["mvt-2", "mvt-1"], from: "c-1", to: "c-3", content: "other")
            guard case .conflict = try await store.accept(conflicting) else {
                Issue.record("not refused"); return
            }
            // A unit that fails mid-way, after its cursor moved and its first message was written (two deliveries
            // with one id break a unique constraint): the write is undone as a crash would leave it.
            var broken = page(["mvt-4", "mvt-5"], from: "c-1", to: "c-5")
            broken.messages[1].deliveries[0].id = broken.messages[0].deliveries[0].id
            await #expect(throws: (any Error).self) { try await store.accept(broken) }
            #expect(try await store.pollCursor(adapter: feed) == "c-1")
            #expect(try await store.counts().messages == 1)
            #expect(try await store.message(id: broken.messages[0].id) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func twoInstancesPollingOnePageStoreItOnce(_ kind: StoreKind) async throws {
        let database = try await StoreUnderTest.make(kind)
        let instances = [try await database.open(), try await database.open()]
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for round in 0..<8 {
                let store = instances[round % instances.count]
                // Each instance read the page separately and drew its own message ids.
                let unit = page(["mvt-\(round)"], from: nil, to: "c-1")
                group.addTask { (try? await store.accept(unit)) != nil }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await instances[0].counts().messages == 1)
        #expect(try await instances[1].pollCursor(adapter: feed) == "c-1")
        for store in instances { await database.close(store) }
    }
}
