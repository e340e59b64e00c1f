import Foundation
import Gateway
import StoreSQLite

/// Opens the store the configuration names.
public enum StoreFactory {
    public static func open(_ section: PasserelleConfig.StoreSection,
                            clock: @escaping @Sendable () -> Date = { Date() }) throws -> any Store {
        try SQLiteStore(path: section.sqlite, clock: clock)
    }
}

extension PasserelleConfig.StoreSection: CustomStringConvertible {
    /// Where the data lives, without any credential.
    public var description: String { "sqlite:\(sqlite)" }
}
