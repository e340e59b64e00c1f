import Foundation
import Gateway
import Testing

/// SMS rules §12.3 end to end: a `failed_temporary` receipt plans a new attempt an hour later, at most twice.
@Suite(.serialized) struct SMSRetryTests {
    static let monday = ISO8601DateFormatter().date(from: "2026-03-02T09:00:00Z")!
    static let person = "0190f3a2-7b1c-7000-8000-0000000000c1"

    @Test func aTemporaryFailureIsSentAgainLaterAtMostTwice() async throws {
        try await SMSTestGateway.run(now: Self.monday) { gateway in
            // The stub answers numbers ending 55–59 with `sent`, then `failed_temporary`.
            let number = "+262639980055"
            let appointment = "0190f3a2-7b1c-7000-8000-0000000000d1"
            let posted = try await gateway.post(AppointmentEnvelopes.appointment(
                "appointment.scheduled", source: "appi-rdv-retry", person: Self.person, appointment: appointment,
                start: "2026-03-05T13:30:00Z", mobile: number))
            #expect(posted.status == 202, "\(posted.body)")
            @Sendable func summons() async throws -> [SMSNotificationRecord] {
                try await gateway.notifications(appointment).filter { $0.kind == "summon" }
            }
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 1 })
            #expect(try await gateway.eventually { try await summons().count == 2 })
            let first = try #require(try await summons().first { $0.retry == 0 })
            #expect(first.status == "failed_temporary")
            let retry = try #require(try await summons().first { $0.retry == 1 })
            #expect(retry.retryOf == first.id)
            #expect(retry.status == "planned")
            #expect(retry.sendAt == Self.monday.addingTimeInterval(3600))

            gateway.advance(to: Self.monday.addingTimeInterval(3600))
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 2 })
            #expect(try await gateway.eventually { try await summons().count == 3 })
            let second = try #require(try await summons().first { $0.retry == 2 })
            #expect(second.retryOf == first.id)

            gateway.advance(to: Self.monday.addingTimeInterval(2 * 3600))
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 3 })
            #expect(try await gateway.eventually {
                try await gateway.notifications(appointment).first { $0.id == second.id }?.status == "failed_temporary"
            })
            let audit = try await gateway.app.store.auditEntries(afterSeq: 0, limit: 1_000)
            #expect(try await gateway.eventually {
                try await gateway.app.store.auditEntries(afterSeq: 0, limit: 1_000)
                    .contains { $0.outcome == "not-retried" && ($0.detail ?? "").contains("retries-exhausted") }
            })
            #expect(audit.filter { $0.outcome == "retry-planned" }.count == 2)
            #expect(!audit.contains { ($0.detail ?? "").contains("639980055") })

            gateway.advance(to: Self.monday.addingTimeInterval(4 * 3600))
            #expect(try await summons().count == 3)
            #expect(gateway.messages(to: number).count == 3)
        }
    }
}
