import Hummingbird

/// Registers routes on the Hummingbird router and keeps their list, so a test can hold `openapi.yaml` to
/// exactly the routes the gateway serves.
final class RouteTable {
    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response

    let router: Router<BasicRequestContext>
    /// Used only while the server is being set up, on one task.
    private(set) var routes: [String] = []

    init(router: Router<BasicRequestContext>) {
        self.router = router
    }

    func get(_ path: String, _ handler: @escaping Handler) {
        note("GET", path)
        router.get(RouterPath(path), use: handler)
    }

    func post(_ path: String, _ handler: @escaping Handler) {
        note("POST", path)
        router.post(RouterPath(path), use: handler)
    }

    func delete(_ path: String, _ handler: @escaping Handler) {
        note("DELETE", path)
        router.delete(RouterPath(path), use: handler)
    }

    /// Records "METHOD /path/{param}", in OpenAPI's spelling of parameters.
    private func note(_ method: String, _ path: String) {
        let openAPIPath = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
        routes.append("\(method) \(openAPIPath)")
    }
}
