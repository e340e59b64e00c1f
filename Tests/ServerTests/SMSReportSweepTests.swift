import Foundation
import Gateway
import Server
import Testing

/// A status change whose notice to the home system was never queued (the process died between the two, or the
/// accept failed) is found by the SMS service's reporter sweep and reaches the home system exactly once.
@Suite(.serialized) struct SMSReportSweepTests {
    static let monday = ISO8601DateFormatter().date(from: "2026-03-02T09:00:00Z")!
    static let person = "0190f3a2-7b1c-7000-8000-0000000000c1"

    @Test func aChangeWhoseNoticeWasNeverQueuedIsReportedByTheSweepExactlyOnce() async throws {
        try await SMSTestGateway.run(now: Self.monday) { gateway in
            let number = "+262639980031"
            let appointment = "0190f3a2-7b1c-7000-8000-0000000000c2"
            let posted = try await gateway.post(AppointmentEnvelopes.appointment(
                "appointment.scheduled", source: "appi-rdv-sweep-1", person: Self.person, appointment: appointment,
                start: "2026-03-05T13:30:00Z", mobile: number))
            #expect(posted.status == 202, "\(posted.body)")
            #expect(try await gateway.eventually {
                gateway.reportedStatuses.contains { $0.kind == "summon" && $0.status == "delivered" }
            })
            let reminder = try #require(try await gateway.notifications(appointment).first { $0.kind == "reminder" })
            #expect(reminder.status == "planned")

            // The crash window: the change is committed, its notice never submitted.
            let changed = try await gateway.store.changeSMS(SMSChange(
                notificationId: reminder.id, expectedStatus: "planned", status: "cancelled",
                reason: "appointment-changed", finalAt: gateway.now, now: gateway.now))
            #expect(changed == .changed)
            #expect(try await gateway.store.unreportedSMS(limit: 10).map(\.id) == [reminder.id])

            // The run loop's sweep finds it.
            #expect(try await gateway.eventually {
                gateway.reportedStatuses.contains { $0.kind == "reminder" && $0.status == "cancelled" }
            })
            #expect(try await gateway.eventually { try await gateway.store.unreportedSMS(limit: 10).isEmpty })
            // Another sweep submits nothing more, and every notice was delivered once.
            try await gateway.sms.reportUnreported()
            #expect(try await gateway.eventually {
                try await gateway.app.store.queueStats(now: Date()).allSatisfy { $0.pending + $0.inFlight == 0 }
            })
            let reported = gateway.reportedStatuses.map { "\($0.kind ?? "-"):\($0.status)" }
            #expect(reported.filter { $0 == "reminder:cancelled" }.count == 1, "\(reported)")
            #expect(reported.filter { $0 == "summon:delivered" }.count == 1, "\(reported)")
            #expect(reported.filter { $0 == "summon:accepted" }.count == 1, "\(reported)")
        }
    }
}
