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
                guard context.config.adapters[name] != nil else { return "No adapter named \(name)." }
                let mode: AdapterMode
                switch form["action"] {
                case "enable": mode = .enabled
                case "disable": mode = .disabled
                case "pause": mode = .paused
                default: return "Choose enable, disable or pause."
                }
                guard let reason = Self.reason(form) else { return "Say why (1 to 500 characters)." }
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
                guard let reason = Self.reason(form) else { return "Say why (1 to 500 characters)." }
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
                        return "Choose replay or cancel."
                    }
                } catch let error as StoreError {
                    return error.description
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
        let states = Dictionary(try await context.store.adapterStates().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let queues = Dictionary(try await context.store.queueStats(now: context.clock()).map { ($0.destination, $0) },
                                uniquingKeysWith: { a, _ in a })
        var adapters = ""
        for name in context.config.adapters.keys.sorted() {
            let mode = states[name]?.mode ?? context.config.defaultModes[name] ?? .disabled
            let why = states[name].map { "\($0.actor ?? "-"): \($0.reason ?? "-")" } ?? "configuration"
            adapters += """
                <tr><th scope="row">\(HTML.escape(name))</th><td class="\(mode.rawValue)" id="state-\(HTML.escape(name))">\(mode.rawValue)</td>
                <td>\(HTML.escape(why))</td><td>
                <form class="inline" method="post" action="/console/adapters/\(HTML.escape(name))">
                <input type="hidden" name="csrf" value="\(session.csrf)">
                <label for="reason-\(HTML.escape(name))">Reason</label>
                <input id="reason-\(HTML.escape(name))" name="reason" required maxlength="500">
                <button name="action" value="enable">Enable</button><button name="action" value="pause">Pause</button>
                <button name="action" value="disable">Disable</button></form></td></tr>
                """
        }
        var destinations = ""
        let circuits = context.delivery.circuitStates()
        for destination in context.config.destinations {
            let queue = queues[destination.name]
            let activity = context.metrics.activity(destination: destination.name, now: context.clock())
            let age = queue?.oldestPendingAgeSeconds.map { String(format: "%.0f s", $0) } ?? "-"
            destinations += """
                <tr><th scope="row">\(HTML.escape(destination.name))</th><td>\(HTML.escape(destination.adapter))</td>
                <td>\(HTML.escape(destination.role.rawValue))</td>
                <td id="queued-\(HTML.escape(destination.name))">\((queue?.pending ?? 0) + (queue?.inFlight ?? 0))</td>
                <td>\(age)</td><td>\(activity.perMinute)</td><td>\(queue?.dead ?? 0)</td><td>\(queue?.delivered ?? 0)</td>
                <td id="circuit-\(HTML.escape(destination.name))">\(circuits[destination.name]?.name ?? "closed")</td>
                <td>\(HTML.escape(activity.lastError ?? "-"))</td></tr>
                """
        }
        return HTML.page(title: "Adapters and queues", client: client, body: """
            <h1>Adapters and queues</h1><p>Refreshes every 5 seconds. Disabling an adapter keeps its queue.</p>
            <table><caption>Adapters</caption><thead><tr><th scope="col">Adapter</th><th scope="col">State</th>
            <th scope="col">Set by, why</th><th scope="col">Change</th></tr></thead><tbody>\(adapters)</tbody></table>
            <table><caption>Destinations</caption><thead><tr><th scope="col">Destination</th><th scope="col">Adapter</th>
            <th scope="col">Role</th><th scope="col">Queued</th><th scope="col">Oldest queued</th>
            <th scope="col">Delivered last minute</th><th scope="col">Dead letters</th><th scope="col">Delivered</th>
            <th scope="col">Circuit</th><th scope="col">Last error</th></tr></thead><tbody>\(destinations)</tbody></table>
            """, refreshSeconds: 5)
    }

    private func deadLetters(_ client: Client, _ session: ConsoleSessions.Session) async throws -> String {
        let dead = try await context.store.deliveries(status: .dead, destination: nil, limit: 500)
        let rows = dead.map { delivery in
            """
            <tr><td><code>\(HTML.escape(delivery.id))</code></td><td><code>\(HTML.escape(delivery.messageId))</code></td>
            <td>\(HTML.escape(delivery.destination))</td><td>\(delivery.attempts)</td>
            <td>\(HTML.escape(delivery.lastError ?? "-"))</td><td>
            <form class="inline" method="post" action="/console/deliveries/\(HTML.escape(delivery.id))">
            <input type="hidden" name="csrf" value="\(session.csrf)">
            <label for="reason-\(HTML.escape(delivery.id))">Reason</label>
            <input id="reason-\(HTML.escape(delivery.id))" name="reason" required maxlength="500">
            <button name="action" value="replay">Replay</button><button name="action" value="cancel">Cancel</button></form></td></tr>
            """
        }.joined()
        return HTML.page(title: "Dead letters", client: client, body: """
            <h1>Dead letters</h1><p>\(dead.count) deliveries gave up. A replay is a new attempt cycle linked to the old one.</p>
            <table><caption>Dead letters</caption><thead><tr><th scope="col">Delivery</th><th scope="col">Message</th>
            <th scope="col">Destination</th><th scope="col">Attempts</th><th scope="col">Last error</th>
            <th scope="col">Action</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }

    private func audit(_ client: Client, subject: String?) async throws -> String {
        var results = ""
        if let subject, !subject.isEmpty {
            let entries = try await context.store.auditEntries(subject: subject, limit: 1_000)
            results = """
                <table><caption>\(entries.count) entries for \(HTML.escape(subject))</caption><thead><tr>
                <th scope="col">#</th><th scope="col">Time (UTC)</th><th scope="col">Operation</th><th scope="col">Actor</th>
                <th scope="col">Purpose</th><th scope="col">Categories</th><th scope="col">Recipients</th>
                <th scope="col">Outcome</th></tr></thead><tbody>
                """ + entries.map { entry in
                    """
                    <tr><td>\(entry.seq)</td><td>\(Timestamps.iso8601(Date(timeIntervalSince1970: Double(entry.at) / 1_000)))</td>
                    <td>\(entry.operation.rawValue)</td><td>\(HTML.escape(entry.actor)) (\(HTML.escape(entry.actorFunction)))</td>
                    <td>\(HTML.escape(entry.purpose ?? "-"))</td><td>\(HTML.escape(entry.categories.joined(separator: ", ")))</td>
                    <td>\(HTML.escape(entry.recipients.joined(separator: ", ")))</td><td>\(HTML.escape(entry.outcome))</td></tr>
                    """
                }.joined() + "</tbody></table>"
        }
        return HTML.page(title: "Audit log", client: client, body: """
            <h1>Audit log</h1>
            <form method="get" action="/console/audit" class="inline"><label for="subject">Subject</label>
            <input id="subject" name="subject" value="\(HTML.escape(subject ?? ""))" placeholder="person:&lt;uuid&gt; or case:&lt;id&gt;">
            <button type="submit">Search</button></form>\(results)
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
                return (.badRequest, view.render(problem: "Choose one of the offered periods: next 24 hours, 7 days or 30 days."))
            }
            guard let service = context.sms else {
                return (.ok, view.render(problem: "This gateway has no SMS service configured: there are no appointments to show."))
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
                return notDone(.badRequest, client, "An appointment id is a UUID.", back: back)
            }
            guard let service = context.sms else {
                return notDone(.notFound, client, "This gateway has no SMS service configured.", back: back)
            }
            guard let answer = try await service.remind(appointmentId: id, actor: actor(client)) else {
                return notDone(.notFound, client, "No appointment with this id has reached the SMS service.", back: back)
            }
            sessions.leave(AppointmentsPage.describe(answer), for: sessionId)
            return redirect(back + "#reminder-result")
        }
    }

    private func loginPage(_ status: HTTPResponse.Status, error: String?) -> Response {
        let message = error.map { "<p role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        return html(status, HTML.page(title: "Sign in", client: nil, body: """
            <h1>Sign in</h1>\(message)
            <form method="post" action="/console/login"><label for="token">Access token</label>
            <input id="token" name="token" type="password" required autocomplete="off">
            <button type="submit">Sign in</button></form>
            """))
    }

    // MARK: Plumbing

    private func login(_ request: Request) async -> Response {
        let form = await Self.form(request)
        guard let token = form["token"], let client = context.clients.authenticate("Bearer \(token)"),
              let landing = Self.landing[client.role] else {
            _ = await Door(context: context, client: nil, adapter: nil)
                .refuse(.unauthorized, "unauthenticated", "console sign-in refused")
            return loginPage(.unauthorized, error: "Unknown token, or not an ops, officer or auditor token.")
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
            return html(.forbidden, HTML.page(title: "Not allowed", client: session.client,
                                              body: "<h1>Not allowed</h1><p>Your role cannot see this page.</p>"))
        }
        do {
            let (status, body) = try await render(session.client, session)
            return html(status, body)
        } catch {
            return html(.serviceUnavailable, HTML.page(title: "Unavailable", client: session.client,
                                                       body: "<h1>Unavailable</h1><p>The store does not answer; try again.</p>"))
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
            return html(.unauthorized, HTML.page(title: "Signed out", client: nil, body: """
                <h1>Signed out</h1><p>Your session has ended; nothing was changed. <a href="/console/login">Sign in</a> again.</p>
                """))
        }
        let form = await Self.form(request)
        guard roles.contains(session.client.role) else {
            await auditRefusal("forbidden", "console form refused to role \(session.client.role.rawValue)", session.client)
            return html(.forbidden, HTML.page(title: "Not allowed", client: session.client,
                                              body: "<h1>Not allowed</h1><p>Your role cannot do this; nothing was changed.</p>"))
        }
        guard form["csrf"] == session.csrf else {
            await auditRefusal("bad-csrf", "console form without this session's anti-forgery token", session.client)
            return html(.forbidden, HTML.page(title: "Not allowed", client: session.client,
                                              body: "<h1>Not allowed</h1><p>This form has expired; reload the page.</p>"))
        }
        do {
            return try await handle(session.client, sessionId, form)
        } catch {
            return html(.serviceUnavailable, HTML.page(title: "Unavailable", client: session.client,
                                                       body: "<h1>Unavailable</h1><p>The store does not answer; try again.</p>"))
        }
    }

    /// A console refusal is audited and counted like an API one; the browser still gets a page.
    private func auditRefusal(_ errorClass: String, _ message: String, _ client: Client) async {
        _ = await Door(context: context, client: client, adapter: nil).refuse(.forbidden, errorClass, message)
    }

    private func notDone(_ status: HTTPResponse.Status, _ client: Client, _ problem: String, back: String) -> Response {
        html(status, HTML.page(title: "Not done", client: client,
                               body: "<h1>Not done</h1><p role=\"alert\">\(HTML.escape(problem))</p>"
                                   + "<p><a href=\"\(HTML.escape(back))\">Back</a></p>"))
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
