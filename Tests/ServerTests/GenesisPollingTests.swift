import ContractKit
import Foundation
import Gateway
import LocalPostgres
import Server
import Testing

/// GENESIS is polled: movements in its feed reach the home system once each and in order per person, through
/// outages, expired cursors, and the adapter being disabled and enabled again.
@Suite(.serialized) struct GenesisPollingTests {
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-genesis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func eventually(_ seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    static func ready(_ port: Int) async throws -> String {
        try await HTTPExchange.send(.GET, "http://127.0.0.1:\(port)/health/ready", token: nil, body: nil, contentType: nil).body
    }

    @Test func movementsInTheFeedReachTheHomeSystemOnceEachInOrderPerPerson() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = HomeStub()
        let homePort = try await home.start()
        let feed = GenesisFeed.movements(120, persons: 12)
        let genesis = GenesisFeedStub(movements: feed)
        let genesisPort = try await genesis.start()
        let (app, _) = try await GenesisFeed.gateway(directory: directory, homePort: homePort, genesisPort: genesisPort, pageSize: 25)

        #expect(try await Self.eventually(60) { GenesisFeed.received(home).count >= feed.count })
        // The cursor expires: GENESIS sends everything again from the start; nothing arrives twice.
        genesis.expireCursors(resyncFrom: "2026-11-01T00:00:00+01:00")
        let more = GenesisFeed.movements(30, persons: 12, offset: 120)
        genesis.append(more)
        #expect(try await Self.eventually(60) { GenesisFeed.received(home).count >= feed.count + more.count })
        #expect(try await Self.eventually(30) { try await app.store.queueStats(now: Date()).allSatisfy { $0.pending + $0.inFlight == 0 } })
        #expect(GenesisFeed.problems(home, expected: feed + more) == [])
        #expect(GenesisFeed.received(home).count == feed.count + more.count)
        // One fiche per person, first seen: one penal-record.updated each, and the transferred keep one person id.
        let updates = home.accepted.filter { $0.kind == "penal-record.updated" }
        #expect(updates.count == 12)
        // A polled movement comes without a trace: each message starts its own, sent with its delivery.
        let traces = home.accepted.map { TraceContext(traceparent: $0.traceparent, tracestate: nil)?.traceId }
        #expect(!traces.contains(nil))
        #expect(Set(traces).count == home.accepted.count)
        #expect(Set(GenesisFeed.received(home).map(\.personId)).count == 12)
        let resyncs = try await app.store.auditEntries(afterSeq: 0, limit: 100_000).filter { $0.outcome == "resync" }
        #expect(resyncs.count == 1)

        await app.stop()
        await genesis.stop()
        await home.stop()
    }

    @Test func aLongOutageIsReportedThenTenThousandMovementsArriveOnceEachInOrder() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = HomeStub()
        let homePort = try await home.start()
        let genesisPort = try GatewayProcess.freePort()
        // GENESIS is down: nothing listens on its port.
        let (app, port) = try await GenesisFeed.gateway(directory: directory, homePort: homePort, genesisPort: genesisPort,
                                                        pageSize: 500)
        #expect(try await Self.eventually(30) {
            try await Self.ready(port).contains("adapter genesis: enabled, queued 0, dead 0, degraded (polling: GENESIS unreachable")
        })
        let feed = GenesisFeed.movements(10_000, persons: 400)
        let genesis = GenesisFeedStub(movements: feed)
        _ = try await genesis.start(port: genesisPort)

        #expect(try await Self.eventually(600) { GenesisFeed.received(home).count >= feed.count })
        #expect(try await Self.eventually(60) { try await app.store.queueStats(now: Date()).allSatisfy { $0.pending + $0.inFlight == 0 } })
        #expect(GenesisFeed.problems(home, expected: feed) == [])
        #expect(try await Self.ready(port).contains("adapter genesis: enabled, queued 0, dead 0, ok"))

        await app.stop()
        await genesis.stop()
        await home.stop()
    }

    /// GENESIS failing in two ways: answering an error, or accepting the connection and never answering (the
    /// poller's deadline, timeout_ms, ends each request).
    static let outages: [(fault: String, health: String)] = [
        ("error=100%:503", "degraded (polling: GENESIS answered HTTP 503"),
        ("hang=60s", "degraded (polling: GENESIS unreachable (feed)"),
    ]

    @Test(arguments: outages)
    func aGenesisOutageIsReportedAndNothingIsStoredUntilItAnswers(fault: String, health: String) async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = HomeStub()
        let homePort = try await home.start()
        let feed = GenesisFeed.movements(10, persons: 2)
        let genesis = GenesisFeedStub(movements: feed, faults: try StubFaults(parsing: fault))
        let genesisPort = try await genesis.start()
        let (app, port) = try await GenesisFeed.gateway(directory: directory, homePort: homePort, genesisPort: genesisPort)
        #expect(try await Self.eventually(30) { try await Self.ready(port).contains(health) })
        #expect(try await app.store.counts().messages == 0)
        #expect(try await app.store.pollCursor(adapter: "genesis") == nil)
        genesis.setFaults(.none)
        #expect(try await Self.eventually(60) { GenesisFeed.received(home).count >= feed.count })
        #expect(GenesisFeed.problems(home, expected: feed) == [])
        await app.stop()
        await genesis.stop()
        await home.stop()
    }

    @Test func aFicheChangedWithoutANewVersionStopsThePageAndIsReportedWithoutItsIds() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = HomeStub()
        let homePort = try await home.start()
        let first = GenesisFeed.movements(1, persons: 1)
        let genesis = GenesisFeedStub(movements: first)
        let genesisPort = try await genesis.start()
        let (app, port) = try await GenesisFeed.gateway(directory: directory, homePort: homePort, genesisPort: genesisPort)
        #expect(try await Self.eventually(30) { GenesisFeed.received(home).count == 1 })
        let cursor = try await app.store.pollCursor(adapter: "genesis")
        // GENESIS changes the fiche (a DPL) but not its miseAJourLe: the update would reuse the first one's id.
        let fiche = """
            <fichePenale xmlns="urn:fr:justice:genesis:detention:v1" version="1">
            <entete><emetteur>GENESIS</emetteur><genereLe>2026-11-01T00:00:00+01:00</genereLe></entete>
            <miseAJourLe>2026-11-01T00:00:00+01:00</miseAJourLe>
            <identite><nom>FICTIF0</nom><prenoms>Essai</prenoms><dateNaissance>1980-01-01</dateNaissance></identite>
            <ecrous><ecrou role="initial-et-actuel"><numeroEcrou>10000</numeroEcrou><etablissement>MA-NANCY-MAXEVILLE</etablissement>
            <dateHeureEcrou>2026-11-01T00:00:00+01:00</dateHeureEcrou></ecrou></ecrous>
            <titresDetention><titre><nature>MANDAT_DEPOT</nature><juridiction>TJ fictif</juridiction><date>2026-11-01</date></titre></titresDetention>
            <condamnations/><detentionProvisoireImputeeJours>0</detentionProvisoireImputeeJours><reductions/>
            <dateLiberationPrevisible>2027-01-01</dateLiberationPrevisible><amenagements/><incidents/></fichePenale>
            """
        genesis.setFiche(numeroEcrou: "10000", Array(fiche.utf8))
        genesis.append(GenesisFeed.movements(1, persons: 1, offset: 1))
        #expect(try await Self.eventually(30) {
            try await Self.ready(port).contains("degraded (polling: page not stored: a GENESIS id was already stored with other content")
        })
        let ready = try await Self.ready(port)
        #expect(!ready.contains("10000") && !ready.contains("MVT-") && !ready.contains("FICTIF"))
        #expect(try await app.store.pollCursor(adapter: "genesis") == cursor)
        #expect(GenesisFeed.received(home).count == 1)
        await app.stop()
        await genesis.stop()
        await home.stop()
    }

    @Test func disablingStopsThePollerAndEnablingResumesFromTheStoredCursor() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = HomeStub()
        let homePort = try await home.start()
        let first = GenesisFeed.movements(20, persons: 4)
        let genesis = GenesisFeedStub(movements: first)
        let genesisPort = try await genesis.start()
        let (app, _) = try await GenesisFeed.gateway(directory: directory, homePort: homePort, genesisPort: genesisPort)
        #expect(try await Self.eventually(60) { GenesisFeed.received(home).count >= first.count })

        let ops = AuditActor(id: "ops-test", function: "ops")
        _ = try await app.store.setAdapterState(name: "genesis", mode: .disabled, actor: ops, reason: "maintenance", now: Date())
        #expect(try await Self.eventually(30) { app.polling.state(of: "genesis") == .stopped })
        let cursor = try await app.store.pollCursor(adapter: "genesis")
        let asked = genesis.requests
        let second = GenesisFeed.movements(10, persons: 4, offset: 20)
        genesis.append(second)
        // Stopped: it asks GENESIS nothing, whatever waits in the feed.
        #expect(app.polling.state(of: "genesis") == .stopped)
        #expect(genesis.requests == asked)
        #expect(try await app.store.pollCursor(adapter: "genesis") == cursor)

        _ = try await app.store.setAdapterState(name: "genesis", mode: .enabled, actor: ops, reason: "back", now: Date())
        #expect(try await Self.eventually(60) { GenesisFeed.received(home).count >= first.count + second.count })
        #expect(GenesisFeed.problems(home, expected: first + second) == [])
        #expect(GenesisFeed.received(home).count == first.count + second.count)
        await app.stop()
        await genesis.stop()
        await home.stop()
    }

    @Test func twoInstancesPollingOneFeedOnPostgreSQLStoreEachMovementOnce() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try await LocalPostgres.shared.makeDatabase(prefix: "genesis")
        let home = HomeStub()
        let homePort = try await home.start()
        let feed = GenesisFeed.movements(600, persons: 30)
        let genesis = GenesisFeedStub(movements: feed)
        let genesisPort = try await genesis.start()
        // Both instances read the same pages; the cursor's compare-and-set lets one store each.
        let (first, _) = try await GenesisFeed.gateway(directory: directory, homePort: homePort, genesisPort: genesisPort,
                                                       pageSize: 20, store: "{postgres: \"\(url)\"}")
        let (second, _) = try await GenesisFeed.gateway(directory: directory, homePort: homePort, genesisPort: genesisPort,
                                                        pageSize: 20, store: "{postgres: \"\(url)\"}")
        #expect(try await Self.eventually(120) { GenesisFeed.received(home).count >= feed.count })
        #expect(try await Self.eventually(60) { try await first.store.queueStats(now: Date()).allSatisfy { $0.pending + $0.inFlight == 0 } })
        #expect(GenesisFeed.problems(home, expected: feed) == [])
        #expect(try await first.store.counts().messages == feed.count + 30)
        await first.stop()
        await second.stop()
        await genesis.stop()
        await home.stop()
    }
}
