import ArgumentParser
import Server

struct Stubs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stand-ins for external systems, for development and tests.", subcommands: [Serve.self])

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a stub that records what it receives (GET /_stub/requests shows it).")
        @Option(help: "The system to stand in for: home.") var system: String
        @Option(help: "The port to listen on.") var port: Int
        @Option(help: "Status to answer with (default 200).") var status = 200

        func run() async throws {
            guard system == "home" else { throw ValidationError("no stub for \"\(system)\"; available: home") }
            let stub = HomeStub()
            stub.setDefaultStatus(status)
            let bound = try await stub.start(port: port)
            print("stub \(system) listening on http://127.0.0.1:\(bound)/webhook")
            try await stub.wait()
        }
    }
}
