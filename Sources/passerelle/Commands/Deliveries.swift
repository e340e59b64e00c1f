import ArgumentParser
import Foundation
import Gateway

struct Deliveries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliveries per destination: list them, see their attempts, replay dead letters, cancel.",
        subcommands: [List.self, Show.self, Replay.self, Cancel.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deliveries, oldest first.")
        @Option(help: "Only this status: \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
        var status: String?
        @Option(help: "Only this destination.")
        var destination: String?
        @Option(help: "At most this many rows.")
        var limit = 100
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            var wanted: DeliveryStatus?
            if let status {
                guard let parsed = DeliveryStatus(rawValue: status) else {
                    throw ValidationError("unknown status \"\(status)\"; use one of "
                        + DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))
                }
                wanted = parsed
            }
            let rows = try await options.openStore().deliveries(status: wanted, destination: destination, limit: limit)
            printTable(["DELIVERY", "MESSAGE", "DESTINATION", "STATUS", "ATTEMPTS", "LAST ERROR"],
                       rows.map { [$0.id, $0.messageId, $0.destination, $0.status.rawValue, String($0.attempts),
                                   $0.lastError ?? "-"] })
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One delivery and every attempt and ops action on it.")
        @Argument(help: "The delivery id.") var id: String
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let store = try await options.openStore()
            guard let delivery = try await store.delivery(id: id.lowercased()) else {
                throw ValidationError("no delivery \(id); `passerelle deliveries list` shows them")
            }
            print("delivery \(delivery.id) of message \(delivery.messageId) to \(delivery.destination): \(delivery.status.rawValue)")
            printTable(["ATTEMPT", "CYCLE", "OUTCOME", "HTTP", "ERROR", "AT", "BY", "REASON"],
                       try await store.attempts(deliveryId: delivery.id).map {
                           [String($0.attempt), String($0.cycle), $0.outcome, $0.httpStatus.map(String.init) ?? "-",
                            $0.error ?? "-", iso($0.startedAt), $0.actor ?? "-", $0.reason ?? "-"]
                       })
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a dead (or cancelled) delivery again, as a new attempt cycle linked to the old one.")
        @OptionGroup var change: DeliveryChange

        func run() async throws {
            let delivery = try await change.apply { store, id, actor, reason in
                try await store.replay(deliveryId: id, actor: actor, reason: reason, now: Date())
            }
            print("delivery \(delivery.id): \(delivery.status.rawValue), queued again for \(delivery.destination)")
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a pending or dead delivery; it stays on record.")
        @OptionGroup var change: DeliveryChange

        func run() async throws {
            let delivery = try await change.apply { store, id, actor, reason in
                try await store.cancel(deliveryId: id, actor: actor, reason: reason, now: Date())
            }
            print("delivery \(delivery.id): \(delivery.status.rawValue)")
        }
    }
}

/// What replay and cancel share: the delivery, the reason, who acts, and store errors said plainly.
struct DeliveryChange: ParsableArguments {
    @Argument(help: "The delivery id (see `passerelle deliveries list`).") var id: String
    @Option(help: "Why; recorded in the audit log.") var reason: String
    @OptionGroup var options: ConfigOptions
    @OptionGroup var actor: ActorOptions

    func apply(_ change: (any Store, String, AuditActor, String) async throws -> DeliverySummary) async throws -> DeliverySummary {
        do {
            return try await change(options.openStore(), id.lowercased(), actor.actor, reason)
        } catch let error as StoreError {
            throw ValidationError(error.description)
        }
    }
}
