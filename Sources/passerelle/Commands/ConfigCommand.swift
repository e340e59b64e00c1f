import ArgumentParser
import Server

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check configuration files.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read and cross-check a configuration file.")
        @Argument(help: "The file to check.") var file: String

        func run() async throws {
            do {
                let config = try PasserelleConfig.load(path: file)
                try config.validate(file: file, knownAdapters: GatewayApp.catalogue.map(\.name))
                print("\(file): ok (\(config.destinations.count) destinations, \(config.routes.count) routes)")
            } catch {
                print("\(error)")
                throw ExitCode(1)
            }
        }
    }
}
