import HTTPTypes
import Hummingbird

/// Answers requests no route matched: 405 with `Allow` when the path exists under other methods, else a JSON 404.
struct UnmatchedRoutes: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// Route patterns as segments (`{…}` matches any one segment) with the methods each accepts.
    private let patterns: [(segments: [Substring], methods: [String])]

    init(routes: [String]) {
        var byPath: [String: [String]] = [:]
        for route in routes {
            let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
            byPath[parts[1], default: []].append(parts[0])
        }
        patterns = byPath.map { ($0.key.split(separator: "/"), $0.value.sorted()) }
    }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let segments = request.uri.path.split(separator: "/")
            let allowed = patterns.filter { pattern in
                pattern.segments.count == segments.count
                    && zip(pattern.segments, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }.flatMap(\.methods)
            if allowed.isEmpty {
                return APIJSON.error(.notFound, "not-found", "no such endpoint; openapi.yaml lists them")
            }
            return APIJSON.error(.methodNotAllowed, "method-not-allowed",
                                 "this endpoint accepts \(allowed.joined(separator: ", "))",
                                 headers: [(.allow, allowed.joined(separator: ", "))])
        }
    }
}
