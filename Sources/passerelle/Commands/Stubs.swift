import ArgumentParser
import ContractKit
import Foundation

struct Stubs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stand-ins for external systems, answering from their contract cases, for development and tests.",
        subcommands: [Serve.self])

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a stub that answers from contracts/<system>/cases and records what it receives.",
            discussion: """
                GET /_stub/requests shows what it received (DELETE resets). Faults, from --fault or per request from an \
                X-Stub-Fault header: latency=200ms, latency=50ms..300ms, error=30%:503, reset, reset=20%, truncate, \
                hang, hang=30s, drip=100ms, none. --system sms serves the SMS provider stub instead: both provider profiles, \
                signed receipts scripted by the number's last digits, POST /_stub/replies, and the accept-hang fault \
                (contracts/sms/README.md).
                """)
        @OptionGroup var location: ContractsLocation
        @Option(help: "The system to stand in for: a folder under contracts/, e.g. home.") var system: String
        @Option(help: "The port to listen on (0 picks a free one).") var port: Int
        @Option(help: "A fault to inject, e.g. error=30%:503 or latency=50ms..300ms; repeat for several.")
        var fault: [String] = []
        @Option(help: "Seed of the random faults, to replay a run (default: random, printed).") var seed: UInt64?
        @Option(help: "sms: where JSON-profile receipts and replies are posted, e.g. http://127.0.0.1:8080/sms/callbacks/json.")
        var eventsURL: String?
        @Option(help: "sms: where Twilio-profile inbound replies are posted.") var replyURL: String?
        @Option(help: "sms: environment variable holding the Twilio auth token (default: the contract's synthetic token).")
        var twilioTokenEnv: String?
        @Option(help: "sms: environment variable holding the JSON API key.") var jsonAPIKeyEnv: String?
        @Option(help: "sms: environment variable holding the JSON webhook secret.") var jsonWebhookSecretEnv: String?
        @Option(help: "sms: milliseconds before each receipt.") var receiptDelayMs: Int = 200

        func run() async throws {
            if system == "sms" { return try await serveSMS() }
            let library = try location.load()
            let stub: ContractStub
            do {
                let faults = try StubFaults(parsing: fault.joined(separator: ","))
                stub = try ContractStub(system: try library.system(system), faults: faults,
                                        seed: seed ?? UInt64.random(in: 1...UInt64.max))
                let bound = try await stub.start(port: port)
                print("stub \(system) listening on http://127.0.0.1:\(bound) (\(stub.system.cases.count) cases, faults \(faults), seed \(stub.seed))")
                // Scripts wait for this line to know the port; output is block-buffered when it is a pipe.
                fflush(nil)
            } catch let error as ContractError {
                throw ValidationError(error.description)
            }
            try await stub.wait()
        }

        /// The SMS provider stub: both profiles, signed receipts, handset replies (`POST /_stub/replies`).
        private func serveSMS() async throws {
            let stub: SMSProviderStub
            do {
                var configuration = try SMSStubConfiguration(environment: ProcessInfo.processInfo.environment,
                                                             twilioTokenEnv: twilioTokenEnv, jsonAPIKeyEnv: jsonAPIKeyEnv,
                                                             jsonWebhookSecretEnv: jsonWebhookSecretEnv)
                configuration.eventsURL = eventsURL
                configuration.replyURL = replyURL
                configuration.receiptDelayMilliseconds = receiptDelayMs
                configuration.faults = try SMSStubFaults(parsing: fault.joined(separator: ","))
                if let seed { configuration.seed = seed }
                stub = SMSProviderStub(configuration: configuration)
            } catch {
                throw ValidationError(error.description)
            }
            let bound = try await stub.start(port: port)
            print("stub sms listening on http://127.0.0.1:\(bound) (Twilio and JSON profiles, faults \(stub.configuration.faults), "
                  + "seed \(stub.seed))")
            fflush(nil)
            try await stub.wait()
        }
    }
}
