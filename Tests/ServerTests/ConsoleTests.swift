import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@Suite(.serialized) struct ConsoleTests {
    /// Signs in with a token; returns the session cookie and the page's anti-forgery token.
    func signIn(_ gateway: TestGateway, token: String) async throws -> (cookie: String, csrf: String?) {
        let login = try await gateway.request(.POST, "/console/login", token: nil,
                                              body: Array("token=\(token)".utf8),
                                              contentType: "application/x-www-form-urlencoded")
        #expect(login.status == 303)
        let setCookie = try #require(login.headers.first(name: "Set-Cookie"))
        #expect(setCookie.contains("HttpOnly"))
        #expect(setCookie.contains("SameSite=Strict"))
        let cookie = String(setCookie.split(separator: ";")[0])
        let page = try await send(gateway, .GET, "/console", cookie: cookie)
        return (cookie, ConsoleBrowser.csrf(in: page.body))
    }

    func send(_ gateway: TestGateway, _ method: HTTPMethod, _ path: String, cookie: String?, form: String? = nil) async throws -> HTTPExchange {
        try await ConsoleBrowser.send(port: gateway.port, method, path, cookie: cookie, form: form)
    }

    @Test func consoleShowsAdaptersAndChangesThemOnlyWithSessionAndAntiForgeryToken() async throws {
        try await TestGateway.run { gateway in
            let anonymous = try await send(gateway, .GET, "/console", cookie: nil)
            #expect(anonymous.status == 303)
            #expect(anonymous.headers.first(name: "Location") == "/console/login")

            let wrong = try await gateway.request(.POST, "/console/login", token: nil, body: Array("token=nope".utf8),
                                                  contentType: "application/x-www-form-urlencoded")
            #expect(wrong.status == 401)

            let (cookie, csrf) = try await signIn(gateway, token: TestGateway.opsToken)
            let page = try await send(gateway, .GET, "/console", cookie: cookie)
            #expect(page.status == 200)
            #expect(page.body.contains(#"id="state-home" data-state="enabled">activé"#))
            #expect(page.body.contains("<label for=\"reason-home\">"))

            let forged = try await send(gateway, .POST, "/console/adapters/home", cookie: cookie,
                                        form: "action=disable&reason=forged&csrf=0000")
            #expect(forged.status == 403)
            let signedOut = try await send(gateway, .POST, "/console/adapters/home", cookie: nil,
                                           form: "action=disable&reason=x&csrf=\(csrf ?? "")")
            #expect(signedOut.status == 401)
            #expect(try await gateway.store.adapterStates().isEmpty)

            let disabled = try await send(gateway, .POST, "/console/adapters/home", cookie: cookie,
                                          form: "action=disable&reason=console+test&csrf=\(try #require(csrf))")
            #expect(disabled.status == 303)
            let state = try #require(try await gateway.store.adapterStates().first)
            #expect(state.mode == .disabled)
            #expect(state.actor == "ops-test")
            #expect(state.reason == "console test")

            let auditorOnly = try await send(gateway, .GET, "/console/audit", cookie: cookie)
            #expect(auditorOnly.status == 403)
        }
    }

    @Test func officersSignInToTheirPageWhichSaysWhenNoSMSServiceIsConfiguredAndAuditorsCannotOpenIt() async throws {
        try await TestGateway.run { gateway in
            let officer = try await ConsoleBrowser.signIn(port: gateway.port, token: TestGateway.officerToken)
            #expect(officer.location == "/console/appointments")
            let cookie = try #require(officer.cookie)
            let page = try await send(gateway, .GET, "/console/appointments", cookie: cookie)
            #expect(page.status == 200)
            #expect(page.body.contains("pas de service SMS configuré"))
            let (auditor, _) = try await signIn(gateway, token: TestGateway.auditorToken)
            let refused = try await send(gateway, .GET, "/console/appointments", cookie: auditor)
            #expect(refused.status == 403)
        }
    }

    @Test func malformedFormBodiesAreRefusedWithoutHarm() async throws {
        try await TestGateway.run { gateway in
            for body in ["token=%zz%", "%", "token=%E9%", "=&&=%", String(repeating: "a=b&", count: 5_000)] {
                let answer = try await gateway.request(.POST, "/console/login", token: nil, body: Array(body.utf8),
                                                       contentType: "application/x-www-form-urlencoded")
                #expect(answer.status == 401)
            }
            let live = try await gateway.request(.GET, "/health/live", token: nil)
            #expect(live.status == 200)
        }
    }

    @Test func consoleEscapesWhatItShows() async throws {
        try await TestGateway.run { gateway in
            let (cookie, _) = try await signIn(gateway, token: TestGateway.auditorToken)
            let page = try await send(gateway, .GET, "/console/audit?subject=%3Cscript%3Ealert(1)%3C/script%3E", cookie: cookie)
            #expect(page.status == 200)
            #expect(!page.body.contains("<script>"))
            #expect(page.body.contains("&lt;script&gt;"))
        }
    }
}
