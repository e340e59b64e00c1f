import Foundation
import Gateway
import Server
import Testing

/// Callbacks fail closed, and a configuration that could show the SMS planner more than it needs never starts.
@Suite(.serialized) struct SMSSafetyTests {
    @Test func aForgedReceiptIsRefusedAuditedAndChangesNothing() async throws {
        try await SMSTestGateway.run(now: SMSEndToEndTests.monday) { gateway in
            let body = "MessageSid=SM0001&MessageStatus=delivered&To=%2B262639980001"
            let forged = try await HTTPExchange.send(
                .POST, "http://127.0.0.1:\(gateway.port)/inbound/sms/primary/status?ref=0190f3a2", token: nil,
                body: Array(body.utf8), contentType: "application/x-www-form-urlencoded")
            #expect(forged.status == 403, "\(forged.body)")
            let unknown = try await HTTPExchange.send(
                .POST, "http://127.0.0.1:\(gateway.port)/inbound/sms/nobody/status", token: nil,
                body: Array(body.utf8), contentType: "application/x-www-form-urlencoded")
            #expect(unknown.status == 404)
            let audit = try await gateway.app.store.auditEntries(afterSeq: 0, limit: 100)
            #expect(audit.filter { $0.outcome == "rejected 403" }.count == 1)
            #expect(!audit.contains { ($0.detail ?? "").contains("639980001") })
        }
    }

    @Test func anOfficerSeesWhyAReminderIsRefused() async throws {
        try await SMSTestGateway.run(now: SMSEndToEndTests.monday) { gateway in
            let appointment = "0190f3a2-7b1c-7000-8000-0000000000c1"
            _ = try await gateway.post(AppointmentEnvelopes.appointment(
                "appointment.scheduled", source: "appi-rdv-refused", person: SMSEndToEndTests.person,
                appointment: appointment, start: "2026-03-05T13:30:00Z", mobile: "+262639980005", consent: "refused"))
            #expect(try await gateway.eventually { try await gateway.store.smsAppointment(id: appointment) != nil })
            let answer = try await gateway.request(.POST, "/v1/appointments/\(appointment)/reminders",
                                                   token: SMSTestGateway.officerToken)
            #expect(answer.status == 200)
            #expect(answer.json["status"] as? String == "refused")
            #expect(answer.json["reason"] as? String == "no-consent")
            #expect(gateway.messages(to: "+262639980005").isEmpty)
            let unknown = try await gateway.request(.POST, "/v1/appointments/0190f3a2-7b1c-7000-8000-0000000000ff/reminders",
                                                    token: SMSTestGateway.officerToken)
            #expect(unknown.status == 404)
            let homeToken = try await gateway.request(.POST, "/v1/appointments/\(appointment)/reminders",
                                                      token: SMSTestGateway.homeToken)
            #expect(homeToken.status == 403)
            let list = try await gateway.request(.GET, "/v1/appointments?upcoming=7d", token: SMSTestGateway.officerToken)
            #expect(list.status == 200)
            #expect(list.body.contains(appointment))
        }
    }

    @Test func aRefusalRecordedInTheHomeSystemWithdrawsPendingSMSAndIsReported() async throws {
        try await SMSTestGateway.run(now: SMSEndToEndTests.monday) { gateway in
            let number = "+262639980006"
            let appointment = "0190f3a2-7b1c-7000-8000-0000000000c2"
            _ = try await gateway.post(AppointmentEnvelopes.appointment(
                "appointment.scheduled", source: "appi-rdv-consent", person: SMSEndToEndTests.person,
                appointment: appointment, start: "2026-03-12T13:30:00Z", mobile: number))
            #expect(try await gateway.eventually { gateway.messages(to: number).count == 1 })
            let person = SMSEndToEndTests.person
            let refusal = try await gateway.post("""
                {"version":1,"kind":"person.updated","source":{"system":"APPI","site":"SPIP-92"},
                 "sourceMessageId":"appi-person-consent","subject":{"personId":"\(person)"},
                 "occurredAt":"2026-03-02T09:10:00Z","purpose":"convocation",
                 "payload":{"person":{"id":"\(person)","nom":"EXEMPLE","prenoms":["Camille"],"mobile":"\(number)",
                   "smsConsent":"refused"}}}
                """)
            #expect(refusal.status == 202, "\(refusal.body)")
            #expect(try await gateway.eventually {
                try await gateway.notifications(appointment).first { $0.kind == "reminder" }?.status == "cancelled"
            })
            #expect(try await gateway.eventually {
                gateway.reportedStatuses.contains { $0.status == "opted_out" }
            })
            let answer = try await gateway.request(.POST, "/v1/appointments/\(appointment)/reminders",
                                                   token: SMSTestGateway.officerToken)
            #expect(answer.json["reason"] as? String == "opted-out")
        }
    }

    @Test func theCommandLineAsksTheRunningGatewayAsAnOfficer() async throws {
        try await SMSTestGateway.run(now: SMSEndToEndTests.monday) { gateway in
            let appointment = "0190f3a2-7b1c-7000-8000-0000000000c3"
            _ = try await gateway.post(AppointmentEnvelopes.appointment(
                "appointment.scheduled", source: "appi-rdv-cli", person: SMSEndToEndTests.person,
                appointment: appointment, start: "2026-03-12T13:30:00Z", mobile: "+262639980007"))
            #expect(try await gateway.eventually { try await gateway.store.smsAppointment(id: appointment) != nil })
            let arguments = ["sms", "remind", appointment, "--url", "http://127.0.0.1:\(gateway.port)",
                             "--token-env", "T_CLI_OFFICER"]
            let scheduled = try PasserelleBinary.run(arguments, environment: ["T_CLI_OFFICER": SMSTestGateway.officerToken])
            #expect(scheduled.status == 0, "\(scheduled.output)")
            #expect(scheduled.output.contains("scheduled: 2026-03-02T09:00:00.000Z"))
            #expect(scheduled.output.contains("+262 639 •• •• 07"))
            let unknown = try PasserelleBinary.run(["sms", "remind", "0190f3a2-7b1c-7000-8000-0000000000ff", "--url",
                                                    "http://127.0.0.1:\(gateway.port)", "--token-env", "T_CLI_OFFICER"],
                                                   environment: ["T_CLI_OFFICER": SMSTestGateway.officerToken])
            #expect(unknown.status == 1)
            #expect(unknown.output.contains("error 404"))
        }
    }

    @Test func aPlannerDestinationThatCouldSeeMoreThanItNeedsIsRefused() throws {
        let yaml = """
            store: {sqlite: /tmp/never-opened.sqlite}
            server: {host: 127.0.0.1, port: 0}
            clients: []
            adapters: {sms: {enabled: true}}
            destinations:
              - {name: sms-planner, adapter: sms, role: spip, url: "local:sms"}
            routes: {}
            """
        #expect {
            try PasserelleConfig.parse(yaml, file: "sms.yaml")
        } throws: { error in
            "\(error)".contains("could receive") && "\(error)".contains("measure")
        }
        let elsewhere = yaml.replacingOccurrences(of: "url: \"local:sms\"", with: "url: \"http://127.0.0.1:9/x\", categories: [agenda]")
        #expect {
            try PasserelleConfig.parse(elsewhere, file: "sms.yaml")
        } throws: { error in
            "\(error)".contains("local:sms")
        }
    }
}
