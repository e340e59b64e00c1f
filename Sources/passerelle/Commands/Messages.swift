import ArgumentParser
import Foundation
import Gateway

struct Messages: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stored messages and their status per destination.", subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One message and each of its deliveries.")
        @Argument(help: "The message id (as answered by POST /v1/messages).") var id: String
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let store = try await options.openStore()
            guard let message = try await store.message(id: id.lowercased()) else {
                throw ValidationError("no message \(id)")
            }
            print("message \(message.id) \(message.kind) from \(message.sourceSystem)/\(message.sourceSite) "
                + "(source id \(message.sourceMessageId)), received \(iso(message.receivedAt))")
            printTable(["DELIVERY", "DESTINATION", "STATUS", "ATTEMPTS", "DELIVERED", "LAST ERROR"],
                       try await store.deliveries(messageId: message.id).map {
                           [$0.id, $0.destination, $0.status.rawValue, String($0.attempts), iso($0.deliveredAt),
                            $0.lastError ?? "-"]
                       })
        }
    }
}
