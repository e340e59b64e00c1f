import Gateway
import StorePostgres
import StoreSQLite

/// Reads the migration report each store keeps from its opening.
enum StoreMigrations {
    static func report(of store: any Store) -> MigrationReport? {
        (store as? SQLiteStore)?.migrations ?? (store as? PostgresStore)?.migrations
    }
}
