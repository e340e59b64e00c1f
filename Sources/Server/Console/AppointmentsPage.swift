import Foundation
import SMSAdapter

/// The officer's page: upcoming appointments with their SMS and a reminder button each.
/// Shows only what an officer needs to follow the SMS: never a full number, a name or the person's key.
struct AppointmentsPage {
    /// The windows offered by the page's selector, as `upcoming` values the officer API also reads.
    static let windows: [(value: String, label: String)] = [("24h", "Next 24 hours"), ("7d", "Next 7 days"),
                                                           ("30d", "Next 30 days")]
    static let defaultWindow = "7d"

    let client: Client
    let session: ConsoleSessions.Session
    let window: String
    let flash: ConsoleSessions.Flash?

    /// The page with its selector and, when known, the appointments of the window.
    func render(_ appointments: [AppointmentSMSView]) -> String {
        let mayRemind = client.role == .officer
        let rows = appointments.map { row($0, mayRemind: mayRemind) }.joined()
        let label = Self.windows.first { $0.value == window }?.label.lowercased() ?? window
        let table = appointments.isEmpty
            ? "<p>No appointment in the \(HTML.escape(label)).</p>"
            : """
            <table><caption>\(appointments.count) appointment\(appointments.count == 1 ? "" : "s") in the \(HTML.escape(label)), soonest first</caption>
            <thead><tr><th scope="col">Date and time (place's time zone)</th><th scope="col">Type</th>
            <th scope="col">Place</th><th scope="col">Mobile</th><th scope="col">Consent</th>
            <th scope="col">SMS</th>\(mayRemind ? "<th scope=\"col\">Reminder</th>" : "")</tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return page(body: table)
    }

    /// The page without a table: `problem` says why (a bad window, no SMS service).
    func render(problem: String) -> String {
        page(body: "<p role=\"alert\">\(HTML.escape(problem))</p>")
    }

    private func page(body: String) -> String {
        let options = Self.windows.map { choice in
            "<option value=\"\(choice.value)\"\(choice.value == window ? " selected" : "")>\(HTML.escape(choice.label))</option>"
        }.joined()
        var message = ""
        if let flash {
            message = "<p role=\"\(flash.refused ? "alert" : "status")\" class=\"\(flash.refused ? "refused" : "done")\""
                + " id=\"reminder-result\">\(HTML.escape(flash.text))</p>"
        }
        return HTML.page(title: "Upcoming appointments", client: client, body: """
            <h1>Upcoming appointments</h1>\(message)
            <form method="get" action="/console/appointments" class="inline"><label for="upcoming">Show</label>
            <select id="upcoming" name="upcoming">\(options)</select><button type="submit">Show</button></form>
            \(body)
            """)
    }

    private func row(_ appointment: AppointmentSMSView, mayRemind: Bool) -> String {
        let zone = TimeZone(identifier: appointment.timeZone) ?? .gmt
        let when = Self.local(appointment.start, in: zone)
        let id = HTML.escape(appointment.appointmentId)
        let consent = (appointment.consent ?? "unknown") + (appointment.optedOut ? ", opted out (STOP)" : "")
        let state = appointment.state == "booked" ? "" : " (\(appointment.state))"
        let sms = appointment.notifications.isEmpty ? "none" : "<ul>" + appointment.notifications.map { sms in
            let encoding = sms.encoding.map { encoding in "\(encoding), \(sms.segments.map(String.init) ?? "?") segment(s)" }
            let parts = ["<strong>\(HTML.escape(sms.kind))</strong>: \(HTML.escape(sms.status))",
                         "send time \(HTML.escape(Self.local(sms.sendAt, in: zone)))",
                         "\(sms.attempts) attempt(s)"]
                + (encoding.map { [HTML.escape($0)] } ?? []) + (sms.reason.map { ["reason: " + HTML.escape($0)] } ?? [])
            return "<li>" + parts.joined(separator: "; ") + "</li>"
        }.joined() + "</ul>"
        var reminder = ""
        if mayRemind {
            reminder = """
                <td><form method="post" action="/console/appointments/\(id)/reminders">
                <input type="hidden" name="csrf" value="\(session.csrf)"><input type="hidden" name="upcoming" value="\(HTML.escape(window))">
                <button type="submit" id="remind-\(id)">Send reminder<span class="visually-hidden"> for \(HTML.escape(when))</span></button>
                </form></td>
                """
        }
        return """
            <tr id="appointment-\(id)"><th scope="row">\(HTML.escape(when))\(HTML.escape(state))</th>
            <td>\(HTML.escape(appointment.type))</td><td>\(HTML.escape(appointment.placeName))</td>
            <td class="nowrap">\(HTML.escape(appointment.maskedNumber ?? "none"))</td><td>\(HTML.escape(consent))</td>
            <td id="sms-\(id)">\(sms)</td>\(reminder)</tr>
            """
    }

    /// What the officer reads after pressing the button.
    static func describe(_ answer: ReminderAnswer) -> ConsoleSessions.Flash {
        let zone = answer.recipientTimeZone.flatMap(TimeZone.init(identifier:)) ?? .gmt
        guard answer.status == "scheduled", let sendAt = answer.sendAt else {
            return ConsoleSessions.Flash(
                text: "Reminder refused: \(answer.explanation ?? "no reason given")"
                    + (answer.reason.map { " (\($0))" } ?? "") + ".", refused: true)
        }
        var text = "Reminder scheduled at \(local(sendAt, in: zone)) to \(answer.maskedNumber ?? "the recorded mobile")"
        if let deferral = answer.deferral { text += " (\(deferral))" }
        if let encoding = answer.encoding, let segments = answer.segments { text += "; \(encoding), \(segments) segment(s)" }
        return ConsoleSessions.Flash(text: text + ".", refused: false)
    }

    /// `Thu 2026-03-05 14:30 (Europe/Paris)`.
    static func local(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE yyyy-MM-dd HH:mm"
        return "\(formatter.string(from: date)) (\(zone.identifier))"
    }
}
