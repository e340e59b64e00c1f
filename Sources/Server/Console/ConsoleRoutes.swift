import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import SMSAdapter

/// The web console: adapters and queues at a glance, switches, dead letters, the audit log by subject, and the officers'
/// upcoming appointments with their SMS. Plain server-rendered HTML that reads without JavaScript; every change goes
/// through a form with the session's anti-forgery token (and a reason, for ops changes).
struct ConsoleRoutes: Sendable {
    let context: APIContext
    let sessions: ConsoleSessions
    static let cookie = "passerelle_session"
    /// The roles that may sign in, and the page each lands on.
    static let landing: [ClientRole: String] = [.ops: "/console", .officer: "/console/appointments",
                                                 .auditor: "/console/audit"]

    func register(on router: RouteTable) {
        router.get("/console/login") { _, _ in loginPage(.ok, error: nil) }
        router.post("/console/login") { request, _ in await login(request) }
        router.post("/console/logout") { request, _ in
            sessions.close(id: Self.sessionId(request))
            return redirect("/console/login", clearCookie: true)
        }
        router.get("/console") { request, _ in
            await page(request, roles: [.ops]) { client, session in try await overview(client, session) }
        }
        router.post("/console/adapters/:name") { request, requestContext in
            await action(request, roles: [.ops]) { client, form in
                let name = requestContext.parameters.get("name") ?? ""
                guard context.config.adapters[name] != nil else {
                    return ConsoleText.current("error.unknownAdapter", ["name": name])
                }
                let mode: AdapterMode
                switch form["action"] {
                case "enable": mode = .enabled
                case "disable": mode = .disabled
                case "pause": mode = .paused
                default: return ConsoleText.current("error.chooseAdapterAction")
                }
                guard let reason = Self.reason(form) else { return ConsoleText.current("error.reasonRequired") }
                _ = try await context.store.setAdapterState(name: name, mode: mode, actor: actor(client),
                                                            reason: reason, now: context.clock())
                context.delivery.wakeAll()
                return nil
            } done: { "/console" }
        }
        router.get("/console/dead-letters") { request, _ in
            await page(request, roles: [.ops]) { client, session in try await deadLetters(client, session) }
        }
        router.post("/console/deliveries/:id") { request, requestContext in
            await action(request, roles: [.ops]) { client, form in
                let id = (requestContext.parameters.get("id") ?? "").lowercased()
                guard let reason = Self.reason(form) else { return ConsoleText.current("error.reasonRequired") }
                do {
                    switch form["action"] {
                    case "replay":
                        let delivery = try await context.store.replay(deliveryId: id, actor: actor(client), reason: reason,
                                                                      now: context.clock())
                        context.delivery.wake([delivery.destination])
                    case "cancel":
                        _ = try await context.store.cancel(deliveryId: id, actor: actor(client), reason: reason,
                                                           now: context.clock())
                    default:
                        return ConsoleText.current("error.chooseDeliveryAction")
                    }
                } catch let error as StoreError {
                    return Self.describe(error)
                }
                return nil
            } done: { "/console/dead-letters" }
        }
        router.get("/console/appointments") { request, _ in
            await appointments(request)
        }
        router.post("/console/appointments/:id/reminders") { request, requestContext in
            await remind(request, appointment: requestContext.parameters.get("id") ?? "")
        }
        router.get("/console/audit") { request, _ in
            await page(request, roles: [.auditor]) { client, _ in
                try await audit(client, subject: request.uri.queryParameters.get("subject"))
            }
        }
    }

    // MARK: Pages

    private func overview(_ client: Client, _ session: ConsoleSessions.Session) async throws -> String {
        let text = ConsoleText.current
        let states = Dictionary(try await context.store.adapterStates().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let queues = Dictionary(try await context.store.queueStats(now: context.clock()).map { ($0.destination, $0) },
                                uniquingKeysWith: { a, _ in a })
        var adapters = ""
        for name in context.config.adapters.keys.sorted() {
            let mode = states[name]?.mode ?? context.config.defaultModes[name] ?? .disabled
            let why = states[name].map { "\($0.actor ?? "-"): \($0.reason ?? "-")" } ?? text("overview.fromConfiguration")
            adapters += """
                <tr><th scope="row">\(HTML.escape(name))</th><td class="\(mode.rawValue)" id="state-\(HTML.escape(name))" data-state="\(mode.rawValue)">\(HTML.escape(text.word("mode", mode.rawValue)))</td>
                <td>\(HTML.escape(why))</td><td>
                <form class="inline" method="post" action="/console/adapters/\(HTML.escape(name))">
                <input type="hidden" name="csrf" value="\(session.csrf)">
                <label for="reason-\(HTML.escape(name))">\(HTML.escape(text("overview.reason")))</label>
                <input id="reason-\(HTML.escape(name))" name="reason" required maxlength="500">
                <button name="action" value="enable">\(HTML.escape(text("overview.enable")))</button><button name="action" value="pause">\(HTML.escape(text("overview.pause")))</button>
                <button name="action" value="disable">\(HTML.escape(text("overview.disable")))</button></form></td></tr>
                """
        }
        var destinations = ""
        let circuits = context.delivery.circuitStates()
        for destination in context.config.destinations {
            let queue = queues[destination.name]
            let activity = context.metrics.activity(destination: destination.name, now: context.clock())
            let age = queue?.oldestPendingAgeSeconds.map { text("overview.seconds", ["seconds": String(format: "%.0f", $0)]) } ?? "-"
            destinations += """
                <tr><th scope="row">\(HTML.escape(destination.name))</th><td>\(HTML.escape(destination.adapter))</td>
                <td>\(HTML.escape(destination.role.rawValue))</td>
                <td id="queued-\(HTML.escape(destination.name))">\((queue?.pending ?? 0) + (queue?.inFlight ?? 0))</td>
                <td>\(age)</td><td>\(activity.perMinute)</td><td>\(queue?.dead ?? 0)</td><td>\(queue?.delivered ?? 0)</td>
                <td id="circuit-\(HTML.escape(destination.name))">\(HTML.escape(text.word("circuit", circuits[destination.name]?.name ?? "closed")))</td>
                <td>\(HTML.escape(activity.lastError ?? "-"))</td></tr>
                """
        }
        func heads(_ keys: [String]) -> String {
            keys.map { "<th scope=\"col\">\(HTML.escape(text("overview.\($0)")))</th>" }.joined()
        }
        return HTML.page(title: text("overview.title"), client: client, body: """
            <h1>\(HTML.escape(text("overview.title")))</h1><p>\(HTML.escape(text("overview.intro")))</p>
            <table><caption>\(HTML.escape(text("overview.adapters")))</caption><thead><tr>\(heads(["adapter", "state", "setBy", "change"]))</tr></thead><tbody>\(adapters)</tbody></table>
            <table><caption>\(HTML.escape(text("overview.destinations")))</caption><thead><tr>\(heads(["destination", "adapter", "role", "queued", "oldest", "perMinute", "dead", "delivered", "circuit", "lastError"]))</tr></thead><tbody>\(destinations)</tbody></table>
            """, refreshSeconds: 5)
    }

    private func deadLetters(_ client: Client, _ session: ConsoleSessions.Session) async throws -> String {
        let text = ConsoleText.current
        let dead = try await context.store.deliveries(status: .dead, destination: nil, limit: 500)
        let rows = dead.map { delivery in
            """
            <tr><td><code>\(HTML.escape(delivery.id))</code></td><td><code>\(HTML.escape(delivery.messageId))</code></td>
            <td>\(HTML.escape(delivery.destination))</td><td>\(delivery.attempts)</td>
            <td>\(HTML.escape(delivery.lastError ?? "-"))</td><td>
            <form class="inline" method="post" action="/console/deliveries/\(HTML.escape(delivery.id))">
            <input type="hidden" name="csrf" value="\(session.csrf)">
            <label for="reason-\(HTML.escape(delivery.id))">\(HTML.escape(text("dead.reason")))</label>
            <input id="reason-\(HTML.escape(delivery.id))" name="reason" required maxlength="500">
            <button name="action" value="replay">\(HTML.escape(text("dead.replay")))</button><button name="action" value="cancel">\(HTML.escape(text("dead.cancel")))</button></form></td></tr>
            """
        }.joined()
        let heads = ["delivery", "message", "destination", "attempts", "lastError", "action"]
            .map { "<th scope=\"col\">\(HTML.escape(text("dead.\($0)")))</th>" }.joined()
        return HTML.page(title: text("dead.title"), client: client, body: """
            <h1>\(HTML.escape(text("dead.title")))</h1><p>\(HTML.escape(text("dead.intro", ["count": String(dead.count)])))</p>
            <table><caption>\(HTML.escape(text("dead.title")))</caption><thead><tr>\(heads)</tr></thead><tbody>\(rows)</tbody></table>
            """)
    }

    private func audit(_ client: Client, subject: String?) async throws -> String {
        let text = ConsoleText.current
        var results = ""
        if let subject, !subject.isEmpty {
            let entries = try await context.store.auditEntries(subject: subject, limit: 1_000)
            let heads = ["time", "operation", "actor", "purpose", "categories", "recipients", "outcome"]
                .map { "<th scope=\"col\">\(HTML.escape(text("audit.\($0)")))</th>" }.joined()
            results = """
                <table><caption>\(HTML.escape(text("audit.caption", ["count": String(entries.count), "subject": subject])))</caption><thead><tr>
                <th scope="col">#</th>\(heads)</tr></thead><tbody>
                """ + entries.map { entry in
                    """
                    <tr><td>\(entry.seq)</td><td><time datetime="\(Timestamps.iso8601(Date(timeIntervalSince1970: Double(entry.at) / 1_000)))">\(HTML.escape(text.date(Date(timeIntervalSince1970: Double(entry.at) / 1_000), in: .gmt)))</time></td>
                    <td>\(HTML.escape(text.word("audit.operation", entry.operation.rawValue)))</td><td>\(HTML.escape(entry.actor)) (\(HTML.escape(entry.actorFunction)))</td>
                    <td>\(HTML.escape(entry.purpose ?? "-"))</td><td>\(HTML.escape(entry.categories.joined(separator: ", ")))</td>
                    <td>\(HTML.escape(entry.recipients.joined(separator: ", ")))</td><td>\(HTML.escape(entry.outcome))</td></tr>
                    """
                }.joined() + "</tbody></table>"
        }
        return HTML.page(title: text("audit.title"), client: client, body: """
            <h1>\(HTML.escape(text("audit.title")))</h1>
            <form method="get" action="/console/audit" class="inline"><label for="subject">\(HTML.escape(text("audit.subject")))</label>
            <input id="subject" name="subject" value="\(HTML.escape(subject ?? ""))" placeholder="\(HTML.escape(text("audit.placeholder")))">
            <button type="submit">\(HTML.escape(text("audit.search")))</button></form>\(results)
            """)
    }

    /// Officers and ops read the window's appointments; the outcome of a reminder button is shown once, on top.
    private func appointments(_ request: Request) async -> Response {
        let flash = sessions.takeFlash(id: Self.sessionId(request))
        return await page(request, roles: [.officer, .ops]) { client, session in
            let asked = request.uri.queryParameters.get("upcoming") ?? AppointmentsPage.defaultWindow
            let known = AppointmentsPage.windows.contains { $0.value == asked }
            let view = AppointmentsPage(client: client, session: session,
                                        window: known ? asked : AppointmentsPage.defaultWindow, flash: flash)
            guard known, let window = SMSRoutes.window(asked) else {
                return (.badRequest, view.render(problem: ConsoleText.current("appointments.badWindow")))
            }
            guard let service = context.sms else {
                return (.ok, view.render(problem: ConsoleText.current("appointments.noSMSService")))
            }
            return (.ok, view.render(try await service.upcoming(within: window, limit: 500)))
        }
    }

    /// The officer's "send reminder" button: the officer desk of the SMS service decides and audits, as for the API.
    private func remind(_ request: Request, appointment: String) async -> Response {
        await submission(request, roles: [.officer]) { client, sessionId, form in
            let asked = form["upcoming"] ?? AppointmentsPage.defaultWindow
            let back = "/console/appointments?upcoming="
                + (AppointmentsPage.windows.contains { $0.value == asked } ? asked : AppointmentsPage.defaultWindow)
            guard let id = UUID(uuidString: appointment)?.uuidString.lowercased() else {
                return notDone(.badRequest, client, ConsoleText.current("error.badAppointmentId"), back: back)
            }
            guard let service = context.sms else {
                return notDone(.notFound, client, ConsoleText.current("error.noSMSService"), back: back)
            }
            guard let answer = try await service.remind(appointmentId: id, actor: actor(client)) else {
                return notDone(.notFound, client, ConsoleText.current("error.unknownAppointment"), back: back)
            }
            sessions.leave(AppointmentsPage.describe(answer), for: sessionId)
            return redirect(back + "#reminder-result")
        }
    }

    private func loginPage(_ status: HTTPResponse.Status, error: String?) -> Response {
        let text = ConsoleText.current
        let message = error.map { "<p role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        return html(status, HTML.page(title: text("login.title"), client: nil, body: """
            <h1>\(HTML.escape(text("login.title")))</h1>\(message)
            <form method="post" action="/console/login"><label for="token">\(HTML.escape(text("login.token")))</label>
            <input id="token" name="token" type="password" required autocomplete="off">
            <button type="submit">\(HTML.escape(text("login.submit")))</button></form>
            """))
    }

    // MARK: Plumbing

    private func login(_ request: Request) async -> Response {
        let form = await Self.form(request)
        guard let token = form["token"], let client = context.clients.authenticate("Bearer \(token)"),
              let landing = Self.landing[client.role] else {
            _ = await Door(context: context, client: nil, adapter: nil)
                .refuse(.unauthorized, "unauthenticated", "console sign-in refused")
            return loginPage(.unauthorized, error: ConsoleText.current("login.refused"))
        }
        let (id, _) = sessions.open(for: client, now: context.clock())
        var response = redirect(landing)
        response.headers[.setCookie] = "\(Self.cookie)=\(id); Path=/console; HttpOnly; SameSite=Strict; Max-Age=28800"
        return response
    }

    private func page(_ request: Request, roles: Set<ClientRole>,
                      _ render: (Client, ConsoleSessions.Session) async throws -> String) async -> Response {
        await page(request, roles: roles) { client, session in (.ok, try await render(client, session)) }
    }

    private func page(_ request: Request, roles: Set<ClientRole>,
                      _ render: (Client, ConsoleSessions.Session) async throws -> (HTTPResponse.Status, String)) async -> Response {
        guard let session = sessions.session(id: Self.sessionId(request), now: context.clock()) else {
            return redirect("/console/login")
        }
        guard roles.contains(session.client.role) else {
            await auditRefusal("forbidden", "console page refused to role \(session.client.role.rawValue)", session.client)
            return message(.forbidden, session.client, title: "refused.title", "refused.page")
        }
        do {
            let (status, body) = try await render(session.client, session)
            return html(status, body)
        } catch {
            return message(.serviceUnavailable, session.client, title: "unavailable.title", "unavailable.text")
        }
    }

    /// A form post: session, role and anti-forgery token checked, then the change; back to `done` or an error page.
    private func action(_ request: Request, roles: Set<ClientRole>,
                        _ change: (Client, [String: String]) async throws -> String?,
                        done: () -> String) async -> Response {
        await submission(request, roles: roles) { client, _, form in
            if let problem = try await change(client, form) {
                return notDone(.badRequest, client, problem, back: done())
            }
            return redirect(done())
        }
    }

    /// A form post with its session, role and anti-forgery token checked before `handle` runs; a store failure is a 503 page.
    private func submission(_ request: Request, roles: Set<ClientRole>,
                            _ handle: (Client, String?, [String: String]) async throws -> Response) async -> Response {
        let sessionId = Self.sessionId(request)
        guard let session = sessions.session(id: sessionId, now: context.clock()) else {
            // A change without a session is refused outright, not redirected: nothing was done.
            let text = ConsoleText.current
            return html(.unauthorized, HTML.page(title: text("signedOut.title"), client: nil, body: """
                <h1>\(HTML.escape(text("signedOut.title")))</h1><p>\(HTML.escape(text("signedOut.text")))
                <a href="/console/login">\(HTML.escape(text("signedOut.again")))</a></p>
                """))
        }
        let form = await Self.form(request)
        guard roles.contains(session.client.role) else {
            await auditRefusal("forbidden", "console form refused to role \(session.client.role.rawValue)", session.client)
            return message(.forbidden, session.client, title: "refused.title", "refused.form")
        }
        guard form["csrf"] == session.csrf else {
            await auditRefusal("bad-csrf", "console form without this session's anti-forgery token", session.client)
            return message(.forbidden, session.client, title: "refused.title", "refused.csrf")
        }
        do {
            return try await handle(session.client, sessionId, form)
        } catch {
            return message(.serviceUnavailable, session.client, title: "unavailable.title", "unavailable.text")
        }
    }

    /// A page of one heading and one sentence, both from the catalogue.
    private func message(_ status: HTTPResponse.Status, _ client: Client, title: String, _ sentence: String) -> Response {
        let text = ConsoleText.current
        return html(status, HTML.page(title: text(title), client: client,
                                      body: "<h1>\(HTML.escape(text(title)))</h1><p>\(HTML.escape(text(sentence)))</p>"))
    }

    /// A store's refusal of a replay or a cancel, in the console's words.
    static func describe(_ error: StoreError) -> String {
        let text = ConsoleText.current
        switch error {
        case .notFound: return text("error.deliveryNotFound")
        case .invalidTransition(let id, let from, _):
            return text("error.invalidTransition", ["id": id, "status": text.word("delivery", from.rawValue)])
        case .misconfigured: return text("error.store")
        }
    }

    /// A console refusal is audited and counted like an API one; the browser still gets a page.
    private func auditRefusal(_ errorClass: String, _ message: String, _ client: Client) async {
        _ = await Door(context: context, client: client, adapter: nil).refuse(.forbidden, errorClass, message)
    }

    private func notDone(_ status: HTTPResponse.Status, _ client: Client, _ problem: String, back: String) -> Response {
        let text = ConsoleText.current
        return html(status, HTML.page(title: text("notDone.title"), client: client,
                                      body: "<h1>\(HTML.escape(text("notDone.title")))</h1><p role=\"alert\">\(HTML.escape(problem))</p>"
                                          + "<p><a href=\"\(HTML.escape(back))\">\(HTML.escape(text("notDone.back")))</a></p>"))
    }

    private func actor(_ client: Client) -> AuditActor {
        AuditActor(id: client.name, function: "\(client.role.rawValue) (console)")
    }

    private func html(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    private func redirect(_ location: String, clearCookie: Bool = false) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if clearCookie { headers[.setCookie] = "\(Self.cookie)=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0" }
        return Response(status: .seeOther, headers: headers)
    }

    static func sessionId(_ request: Request) -> String? {
        guard let cookies = request.headers[.cookie] else { return nil }
        for pair in cookies.split(separator: ";") {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == cookie { return String(parts[1]) }
        }
        return nil
    }

    static func reason(_ form: [String: String]) -> String? {
        guard let reason = form["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty,
              reason.count <= 500 else { return nil }
        return reason
    }

    /// An `application/x-www-form-urlencoded` body of at most 16 KiB.
    static func form(_ request: Request) async -> [String: String] {
        var request = request
        guard let buffer = try? await request.collectBody(upTo: 16 * 1024) else { return [:] }
        return formFields(String(buffer: buffer))
    }

    /// Decodes `a=1&b=x+y`; a pair that is not valid percent-encoding is dropped, the first of a repeated name wins.
    /// (Foundation's URLComponents traps on malformed input, so it is not used on request bodies.)
    static func formFields(_ text: String) -> [String: String] {
        var form: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = decode(parts[0]), let value = parts.count == 2 ? decode(parts[1]) : "",
                  form[name] == nil else { continue }
            form[name] = value
        }
        return form
    }
}
