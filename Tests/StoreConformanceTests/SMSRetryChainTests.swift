import Foundation
import Gateway
import Testing

/// A new attempt after `failed_temporary` is its own row that names the first of its chain and its number.
extension SMSStoreTests {
    @Test(arguments: StoreKind.allCases)
    func aRetryKeepsItsChainAndTheFirstAttemptKeepsItsHistory(_ kind: StoreKind) async throws {
        try await sms(try await StoreUnderTest.make(kind)) { store in
            _ = try await store.applySMSPlan(plan([notification("n-1", kind: "summon", desiredAt: base)]))
            _ = try await store.changeSMS(SMSChange(notificationId: "n-1", expectedStatus: "planned",
                                                    status: "failed_temporary", now: base.addingTimeInterval(1)))
            var retry = notification("n-2", kind: "summon", desiredAt: base.addingTimeInterval(3600))
            retry.retryOf = "n-1"
            retry.retry = 1
            let outcome = try await store.applySMSPlan(SMSPlanUnit(contact: nil, appointment: nil, cancelPendingOf: nil,
                                                                   notifications: [retry], audit: [], now: base))
            #expect(outcome.inserted == ["n-2"])
            let first = try #require(try await store.smsNotification(id: "n-1"))
            #expect(first.status == "failed_temporary")
            #expect(first.retryOf == nil && first.retry == 0)
            let stored = try #require(try await store.smsNotification(id: "n-2"))
            #expect(stored.retryOf == "n-1" && stored.retry == 1)
            #expect(stored.status == "planned")
        }
    }
}
