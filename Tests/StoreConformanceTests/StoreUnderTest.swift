import Foundation
import Gateway
import LocalPostgres
import StorePostgres
import StoreSQLite

/// The two implementations of `Store`; every conformance test runs against both.
enum StoreKind: String, CaseIterable, Sendable {
    case sqlite, postgres
}


/// One empty database of a kind, which can be opened several times (several gateway instances sharing it).
struct StoreUnderTest: Sendable {
    let kind: StoreKind
    /// The SQLite file, or the PostgreSQL URL.
    let location: String

    static func make(_ kind: StoreKind) async throws -> StoreUnderTest {
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return StoreUnderTest(kind: kind, location: folder.appendingPathComponent("store.sqlite").path)
        case .postgres:
            return StoreUnderTest(kind: kind, location: try await LocalPostgres.shared.makeDatabase(prefix: "conformance"))
        }
    }

    /// Opens one handle (one "instance") on the database.
    func open(clock: @escaping @Sendable () -> Date = { Date() }) async throws -> any Store {
        switch kind {
        case .sqlite: return try SQLiteStore(path: location, clock: clock)
        case .postgres:
            return try await PostgresStore.open(PostgresLocation(url: location, passwordVariable: nil, environment: [:]),
                                                clock: clock)
        }
    }

    func close(_ store: any Store) async {
        if let postgres = store as? PostgresStore { await postgres.close() }
    }

    /// Opens a handle, runs `body`, and closes it whatever happens.
    func with<R>(_ body: (any Store) async throws -> R) async throws -> R {
        let store = try await open()
        do {
            let result = try await body(store)
            await close(store)
            return result
        } catch {
            await close(store)
            throw error
        }
    }
}
