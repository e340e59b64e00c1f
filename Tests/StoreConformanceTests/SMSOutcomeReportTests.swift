import Foundation
import Gateway
import Testing

/// Which outcomes the home system was told of: unreported changes are listed oldest first, and a notice marks only
/// the status (or the opt-out) it was about.
extension SMSStoreTests {
    @Test(arguments: StoreKind.allCases)
    func statusChangesStayListedUntilTheirOwnStatusIsMarkedReported(_ kind: StoreKind) async throws {
        try await sms(try await StoreUnderTest.make(kind)) { store in
            _ = try await store.applySMSPlan(plan([notification("n-1", kind: "summon", desiredAt: base),
                                                   notification("n-2", desiredAt: base.addingTimeInterval(3600))]))
            // Planned and sending are never reported.
            #expect(try await store.unreportedSMS(limit: 10).isEmpty)
            _ = try await store.changeSMS(SMSChange(notificationId: "n-2", expectedStatus: "planned", status: "cancelled",
                                                    now: base.addingTimeInterval(1)))
            _ = try await store.changeSMS(SMSChange(notificationId: "n-1", expectedStatus: "planned", status: "sending",
                                                    now: base.addingTimeInterval(2)))
            #expect(try await store.unreportedSMS(limit: 10).map(\.id) == ["n-2"])
            _ = try await store.changeSMS(SMSChange(notificationId: "n-1", expectedStatus: "sending", status: "accepted",
                                                    acceptedAt: base, now: base.addingTimeInterval(3)))
            #expect(try await store.unreportedSMS(limit: 10).map { "\($0.id)=\($0.status)" }
                        == ["n-2=cancelled", "n-1=accepted"])
            #expect(try await store.unreportedSMS(limit: 1).map(\.id) == ["n-2"])

            // A receipt moved n-1 on before its acceptance was marked: the older notice marks nothing.
            _ = try await store.changeSMS(SMSChange(notificationId: "n-1", expectedStatus: "accepted", status: "delivered",
                                                    now: base.addingTimeInterval(4)))
            #expect(try await store.markSMSReported(notificationId: "n-1", status: "accepted") == false)
            #expect(try await store.markSMSReported(notificationId: "n-2", status: "cancelled"))
            #expect(try await store.unreportedSMS(limit: 10).map { "\($0.id)=\($0.status)" } == ["n-1=delivered"])
            #expect(try await store.markSMSReported(notificationId: "n-1", status: "delivered"))
            #expect(try await store.unreportedSMS(limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anOptOutStaysListedUntilThatOptOutIsMarkedReported(_ kind: StoreKind) async throws {
        try await sms(try await StoreUnderTest.make(kind)) { store in
            _ = try await store.applySMSPlan(plan([notification("n-1", desiredAt: base)]))
            #expect(try await store.unreportedSMSOptOuts(limit: 10).isEmpty)
            _ = try await store.recordSMSOptOut(personKeys: [person], by: "primary", at: base, audit: [])
            #expect(try await store.unreportedSMSOptOuts(limit: 10).map(\.personKey) == [person])
            #expect(try await store.markSMSOptOutReported(personKey: person, optedOutAt: base.addingTimeInterval(-60))
                        == false)
            #expect(try await store.unreportedSMSOptOuts(limit: 10).map(\.personKey) == [person])
            #expect(try await store.markSMSOptOutReported(personKey: person, optedOutAt: base))
            #expect(try await store.unreportedSMSOptOuts(limit: 10).isEmpty)
            // The pending notification the opt-out cancelled is still to be reported on its own.
            #expect(try await store.unreportedSMS(limit: 10).map { "\($0.id)=\($0.status)" } == ["n-1=cancelled"])
        }
    }
}
