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
