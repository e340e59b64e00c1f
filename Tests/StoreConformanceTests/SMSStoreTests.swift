import Foundation
import Gateway
import Testing

/// The SMS outbox, contacts, receipts and opt-outs behave alike in SQLite and PostgreSQL.
@Suite struct SMSStoreTests {
    let base = Date(timeIntervalSince1970: 1_780_000_000)
    let person = "person:0190f3a2-7b1c-7000-8000-000000000001"
    let appointmentId = "0190f3a2-7b1c-7000-8000-0000000000a1"

    func sms(_ database: StoreUnderTest, _ body: (any SMSStore) async throws -> Void) async throws {
        try await database.with { store in
            let sms = try #require(store as? any SMSStore)
            try await body(sms)
        }
    }

    func contact(optedOut: Date? = nil) -> SMSContactRecord {
        SMSContactRecord(personKey: person, phoneCipher: [1, 2, 3, 4], phoneHash: "hash-1",
                         maskedPhone: "+33 6 •• •• •• 01", territory: "FR", consent: "accepted", optedOutAt: optedOut,
                         optedOutBy: optedOut == nil ? nil : "test", updatedAt: base)
    }

    var appointment: SMSAppointmentRecord {
        SMSAppointmentRecord(id: appointmentId, personKey: person, type: "Convocation de suivi SPIP",
                             start: base.addingTimeInterval(5 * 86_400), timeZone: "Europe/Paris", placeName: "Antenne",
                             address: "1 rue de la Paix, 75002 Paris", contactPhone: "01 99 00 00 01", state: "booked",
                             updatedAt: base)
    }

    func notification(_ id: String, kind: String = "reminder", desiredAt: Date, sendAt: Date? = nil) -> SMSNotificationRecord {
        SMSNotificationRecord(id: id, appointmentId: appointmentId, personKey: person, kind: kind, desiredAt: desiredAt,
                              sendAt: sendAt ?? desiredAt, status: "planned", createdAt: base, updatedAt: base)
    }

    func plan(_ notifications: [SMSNotificationRecord], cancel: Bool = false) -> SMSPlanUnit {
        SMSPlanUnit(contact: contact(), appointment: appointment, cancelPendingOf: cancel ? appointmentId : nil,
                    notifications: notifications,
                    audit: [AuditDraft(operation: .collect, actor: "test", actorFunction: "test", outcome: "planned")],
                    now: base)
    }

    @Test(arguments: StoreKind.allCases)
    func planningTheSameEventTwiceStoresEachNotificationOnce(_ kind: StoreKind) async throws {
        try await sms(try await StoreUnderTest.make(kind)) { store in
            let first = try await store.applySMSPlan(plan([notification("n-1", kind: "summon", desiredAt: base),
                                                           notification("n-2", desiredAt: base.addingTimeInterval(3 * 86_400))]))
            #expect(first.inserted == ["n-1", "n-2"])
            let again = try await store.applySMSPlan(plan([notification("n-3", kind: "summon", desiredAt: base),
                                                           notification("n-4", desiredAt: base.addingTimeInterval(3 * 86_400))]))
            #expect(again.inserted.isEmpty)
            #expect(try await store.smsNotifications(appointmentId: appointmentId).map(\.id) == ["n-1", "n-2"])
            #expect(try await store.smsAppointment(id: appointmentId) == appointment)
            #expect(try await store.smsContact(personKey: person) == contact())
            #expect(try await store.smsPersonKeys(phoneHash: "hash-1") == [person])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aMovedAppointmentWithdrawsItsPendingNotificationsOnly(_ kind: StoreKind) async throws {
        try await sms(try await StoreUnderTest.make(kind)) { store in
            _ = try await store.applySMSPlan(plan([notification("n-1", kind: "summon", desiredAt: base),
                                                   notification("n-2", desiredAt: base.addingTimeInterval(86_400))]))
            #expect(try await store.changeSMS(SMSChange(notificationId: "n-1", expectedStatus: "planned",
                                                        status: "accepted", now: base)) == .changed)
            let moved = try await store.applySMSPlan(plan([notification("n-3", kind: "reschedule", desiredAt: base)],
                                                          cancel: true))
            #expect(moved.cancelled.map(\.id) == ["n-2"])
            let statuses = try await store.smsNotifications(appointmentId: appointmentId).map { "\($0.id)=\($0.status)" }
            #expect(Set(statuses) == ["n-1=accepted", "n-2=cancelled", "n-3=planned"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func dueNotificationsAreClaimedOnceUnderALease(_ kind: StoreKind) async throws {
        try await sms(try await StoreUnderTest.make(kind)) { store in
            _ = try await store.applySMSPlan(plan([notification("n-1", kind: "summon", desiredAt: base),
                                                   notification("n-2", desiredAt: base.addingTimeInterval(3600))]))
            let first = try await store.claimDueSMS(owner: "a", leaseMilliseconds: 60_000, limit: 10, now: base)
            #expect(first.map(\.id) == ["n-1"])
            #expect(try await store.claimDueSMS(owner: "b", leaseMilliseconds: 60_000, limit: 10, now: base).isEmpty)
            // The lease ran out: another instance takes it over.
            let later = base.addingTimeInterval(61)
            #expect(try await store.claimDueSMS(owner: "b", leaseMilliseconds: 60_000, limit: 10, now: later)
                .map(\.id) == ["n-1"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func changesAreComparedAndSetAndReceiptsDeduplicated(_ kind: StoreKind) async throws {
        try await sms(try await StoreUnderTest.make(kind)) { store in
            _ = try await store.applySMSPlan(plan([notification("n-1", desiredAt: base)]))
            let attempt = SMSAttemptRecord(notificationId: "n-1", attempt: 1, provider: "primary", outcome: "started",
                                           reason: nil, at: base)
            #expect(try await store.changeSMS(SMSChange(notificationId: "n-1", expectedStatus: "planned", status: "sending",
                                                        countsAttempt: true, provider: "primary", attempt: attempt,
                                                        now: base)) == .changed)
            #expect(try await store.changeSMS(SMSChange(notificationId: "n-1", expectedStatus: "planned", status: "sending",
                                                        now: base)) == .moved)
            #expect(try await store.changeSMS(SMSChange(notificationId: "n-1", expectedStatus: "sending", status: "accepted",
                                                        providerMessageId: "SM1", acceptedAt: base, now: base)) == .changed)
            let receipt = SMSReceiptRecord(dedupeKey: "primary:SM1:delivered", provider: "primary", providerMessageId: "SM1",
                                           notificationId: "n-1", status: "delivered", part: nil, parts: nil,
                                           errorCode: nil, receivedAt: base)
            let delivered = SMSChange(notificationId: "n-1", expectedStatus: "accepted", status: "delivered",
                                      finalAt: base, receipt: receipt, now: base)
            #expect(try await store.changeSMS(delivered) == .changed)
            #expect(try await store.changeSMS(delivered) == .duplicateReceipt)
            #expect(try await store.recordSMSReceipt(receipt, audit: []) == false)
            let stored = try #require(try await store.smsNotification(providerMessageId: "SM1"))
            #expect(stored.status == "delivered")
            #expect(stored.attempts == 1)
            #expect(stored.provider == "primary")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anOptOutCancelsEveryPendingNotificationAndIsNeverLiftedByTheHomeSystem(_ kind: StoreKind) async throws {
        try await sms(try await StoreUnderTest.make(kind)) { store in
            _ = try await store.applySMSPlan(plan([notification("n-1", kind: "summon", desiredAt: base),
                                                   notification("n-2", desiredAt: base.addingTimeInterval(3600))]))
            let cancelled = try await store.recordSMSOptOut(personKeys: [person], by: "primary", at: base, audit: [])
            #expect(Set(cancelled.map(\.id)) == ["n-1", "n-2"])
            #expect(try await store.claimDueSMS(owner: "a", leaseMilliseconds: 1_000, limit: 10,
                                                now: base.addingTimeInterval(7_200)).isEmpty)
            // The home system's next event carries consent "accepted": the opt-out stays.
            _ = try await store.applySMSPlan(plan([]))
            #expect(try await store.smsContact(personKey: person)?.optedOutAt == base)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func acceptedNotificationsWithoutAFinalReceiptAreFoundForTheSweep(_ kind: StoreKind) async throws {
        try await sms(try await StoreUnderTest.make(kind)) { store in
            _ = try await store.applySMSPlan(plan([notification("n-1", desiredAt: base)]))
            _ = try await store.changeSMS(SMSChange(notificationId: "n-1", expectedStatus: "planned", status: "accepted",
                                                    acceptedAt: base, now: base))
            #expect(try await store.smsAwaitingFinalReceipt(acceptedBefore: base, limit: 10).isEmpty)
            #expect(try await store.smsAwaitingFinalReceipt(acceptedBefore: base.addingTimeInterval(1), limit: 10)
                .map(\.id) == ["n-1"])
            #expect(try await store.smsAppointments(from: base, to: base.addingTimeInterval(7 * 86_400), limit: 10)
                .map(\.id) == [appointmentId])
        }
    }
}
