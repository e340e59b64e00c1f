import Foundation
import SMSAdapter

/// The officer's page: upcoming appointments with their SMS and a reminder button each.
/// Shows only what an officer needs to follow the SMS: never a full number, a name or the person's key.
struct AppointmentsPage {
    /// The windows offered by the page's selector, as `upcoming` values the officer API also reads; each is named by
    /// `appointments.window.<value>` in the catalogues.
    static let windows: [(value: String, label: String)] = [("24h", "appointments.window.24h"),
                                                           ("7d", "appointments.window.7d"),
                                                           ("30d", "appointments.window.30d")]
    static let defaultWindow = "7d"

    let client: Client
    let session: ConsoleSessions.Session
    let window: String
    let flash: ConsoleSessions.Flash?

    /// The page with its selector and, when known, the appointments of the window.
    func render(_ appointments: [AppointmentSMSView]) -> String {
        let text = ConsoleText.current
        let mayRemind = client.role == .officer
        let rows = appointments.map { row($0, mayRemind: mayRemind) }.joined()
        let label = Self.windows.first { $0.value == window }.map { text($0.label) } ?? window
        let heads = (["when", "type", "place", "mobile", "consent", "sms"] + (mayRemind ? ["reminder"] : []))
            .map { "<th scope=\"col\">\(HTML.escape(text("appointments.\($0)")))</th>" }.joined()
        let table = appointments.isEmpty
            ? "<p>\(HTML.escape(text("appointments.none", ["window": label])))</p>"
            : """
            <table><caption>\(HTML.escape(text.plural("appointments.caption", appointments.count, ["window": label])))</caption>
            <thead><tr>\(heads)</tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return page(body: table)
    }

    /// The page without a table: `problem` says why (a bad window, no SMS service).
    func render(problem: String) -> String {
        page(body: "<p role=\"alert\">\(HTML.escape(problem))</p>")
    }

    private func page(body: String) -> String {
        let text = ConsoleText.current
        let options = Self.windows.map { choice in
            "<option value=\"\(choice.value)\"\(choice.value == window ? " selected" : "")>\(HTML.escape(text(choice.label)))</option>"
        }.joined()
        var message = ""
        if let flash {
            message = "<p role=\"\(flash.refused ? "alert" : "status")\" class=\"\(flash.refused ? "refused" : "done")\""
                + " id=\"reminder-result\">\(HTML.escape(flash.text))</p>"
        }
        return HTML.page(title: text("appointments.title"), client: client, body: """
            <h1>\(HTML.escape(text("appointments.title")))</h1>\(message)
            <form method="get" action="/console/appointments" class="inline"><label for="upcoming">\(HTML.escape(text("appointments.show")))</label>
            <select id="upcoming" name="upcoming">\(options)</select><button type="submit">\(HTML.escape(text("appointments.show")))</button></form>
            \(body)
            """)
    }

    private func row(_ appointment: AppointmentSMSView, mayRemind: Bool) -> String {
        let text = ConsoleText.current
        let zone = TimeZone(identifier: appointment.timeZone) ?? .gmt
        let when = text.date(appointment.start, in: zone)
        let id = HTML.escape(appointment.appointmentId)
        let consentWord = text.word("consent", appointment.consent ?? "unknown")
        let consent = appointment.optedOut ? text("appointments.optedOut", ["consent": consentWord]) : consentWord
        let state = appointment.state == "booked" ? ""
            : text("appointments.state", ["state": text.word("appointment.state", appointment.state)])
        let sms = appointment.notifications.isEmpty ? HTML.escape(text("appointments.noSMS")) : "<ul>" + appointment.notifications.map { sms in
            let encoding = sms.encoding.map { encoding in
                text("appointments.encoding", ["encoding": encoding, "segments": sms.segments.map(String.init) ?? "?"])
            }
            let parts = ["<strong>\(HTML.escape(text.word("sms.kind", sms.kind)))</strong>\(HTML.escape(text("punctuation.colon")))\(HTML.escape(text.word("sms.status", sms.status)))",
                         HTML.escape(text("appointments.sendTime", ["time": text.date(sms.sendAt, in: zone)])),
                         HTML.escape(text.plural("appointments.attempts", sms.attempts))]
                + (encoding.map { [HTML.escape($0)] } ?? [])
                + (sms.reason.map { [HTML.escape(text("appointments.reason", ["reason": Self.reason($0)]))] } ?? [])
            return "<li>" + parts.joined(separator: HTML.escape(text("punctuation.semicolon"))) + "</li>"
        }.joined() + "</ul>"
        var reminder = ""
        if mayRemind {
            reminder = """
                <td><form method="post" action="/console/appointments/\(id)/reminders">
                <input type="hidden" name="csrf" value="\(session.csrf)"><input type="hidden" name="upcoming" value="\(HTML.escape(window))">
                <button type="submit" id="remind-\(id)">\(HTML.escape(text("appointments.remind")))<span class="visually-hidden">\(HTML.escape(text("appointments.remindFor", ["when": when])))</span></button>
                </form></td>
                """
        }
        return """
            <tr id="appointment-\(id)"><th scope="row">\(HTML.escape(when))\(HTML.escape(state))</th>
            <td>\(HTML.escape(appointment.type))</td><td>\(HTML.escape(appointment.placeName))</td>
            <td class="nowrap">\(HTML.escape(appointment.maskedNumber ?? text("appointments.noMobile")))</td><td>\(HTML.escape(consent))</td>
            <td id="sms-\(id)">\(sms)</td>\(reminder)</tr>
            """
    }

    /// What the officer reads after pressing the button, in the language of the request that pressed it.
    static func describe(_ answer: ReminderAnswer) -> ConsoleSessions.Flash {
        let text = ConsoleText.current
        let zone = answer.recipientTimeZone.flatMap(TimeZone.init(identifier:)) ?? .gmt
        guard answer.status == "scheduled", let sendAt = answer.sendAt else {
            let explanation = answer.reason.map { text.word("refusal", $0) } ?? text("reminder.noReason")
            return ConsoleSessions.Flash(text: text("reminder.refused", ["explanation": explanation,
                                                                         "reason": answer.reason ?? "-"]),
                                         refused: true)
        }
        var sentence = text("reminder.scheduled", ["when": text.date(sendAt, in: zone),
                                                   "number": answer.maskedNumber ?? text("reminder.recordedMobile")])
        if let deferral = answer.deferral { sentence += text("reminder.deferral", ["deferral": reason(deferral)]) }
        if let encoding = answer.encoding, let segments = answer.segments {
            sentence += text("reminder.encoding", ["encoding": encoding, "segments": String(segments)])
        }
        return ConsoleSessions.Flash(text: sentence + text("reminder.end"), refused: false)
    }

    /// A deferral as the SMS service records it (`deferred: quiet hours`, `deferred: public holiday (NAME)`) in the
    /// console's words; any other reason (a provider's code) is shown as recorded.
    static func reason(_ recorded: String) -> String {
        let text = ConsoleText.current
        switch recorded {
        case "deferred: quiet hours": return text("deferral.quietHours")
        case "deferred: Sunday": return text("deferral.sunday")
        default:
            let prefix = "deferred: public holiday ("
            if recorded.hasPrefix(prefix), recorded.hasSuffix(")") {
                return text("deferral.publicHoliday", ["name": String(recorded.dropFirst(prefix.count).dropLast())])
            }
            return recorded
        }
    }
}
