import Foundation
import Gateway
import LocalPostgres
import StorePostgres
import Testing

/// What only the shared store does: it refuses an unsafe server, and one instance's start leaves others' leases.
@Suite struct PostgresOnlyTests {
    @Test func refusesToStartWhenSynchronousCommitIsOff() async throws {
        let url = try await LocalPostgres.shared.makeDatabase(prefix: "unsafe")
        let location = try PostgresLocation(url: url, passwordVariable: nil, environment: [:])
        try await LocalPostgres.shared.execute("ALTER DATABASE \(location.database) SET synchronous_commit = off",
                                               database: location.database)
        do {
            let store = try await PostgresStore.open(location)
            await store.close()
            Issue.record("opened a store whose commits are not durable")
        } catch {
            #expect("\(error)".contains("refusing to start"))
            #expect("\(error)".contains("synchronous_commit=on (found off"))
        }
    }

    @Test func aStartingInstanceLeavesTheLeasesOfRunningOnes() async throws {
        let database = try await StoreUnderTest.make(.postgres)
        let running = try await database.open()
        _ = try await running.accept(Fixtures.unit("leased"))
        let claimed = try await running.claim(destination: "appi-spip", owner: "running", leaseMilliseconds: 60_000,
                                              limit: 1, now: Fixtures.t0)
        let leased = try #require(claimed.first)
        let starting = try await database.open()
        #expect(try await starting.recoverAtStartup() == 0)
        #expect(try await starting.delivery(id: leased.id)?.status == .inFlight)
        #expect(try await running.recordAttempt(Fixtures.record(leased, owner: "running", status: .delivered)))
        await database.close(running)
        await database.close(starting)
    }

    @Test func theURLNeverCarriesThePasswordAndErrorsNeverShowIt() throws {
        #expect(throws: StoreLocationError.self) {
            _ = try PostgresLocation(url: "postgres://app:hunter2-synthetic@db/passerelle", passwordVariable: nil,
                                     environment: [:])
        }
        do {
            _ = try PostgresLocation(url: "postgres://app:hunter2-synthetic@db/passerelle", passwordVariable: nil,
                                     environment: [:])
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
        let location = try PostgresLocation(url: "postgres://app@db.example:6432/passerelle", passwordVariable: "PG_PASS",
                                            environment: ["PG_PASS": "synthetic-secret"])
        #expect(location.description == "postgres://app@db.example:6432/passerelle?sslmode=require")
        #expect(!"\(location)".contains("synthetic-secret"))
        #expect(throws: StoreLocationError.self) {
            _ = try PostgresLocation(url: "postgres://app@db/passerelle", passwordVariable: "PG_PASS", environment: [:])
        }
    }
}
