import ArgumentParser
import Foundation
import Gateway
import Server

struct Adapters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List adapters, or switch one on, off, or pause its deliveries. The queue is always kept.",
        subcommands: [List.self, Describe.self, Enable.self, Disable.self, Pause.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each adapter's state, who set it and why, and its queue.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let config = try options.load()
            let store = try await options.openStore()
            let states = Dictionary(try await store.adapterStates().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let queues = try await store.queueStats(now: Date())
            let rows = config.adapters.keys.sorted().map { name -> [String] in
                let destinations = config.destinations.filter { $0.adapter == name }.map(\.name)
                let mine = queues.filter { destinations.contains($0.destination) }
                let mode = states[name]?.mode ?? config.defaultModes[name] ?? .disabled
                return [name, mode.rawValue, String(mine.reduce(0) { $0 + $1.pending + $1.inFlight }),
                        String(mine.reduce(0) { $0 + $1.dead }), states[name]?.actor ?? "(config)",
                        states[name]?.reason ?? "-"]
            }
            printTable(["ADAPTER", "STATE", "QUEUED", "DEAD", "BY", "REASON"], rows)
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What an adapter does and the settings it takes: defaults, which are required, which are secrets.")
        @Argument(help: "The adapter's name.") var name: String

        func run() async throws {
            guard let definition = GatewayApp.catalogue.first(where: { $0.name == name }) else {
                throw ValidationError("no adapter named \"\(name)\"; this build has: "
                    + GatewayApp.catalogue.map(\.name).joined(separator: ", "))
            }
            print("\(definition.name): \(definition.summary)")
            guard !definition.fields.isEmpty else {
                print("settings: none (its endpoint is each destination's url)")
                return
            }
            print("settings (under adapters.\(definition.name).settings; a secret is given as <name>_env: ENV_VAR):")
            printTable(["SETTING", "DEFAULT", "REQUIRED", "SECRET", "MEANING"], definition.fields.map {
                [$0.secret ? "\($0.name)_env" : $0.name, $0.defaultValue ?? "-", $0.required ? "yes" : "no",
                 $0.secret ? "yes" : "no", $0.summary]
            })
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let an adapter receive and deliver again.")
        @OptionGroup var change: StateChange
        func run() async throws { try await change.apply(.enabled) }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop an adapter: its inbound endpoint answers 503 and its deliveries wait; nothing is purged.")
        @OptionGroup var change: StateChange
        func run() async throws { try await change.apply(.disabled) }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep receiving for an adapter but hold its deliveries until it is enabled again.")
        @OptionGroup var change: StateChange
        func run() async throws { try await change.apply(.paused) }
    }
}

struct StateChange: ParsableArguments {
    @Argument(help: "The adapter's name, as in `passerelle adapters list`.")
    var name: String
    @Option(help: "Why, in a few words; recorded in the audit log.")
    var reason: String
    @OptionGroup var options: ConfigOptions
    @OptionGroup var actor: ActorOptions

    func apply(_ mode: AdapterMode) async throws {
        let config = try options.load()
        guard config.adapters[name] != nil else {
            throw ValidationError("no adapter named \"\(name)\"; configured adapters: \(config.adapters.keys.sorted().joined(separator: ", "))")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--reason must say why")
        }
        let state = try await options.openStore().setAdapterState(name: name, mode: mode, actor: actor.actor,
                                                                    reason: reason, now: Date())
        print("adapter \(state.name): \(state.mode.rawValue) (by \(state.actor ?? "-"): \(state.reason ?? "-"))")
    }
}
