import Foundation

/// Several providers in order of preference. A send moves to the next provider only when the current one surely
/// did not take the message and cannot for now (not processed, unreachable, misconfigured); never after an uncertain
/// answer, which could mean two SMS. The dispatch names the provider that answered, for the lookup.
public struct FailoverProvider: SMSProvider {
    public let name: String
    public let providers: [any SMSProvider]

    /// `providers` in order of preference; with none, every send is a configuration error.
    public init(name: String, providers: [any SMSProvider]) {
        self.name = name
        self.providers = providers
    }

    public func dispatch(_ message: ProviderMessage) async -> ProviderDispatch {
        var last: ProviderDispatch?
        for provider in providers {
            let dispatch = await provider.dispatch(message)
            guard Self.mayTryNext(dispatch.result) else { return dispatch }
            last = dispatch
        }
        // Every provider declined; the last answer says why (the caller retries later or alerts ops).
        return last ?? ProviderDispatch(provider: name, result: .configuration(reason: "no SMS provider is configured"))
    }

    /// Only answers that prove the message was not taken let another provider try.
    static func mayTryNext(_ result: ProviderSendResult) -> Bool {
        switch result {
        case .notProcessed, .configuration: true
        case .accepted, .uncertain, .permanent, .optedOut: false
        }
    }

    public func send(_ message: ProviderMessage) async -> ProviderSendResult {
        await dispatch(message).result
    }

    public func lookup(_ message: ProviderMessage, since: Date, at provider: String) async -> ProviderLookup {
        for member in providers {
            if member.name == provider { return await member.lookup(message, since: since) }
        }
        for member in providers {
            let answer = await member.lookup(message, since: since, at: provider)
            if case .unavailable = answer { continue }
            return answer
        }
        return .unavailable(reason: "no provider named \(provider) in \(name)")
    }

    /// Without knowing which provider answered: found at any of them, or not found at all of them.
    public func lookup(_ message: ProviderMessage, since: Date) async -> ProviderLookup {
        var notFound = true
        var reasons: [String] = []
        for provider in providers {
            switch await provider.lookup(message, since: since) {
            case .found(let id, let status): return .found(providerMessageId: id, status: status)
            case .notFound: continue
            case .unavailable(let reason):
                notFound = false
                reasons.append("\(provider.name): \(reason)")
            }
        }
        return notFound ? .notFound : .unavailable(reason: reasons.joined(separator: "; "))
    }
}
