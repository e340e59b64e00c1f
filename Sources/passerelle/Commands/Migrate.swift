import ArgumentParser
import Server

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the store's missing schema migrations and list every migration with its state.",
        discussion: "`serve` applies them too; run this first to migrate a shared PostgreSQL database once, before "
            + "starting several instances, or to see where a store stands.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        do {
            let report = try await StoreFactory.migrate(config.store)
            print("store \(config.store.description)")
            for name in report.known {
                print("\(report.appliedNow.contains(name) ? "applied now    " : "already applied") \(name)")
            }
        } catch {
            throw ValidationError("cannot migrate the store \(config.store.description): \(error)")
        }
    }
}
