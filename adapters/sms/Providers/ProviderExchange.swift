import Foundation
import Gateway

/// The pure halves of a provider's calls: the request it makes and how it reads what came back. The provider runs
/// them around its transport; contract replay runs them alone, against recorded answers.
public protocol ProviderExchange: Sendable {
    /// The request that sends `message`.
    func sendRequest(for message: ProviderMessage) -> OutboundRequest
    /// Reads the answer to a send (or its absence).
    func sendResult(_ result: TransportResult) -> ProviderSendResult
    /// The request that looks `message` up, for a send no earlier than `since`.
    func lookupRequest(for message: ProviderMessage, since: Date) -> OutboundRequest
    /// Reads the answer to a lookup of `message`.
    func lookupResult(_ result: TransportResult, for message: ProviderMessage) -> ProviderLookup
}

extension ProviderExchange {
    /// Sends `message` through `transport` and reads the answer; a reference the provider could not carry is refused
    /// before anything leaves.
    func send(_ message: ProviderMessage, through transport: any Transport, timeoutMilliseconds: Int) async -> ProviderSendResult {
        guard ProviderIdentifiers.isReference(message.reference) else {
            return .permanent(reason: "the reference is not 1 to 40 letters, digits or hyphens", code: nil)
        }
        return sendResult(await transport.send(sendRequest(for: message), timeoutMilliseconds: timeoutMilliseconds))
    }

    /// Looks `message` up through `transport` and reads the answer.
    func lookup(_ message: ProviderMessage, since: Date, through transport: any Transport,
                timeoutMilliseconds: Int) async -> ProviderLookup {
        lookupResult(await transport.send(lookupRequest(for: message, since: since), timeoutMilliseconds: timeoutMilliseconds),
                     for: message)
    }
}
