import Foundation
import SMSAdapter
import Synchronization
import Testing

/// A provider that answers as told and counts its calls.
final class FakeProvider: SMSProvider {
    let name: String
    private let result: ProviderSendResult
    private let found: ProviderLookup
    private let counts = Mutex((sends: 0, lookups: 0))

    init(_ name: String, _ result: ProviderSendResult, lookup: ProviderLookup = .notFound) {
        self.name = name
        self.result = result
        self.found = lookup
    }

    var sendCount: Int { counts.withLock { $0.sends } }
    var lookupCount: Int { counts.withLock { $0.lookups } }

    func send(_ message: ProviderMessage) async -> ProviderSendResult {
        counts.withLock { $0.sends += 1 }
        return result
    }

    func lookup(_ message: ProviderMessage, since: Date) async -> ProviderLookup {
        counts.withLock { $0.lookups += 1 }
        return found
    }
}

/// Failover moves on only when the message surely was not taken; never after an uncertain answer.
@Suite struct FailoverTests {
    let message = ProviderMessage(reference: "notif-0001", to: "+33639980001", text: "Rappel", validitySeconds: 600)
    let accepted = ProviderSendResult.accepted(providerMessageId: "SM1", segments: 1)

    @Test(arguments: [
        ProviderSendResult.notProcessed(reason: "429", retryAfterSeconds: nil),
        .notProcessed(reason: "connection refused", retryAfterSeconds: nil),
        .configuration(reason: "20003"),
    ])
    func movesToTheNextProviderWhenTheFirstSurelyDidNotTakeIt(first: ProviderSendResult) async {
        let primary = FakeProvider("primary", first), secondary = FakeProvider("secondary", accepted)
        let dispatch = await FailoverProvider(name: "sms", providers: [primary, secondary]).dispatch(message)
        #expect(dispatch == ProviderDispatch(provider: "secondary", result: accepted))
        #expect(primary.sendCount == 1 && secondary.sendCount == 1)
    }

    @Test(arguments: [
        ProviderSendResult.uncertain(reason: "read timeout"), .permanent(reason: "21211", code: "21211"),
        .optedOut(reason: "21610"), .accepted(providerMessageId: "SM0", segments: nil),
    ])
    func neverMovesOnAfterUncertainOrAFinalAnswer(first: ProviderSendResult) async {
        let primary = FakeProvider("primary", first), secondary = FakeProvider("secondary", accepted)
        let dispatch = await FailoverProvider(name: "sms", providers: [primary, secondary]).dispatch(message)
        #expect(dispatch == ProviderDispatch(provider: "primary", result: first))
        #expect(secondary.sendCount == 0)
    }

    @Test func whenEveryProviderDeclinesTheLastAnswerIsReturned() async {
        let last = ProviderSendResult.configuration(reason: "bad key")
        let dispatch = await FailoverProvider(name: "sms", providers: [
            FakeProvider("primary", .notProcessed(reason: "429", retryAfterSeconds: 5)), FakeProvider("secondary", last),
        ]).dispatch(message)
        #expect(dispatch == ProviderDispatch(provider: "secondary", result: last))
    }

    @Test func lookupAsksTheProviderThatAnswered() async {
        let primary = FakeProvider("primary", accepted, lookup: .notFound)
        let secondary = FakeProvider("secondary", accepted, lookup: .found(providerMessageId: "msg-1", status: .delivered))
        let failover = FailoverProvider(name: "sms", providers: [primary, secondary])
        #expect(await failover.lookup(message, since: Date(), at: "secondary") == .found(providerMessageId: "msg-1", status: .delivered))
        #expect(primary.lookupCount == 0)
        #expect(await failover.lookup(message, since: Date(), at: "primary") == .notFound)
    }

    @Test func lookupWithoutTheProviderProvesAbsenceOnlyWhenEveryProviderDoes() async {
        let down = FakeProvider("primary", accepted, lookup: .unavailable(reason: "timeout"))
        let failover = FailoverProvider(name: "sms", providers: [down, FakeProvider("secondary", accepted)])
        guard case .unavailable = await failover.lookup(message, since: Date()) else { Issue.record("absence without proof"); return }
        let both = FailoverProvider(name: "sms", providers: [FakeProvider("a", accepted), FakeProvider("b", accepted)])
        #expect(await both.lookup(message, since: Date()) == .notFound)
    }

    @Test func withoutProvidersEverySendIsAConfigurationError() async {
        let dispatch = await FailoverProvider(name: "sms", providers: []).dispatch(message)
        #expect(dispatch == ProviderDispatch(provider: "sms", result: .configuration(reason: "no SMS provider is configured")))
    }
}
