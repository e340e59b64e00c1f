import Foundation
import Gateway
import NIOHTTP1
import Testing

/// The officer's console page: upcoming appointments with their SMS, and the "send reminder" button.
@Suite(.serialized) struct OfficerConsoleTests {
    static let person = "0190f3a2-7b1c-7000-8000-0000000000d1"
    static let number = "+262639980011"
    static let appointment = "0190f3a2-7b1c-7000-8000-0000000000d2"
    static let refusedAppointment = "0190f3a2-7b1c-7000-8000-0000000000d3"
    /// Invented names that must never reach the page.
    static let canaryName = "CANARINOM"
    static let canaryFirstName = "Canariprenom"

    /// Books an appointment in the home system, with canary names in place of the envelope's own.
    func book(_ gateway: SMSTestGateway, appointment: String, source: String, start: String,
              consent: String = "accepted") async throws {
        let envelope = AppointmentEnvelopes.appointment(
            "appointment.scheduled", source: source, person: Self.person, appointment: appointment, start: start,
            mobile: Self.number, consent: consent)
            .replacingOccurrences(of: "EXEMPLE", with: Self.canaryName)
            .replacingOccurrences(of: "Camille", with: Self.canaryFirstName)
        let posted = try await gateway.post(envelope)
        #expect(posted.status == 202, "\(posted.body)")
    }

    func expectNothingPersonal(_ page: String) {
        for canary in [Self.number, "639980011", Self.canaryName, Self.canaryFirstName, Self.person, "rue Exemple"] {
            #expect(!page.contains(canary), "the page shows \(canary)")
        }
    }

    @Test func anOfficerSeesTheSummonStatusAndSendsAReminderFromTheConsole() async throws {
        try await SMSTestGateway.run(now: SMSEndToEndTests.monday) { gateway in
            try await book(gateway, appointment: Self.appointment, source: "appi-rdv-console", start: "2026-03-05T13:30:00Z")
            #expect(try await gateway.eventually {
                try await gateway.notifications(Self.appointment).first { $0.kind == "summon" }?.status == "delivered"
            })
            let masked = try #require(try await gateway.store.smsContact(personKey: "person:\(Self.person)")?.maskedPhone)

            let signIn = try await ConsoleBrowser.signIn(port: gateway.port, token: SMSTestGateway.officerToken)
            #expect(signIn.status == 303)
            #expect(signIn.location == "/console/appointments")
            let cookie = try #require(signIn.cookie)
            let page = try await ConsoleBrowser.send(port: gateway.port, .GET, "/console/appointments", cookie: cookie)
            #expect(page.status == 200)
            #expect(page.body.contains("<caption>1 rendez-vous dans les 7 prochains jours"))
            #expect(page.body.contains("jeudi 5 mars 2026, 14 h 30 (heure de Paris)"))
            #expect(page.body.contains("Convocation de suivi SPIP"))
            #expect(page.body.contains("Antenne de Nanterre"))
            #expect(page.body.contains(masked))
            #expect(page.body.contains("<strong>convocation</strong> : remis"))
            #expect(page.body.contains("<strong>rappel</strong> : planifié ; envoi mardi 3 mars 2026, 14 h 30 (heure de Paris)"))
            #expect(page.body.contains(#"<label for="upcoming">"#))
            #expect(page.body.contains(#"href="/console/appointments">Rendez-vous à venir</a>"#))
            expectNothingPersonal(page.body)

            let csrf = try #require(ConsoleBrowser.csrf(in: page.body))
            let before = try await gateway.notifications(Self.appointment).count
            let forged = try await ConsoleBrowser.send(port: gateway.port, .POST,
                                                       "/console/appointments/\(Self.appointment)/reminders",
                                                       cookie: cookie, form: "upcoming=7d")
            #expect(forged.status == 403)
            let signedOut = try await ConsoleBrowser.send(port: gateway.port, .POST,
                                                          "/console/appointments/\(Self.appointment)/reminders",
                                                          cookie: nil, form: "csrf=\(csrf)")
            #expect(signedOut.status == 401)
            #expect(try await gateway.notifications(Self.appointment).count == before)
            let refusals = try await gateway.app.store.auditEntries(afterSeq: 0, limit: 1_000)
            #expect(refusals.contains { $0.actor == "officer-test" && $0.outcome == "rejected 403" && ($0.detail ?? "").hasPrefix("bad-csrf") })

            let pressed = try await ConsoleBrowser.send(port: gateway.port, .POST,
                                                        "/console/appointments/\(Self.appointment)/reminders",
                                                        cookie: cookie, form: "csrf=\(csrf)&upcoming=30d")
            #expect(pressed.status == 303)
            #expect(pressed.headers.first(name: "Location") == "/console/appointments?upcoming=30d#reminder-result")
            let answered = try await ConsoleBrowser.send(port: gateway.port, .GET, "/console/appointments?upcoming=30d",
                                                         cookie: cookie)
            #expect(answered.body.contains("Rappel programmé le lundi 2 mars 2026, 12 h 00 (heure de Mayotte) au \(masked)"),
                    "\(answered.body)")
            #expect(answered.body.contains(#"<option value="30d" selected>"#))
            expectNothingPersonal(answered.body)
            #expect(try await gateway.eventually { gateway.messages(to: Self.number).count == 2 })
            let audit = try await gateway.app.store.auditEntries(afterSeq: 0, limit: 1_000)
            #expect(audit.contains {
                $0.actor == "officer-test" && $0.actorFunction == "officer (console)" && $0.outcome == "reminder-requested"
            })
            // The answer is shown once.
            let again = try await ConsoleBrowser.send(port: gateway.port, .GET, "/console/appointments", cookie: cookie)
            #expect(!again.body.contains("Rappel programmé"))
        }
    }

    @Test func aRefusedReminderSaysWhyAndAnUnknownAppointmentIsNotFound() async throws {
        try await SMSTestGateway.run(now: SMSEndToEndTests.monday) { gateway in
            try await book(gateway, appointment: Self.refusedAppointment, source: "appi-rdv-console-refused",
                           start: "2026-03-05T13:30:00Z", consent: "refused")
            #expect(try await gateway.eventually { try await gateway.store.smsAppointment(id: Self.refusedAppointment) != nil })
            let cookie = try #require(try await ConsoleBrowser.signIn(port: gateway.port, token: SMSTestGateway.officerToken).cookie)
            let page = try await ConsoleBrowser.send(port: gateway.port, .GET, "/console/appointments", cookie: cookie)
            let csrf = try #require(ConsoleBrowser.csrf(in: page.body))
            #expect(page.body.contains("<td>refusé</td>"))

            let pressed = try await ConsoleBrowser.send(port: gateway.port, .POST,
                                                        "/console/appointments/\(Self.refusedAppointment)/reminders",
                                                        cookie: cookie, form: "csrf=\(csrf)")
            #expect(pressed.status == 303)
            let answered = try await ConsoleBrowser.send(port: gateway.port, .GET, "/console/appointments", cookie: cookie)
            #expect(answered.body.contains(#"role="alert" class="refused" id="reminder-result">Rappel refusé : "#))
            #expect(answered.body.contains("(no-consent)."))
            #expect(gateway.messages(to: Self.number).isEmpty)

            let unknown = try await ConsoleBrowser.send(port: gateway.port, .POST,
                                                        "/console/appointments/0190f3a2-7b1c-7000-8000-0000000000ff/reminders",
                                                        cookie: cookie, form: "csrf=\(csrf)")
            #expect(unknown.status == 404)
            let badId = try await ConsoleBrowser.send(port: gateway.port, .POST, "/console/appointments/%3Cb%3E/reminders",
                                                      cookie: cookie, form: "csrf=\(csrf)")
            #expect(badId.status == 400)
            let badWindow = try await ConsoleBrowser.send(port: gateway.port, .GET,
                                                          "/console/appointments?upcoming=%3Cscript%3E", cookie: cookie)
            #expect(badWindow.status == 400)
            #expect(!badWindow.body.contains("<script>"))
        }
    }

    @Test func onlyOfficersPressTheButtonOpsOnlyReadAndPartnersCannotSignIn() async throws {
        try await SMSTestGateway.run(now: SMSEndToEndTests.monday) { gateway in
            try await book(gateway, appointment: Self.appointment, source: "appi-rdv-console-roles", start: "2026-03-05T13:30:00Z")
            #expect(try await gateway.eventually { try await gateway.store.smsAppointment(id: Self.appointment) != nil })

            let partner = try await ConsoleBrowser.signIn(port: gateway.port, token: SMSTestGateway.partnerToken)
            #expect(partner.status == 401)
            #expect(partner.cookie == nil)
            var bearer = try await HTTPExchange.send(.GET, "http://127.0.0.1:\(gateway.port)/console/appointments",
                                                     token: SMSTestGateway.partnerToken, body: nil, contentType: nil)
            #expect(bearer.status == 303)
            #expect(!bearer.body.contains("Antenne de Nanterre"))
            bearer = try await HTTPExchange.send(.GET, "http://127.0.0.1:\(gateway.port)/console/appointments",
                                                 token: SMSTestGateway.homeToken, body: nil, contentType: nil)
            #expect(bearer.status == 303)

            let ops = try await ConsoleBrowser.signIn(port: gateway.port, token: SMSTestGateway.opsToken)
            #expect(ops.location == "/console")
            let cookie = try #require(ops.cookie)
            let page = try await ConsoleBrowser.send(port: gateway.port, .GET, "/console/appointments", cookie: cookie)
            #expect(page.status == 200)
            #expect(page.body.contains("Antenne de Nanterre"))
            #expect(!page.body.contains("Envoyer un rappel"))
            let overview = try await ConsoleBrowser.send(port: gateway.port, .GET, "/console", cookie: cookie)
            let csrf = try #require(ConsoleBrowser.csrf(in: overview.body))
            let pressed = try await ConsoleBrowser.send(port: gateway.port, .POST,
                                                        "/console/appointments/\(Self.appointment)/reminders",
                                                        cookie: cookie, form: "csrf=\(csrf)")
            #expect(pressed.status == 403)
            #expect(try await gateway.notifications(Self.appointment).allSatisfy { $0.kind != "reminder" || $0.status == "planned" })
            #expect(try await gateway.notifications(Self.appointment).filter { $0.kind == "reminder" }.count == 1)

            let officer = try #require(try await ConsoleBrowser.signIn(port: gateway.port, token: SMSTestGateway.officerToken).cookie)
            let opsPage = try await ConsoleBrowser.send(port: gateway.port, .GET, "/console", cookie: officer)
            #expect(opsPage.status == 403)
        }
    }
}
