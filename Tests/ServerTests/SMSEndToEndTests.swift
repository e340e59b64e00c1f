import ContractKit
import Foundation
import Gateway
import Server
import Testing

/// The SMS service end to end: the home system posts appointments, the gateway plans and sends through the provider
/// stub over HTTP, receipts and replies come back signed, outcomes reach the home system; the clock is the test's.
@Suite(.serialized) struct SMSEndToEndTests {
    static let monday = ISO8601DateFormatter().date(from: "2026-03-02T09:00:00Z")!
    static let person = "0190f3a2-7b1c-7000-8000-0000000000a1"

    static func iso(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func anAppointmentGetsItsSummonNowAndItsReminderAtTheRightTimeAndTheHomeSystemHearsOfBoth() async throws {
        try await SMSTestGateway.run(now: Self.monday) { gateway in
            let number = "+262639980001"
            let appointment = "0190f3a2-7b1c-7000-8000-0000000000b1"
            let posted = try await gateway.post(AppointmentEnvelopes.appointment(
                "appointment.scheduled", source: "appi-rdv-1", person: Self.person, appointment: appointment,
                start: "2026-03-05T13:30:00Z", mobile: number))
            #expect(posted.status == 202, "\(posted.body)")

            #expect(try await gateway.eventually { gateway.messages(to: number).count == 1 })
            #expect(gateway.messages(to: number).first?.text.hasPrefix("Convocation : rendez-vous le jeudi 05/03/2026 à 14h30") == true)
            #expect(gateway.messages(to: number).first?.reference != nil)
            #expect(try await gateway.eventually {
                try await gateway.notifications(appointment).first { $0.kind == "summon" }?.status == "delivered"
            })
            // The reminder waits for J-2 at the same time: Tuesday 13:30 UTC, 16:30 in Mayotte, inside the window.
            let reminder = try #require(try await gateway.notifications(appointment).first { $0.kind == "reminder" })
            #expect(reminder.status == "planned")
            #expect(reminder.sendAt == Self.iso("2026-03-03T13:30:00Z"))
            #expect(gateway.messages(to: number).count == 1)

            gateway.advance(to: Self.iso("2026-03-03T13:30:00Z"))
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 2 })
            #expect(gateway.messages(to: number).last?.text.hasPrefix("Rappel : rendez-vous le jeudi 05/03/2026") == true)
            #expect(try await gateway.eventually {
                try await gateway.notifications(appointment).first { $0.kind == "reminder" }?.status == "delivered"
            })
            #expect(try await gateway.eventually {
                let reported = gateway.reportedStatuses.map { "\($0.kind ?? "-"):\($0.status)" }
                return Set(reported).isSuperset(of: ["summon:delivered", "reminder:delivered"])
            })
            let metrics = try await gateway.request(.GET, "/metrics", token: SMSTestGateway.opsToken)
            #expect(metrics.body.contains(#"passerelle_sms_sent_total{provider="primary",encoding="GSM-7"} 2"#), "\(metrics.body)")
            #expect(metrics.body.contains(#"passerelle_sms_receipts_total{status="delivered"} 2"#))
            // Only the number and the text went to the provider; the home system never sees the number in clear.
            #expect(!gateway.home.received.contains { $0.body.contains(number) })
            let audit = try await gateway.app.store.auditEntries(afterSeq: 0, limit: 1_000)
            #expect(!audit.contains { ($0.detail ?? "").contains("639980001") })
            #expect(audit.contains { $0.outcome == "accepted" && ($0.detail ?? "").contains("phone-hash") })
        }
    }

    @Test func aStopReplyWithdrawsEveryPendingReminderBeforeItIsAnsweredAndIsReported() async throws {
        try await SMSTestGateway.run(now: Self.monday) { gateway in
            let number = "+262639980002"
            let first = "0190f3a2-7b1c-7000-8000-0000000000b2"
            let second = "0190f3a2-7b1c-7000-8000-0000000000b3"
            for (index, appointment) in [first, second].enumerated() {
                let posted = try await gateway.post(AppointmentEnvelopes.appointment(
                    "appointment.scheduled", source: "appi-rdv-stop-\(index)", person: Self.person,
                    appointment: appointment, start: "2026-03-1\(index + 2)T13:30:00Z", mobile: number))
                #expect(posted.status == 202)
            }
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 2 })
            let pending = try await gateway.notifications(first) + gateway.notifications(second)
            #expect(pending.filter { $0.status == "planned" }.count == 2)

            let reply = try await gateway.reply(from: number, text: "Stop")
            #expect(reply.status == 202, "\(reply.body)")
            #expect(try await gateway.eventually {
                gateway.provider.callbacks.contains { $0.kind == "reply" && $0.answeredStatus == 200 }
            })
            // Withdrawn inside the callback's own request, before its 200: nothing pending is left.
            let after = try await gateway.notifications(first) + gateway.notifications(second)
            #expect(after.filter { $0.kind == "reminder" }.allSatisfy { $0.status == "cancelled" && $0.reason == "opted-out" })
            #expect(try await gateway.store.smsContact(personKey: "person:\(Self.person)")?.optedOutAt != nil)
            #expect(try await gateway.eventually {
                let reported = gateway.reportedStatuses.map { "\($0.kind ?? "-"):\($0.status)" }
                return reported.contains("-:opted_out") && reported.filter { $0 == "reminder:cancelled" }.count == 2
            })
            // Later reminder times come and go: nothing more is sent.
            gateway.advance(to: Self.iso("2026-03-11T13:30:00Z"))
            try await gateway.sms.runOnce()
            #expect(gateway.messages(to: number).count == 2)
        }
    }

    @Test func aReminderAskedAt1930ParisTimeForAReunionRecipientWaitsForReunionsMorning() async throws {
        // Monday 2026-03-09 19:30 in Paris is 22:30 in Réunion; the appointment is Tuesday 09:00 in Réunion.
        try await SMSTestGateway.run(now: Self.iso("2026-03-09T18:30:00Z")) { gateway in
            let number = "+262692123401"
            let appointment = "0190f3a2-7b1c-7000-8000-0000000000b4"
            let posted = try await gateway.post(AppointmentEnvelopes.appointment(
                "appointment.scheduled", source: "appi-rdv-reunion", person: Self.person, appointment: appointment,
                start: "2026-03-10T05:00:00Z", timeZone: "Indian/Reunion", mobile: number,
                occurredAt: "2026-03-09T18:30:00Z"))
            #expect(posted.status == 202)
            #expect(try await gateway.eventually { try await gateway.notifications(appointment).count == 1 })

            let answer = try await gateway.request(.POST, "/v1/appointments/\(appointment)/reminders",
                                                   token: SMSTestGateway.officerToken)
            #expect(answer.status == 202, "\(answer.body)")
            #expect(answer.json["status"] as? String == "scheduled")
            #expect(answer.json["send_at"] as? String == "2026-03-10T04:00:00.000Z")
            #expect(answer.json["recipient_time_zone"] as? String == "Indian/Reunion")
            #expect(answer.json["masked_number"] as? String == "+262 692 •• •• 01")
            #expect((answer.json["deferral"] as? String)?.contains("quiet hours") == true)
            try await gateway.sms.runOnce()
            #expect(gateway.messages(to: number).isEmpty)

            gateway.advance(to: Self.iso("2026-03-10T04:00:00Z"))
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 2 })
            #expect(Set(gateway.messages(to: number).map { String($0.text.prefix(7)) }) == ["Convoca", "Rappel "])

            let view = try await gateway.request(.GET, "/v1/appointments/\(appointment)/sms", token: SMSTestGateway.officerToken)
            #expect(view.status == 200)
            #expect(!view.body.contains("639"))
            #expect(!view.body.contains(number))
        }
    }

    @Test func aProviderTimeoutFollowedByALateSuccessNeverGivesTwoSMS() async throws {
        // Receipts come 6 s after the send, after our 3 s deadline: the send's outcome is unknown for a while.
        try await SMSTestGateway.run(now: Self.monday, receiptDelay: 6_000) { gateway in
            // Numbers ending in 79: the stub keeps the message, then leaves the answer hanging past our deadline.
            let number = "+262639980079"
            let appointment = "0190f3a2-7b1c-7000-8000-0000000000b5"
            _ = try await gateway.post(AppointmentEnvelopes.appointment(
                "appointment.scheduled", source: "appi-rdv-hang", person: Self.person, appointment: appointment,
                start: "2026-03-12T13:30:00Z", mobile: number))
            #expect(try await gateway.eventually {
                try await gateway.notifications(appointment).first { $0.kind == "summon" }?.status == "uncertain"
            })
            // Later passes and the reconciliation time come: the provider is asked, never sent to again.
            for seconds in [6.0, 12.0, 18.0] {
                gateway.advance(to: Self.monday.addingTimeInterval(seconds))
                try await gateway.sms.runOnce()
            }
            #expect(try await gateway.eventually {
                try await gateway.notifications(appointment).first { $0.kind == "summon" }?.status == "delivered"
            })
            let audit = try await gateway.app.store.auditEntries(afterSeq: 0, limit: 1_000)
            #expect(audit.contains { $0.outcome == "uncertain" && ($0.detail ?? "").contains("summon") })
            #expect(gateway.messages(to: number).count == 1)
            let sends = gateway.provider.received.filter { $0.method == "POST" && $0.body.contains("639980079") }
            #expect(sends.count == 1)
        }
    }

    @Test func aRestartLosesNoPlanAndAReplayedEventPlansNothingTwice() async throws {
        try await SMSTestGateway.run(now: Self.monday) { gateway in
            let number = "+262639980003"
            let appointment = "0190f3a2-7b1c-7000-8000-0000000000b6"
            let envelope = AppointmentEnvelopes.appointment(
                "appointment.scheduled", source: "appi-rdv-restart", person: Self.person, appointment: appointment,
                start: "2026-03-05T13:30:00Z", mobile: number)
            _ = try await gateway.post(envelope)
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 1 })
            #expect(try await gateway.eventually { try await gateway.app.store.queueStats(now: Date()).allSatisfy { $0.pending + $0.inFlight == 0 } })

            await gateway.halt()
            try await gateway.boot()
            let again = try await gateway.post(envelope)
            #expect(again.status == 202)
            #expect(try await gateway.notifications(appointment).count == 2)

            gateway.advance(to: Self.iso("2026-03-03T13:30:00Z"))
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 2 })
        }
    }

    @Test func aRescheduledAppointmentWithdrawsItsReminderAndSendsANotice() async throws {
        try await SMSTestGateway.run(now: Self.monday) { gateway in
            let number = "+262639980004"
            let appointment = "0190f3a2-7b1c-7000-8000-0000000000b7"
            _ = try await gateway.post(AppointmentEnvelopes.appointment(
                "appointment.scheduled", source: "appi-rdv-move-1", person: Self.person, appointment: appointment,
                start: "2026-03-05T13:30:00Z", mobile: number))
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 1 })
            _ = try await gateway.post(AppointmentEnvelopes.appointment(
                "appointment.rescheduled", source: "appi-rdv-move-2", person: Self.person, appointment: appointment,
                start: "2026-03-12T13:30:00Z", mobile: number, occurredAt: "2026-03-02T09:05:00Z"))
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 2 })
            #expect(gateway.messages(to: number).last?.text.contains("est déplacé au jeudi 12/03/2026") == true)
            let kinds = try await gateway.notifications(appointment).map { "\($0.kind):\($0.status)" }
            #expect(kinds.contains("reminder:cancelled"))
            #expect(kinds.contains("reminder:planned"))
        }
    }
}

/// Templates per notification kind and appointment type, from the configured file.
@Suite(.serialized) struct SMSTemplateFileTests {
    @Test func anAppointmentTypeWithItsOwnTemplateUsesIt() async throws {
        let templates = """
            defaults:
              summon: "Convocation SPIP le {{jour}} {{date}} à {{heure}}, {{adresse}}."
            types:
              "Convocation de suivi SPIP":
                reminder: "Rappel du suivi : {{jour}} {{date}} à {{heure}}, {{adresse}}."
            """
        try await SMSTestGateway.run(now: SMSEndToEndTests.monday, templates: templates) { gateway in
            let number = "+262639980008"
            let appointment = "0190f3a2-7b1c-7000-8000-0000000000b9"
            _ = try await gateway.post(AppointmentEnvelopes.appointment(
                "appointment.scheduled", source: "appi-rdv-templates", person: SMSEndToEndTests.person,
                appointment: appointment, start: "2026-03-05T13:30:00Z", mobile: number))
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 1 })
            #expect(gateway.messages(to: number).first?.text.hasPrefix("Convocation SPIP le jeudi 05/03/2026 à 14h30") == true)
            let answer = try await gateway.request(.POST, "/v1/appointments/\(appointment)/reminders",
                                                   token: SMSTestGateway.officerToken)
            #expect((answer.json["text"] as? String)?.hasPrefix("Rappel du suivi : jeudi 05/03/2026") == true)
        }
    }
}

/// Receipts per part through the JSON profile: a message is delivered only when every part is.
@Suite(.serialized) struct SMSPartReceiptTests {
    @Test func aFailedPartWinsOverADeliveredOne() async throws {
        try await SMSTestGateway.run(now: SMSEndToEndTests.monday, jsonOnly: true) { gateway in
            // Numbers ending in 78: part 1 delivered, then part 2 undeliverable.
            let number = "+262639980078"
            let appointment = "0190f3a2-7b1c-7000-8000-0000000000b8"
            _ = try await gateway.post(AppointmentEnvelopes.appointment(
                "appointment.scheduled", source: "appi-rdv-parts", person: SMSEndToEndTests.person,
                appointment: appointment, start: "2026-03-12T13:30:00Z", mobile: number))
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 1 })
            #expect(try await gateway.eventually {
                gateway.provider.callbacks.filter { $0.kind == "receipt" && $0.answeredStatus == 200 }.count == 2
            })
            let summon = try #require(try await gateway.notifications(appointment).first { $0.kind == "summon" })
            #expect(summon.status == "undeliverable", "\(gateway.provider.callbacks)")
            #expect(!gateway.reportedStatuses.contains { $0.status == "delivered" })
        }
    }
}
