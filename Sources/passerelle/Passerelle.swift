import ArgumentParser

@main
struct Passerelle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passerelle",
        abstract: "Passerelle, the integration gateway between the probation case system and the justice systems.",
        discussion: """
            Every command reads the configuration file given by --config (default: passerelle.yaml, \
            or the PASSERELLE_CONFIG environment variable). Secrets are read from the environment variables it names.
            """,
        version: "passerelle \(BuildInfo.version) (commit \(BuildInfo.commit))",
        subcommands: [Serve.self, Migrate.self, Adapters.self, Deliveries.self, Messages.self, Audit.self, ConfigCommand.self,
                      Stubs.self, Contracts.self, SMS.self, Phone.self])
}
