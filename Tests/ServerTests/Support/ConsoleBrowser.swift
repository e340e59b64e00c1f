import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A browser's requests to the console: a session cookie, form posts, no redirect followed.
enum ConsoleBrowser {
    static func send(port: Int, _ method: HTTPMethod, _ path: String, cookie: String?,
                     form: String? = nil) async throws -> HTTPExchange {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        let response = try await HTTPExchange.client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return HTTPExchange(status: Int(response.status.code), body: String(buffer: body), headers: response.headers)
    }

    /// Signs in with a token: the session cookie, and where the console sent the browser.
    static func signIn(port: Int, token: String) async throws -> (cookie: String?, location: String?, status: Int) {
        let login = try await send(port: port, .POST, "/console/login", cookie: nil, form: "token=\(token)")
        let cookie = login.headers.first(name: "Set-Cookie").map { String($0.split(separator: ";")[0]) }
        return (cookie, login.headers.first(name: "Location"), login.status)
    }

    /// The anti-forgery token of the first form on a page.
    static func csrf(in page: String) -> String? {
        page.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression)
            .map { String(page[$0].dropFirst(#"name="csrf" value=""#.count).dropLast()) }
    }
}
