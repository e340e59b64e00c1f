import Foundation
import Server
import Testing
import Yams

/// `openapi.yaml` describes every HTTP endpoint, and only those.
@Suite(.serialized) struct OpenAPITests {
    static var specification: [String: Any] {
        get throws {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("openapi.yaml")
            return try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any] ?? [:]
        }
    }

    static var documentedRoutes: Set<String> {
        get throws {
            let paths = try specification["paths"] as? [String: [String: Any]] ?? [:]
            return Set(paths.flatMap { path, operations in
                operations.keys.filter { ["get", "post", "put", "delete", "patch"].contains($0) }
                    .map { "\($0.uppercased()) \(path)" }
            })
        }
    }

    @Test func everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() async throws {
        try await TestGateway.run { gateway in
            let served = Set(gateway.app.routes)
            let documented = try Self.documentedRoutes
            #expect(!served.isEmpty)
            #expect(served.subtracting(documented).isEmpty, "served but not in openapi.yaml: \(served.subtracting(documented).sorted())")
            #expect(documented.subtracting(served).isEmpty, "in openapi.yaml but not served: \(documented.subtracting(served).sorted())")

            // Each documented route reaches its own handler, not the answer for unknown endpoints and methods.
            for route in documented.sorted() {
                let parts = route.split(separator: " ", maxSplits: 1)
                let path = String(parts[1]).replacingOccurrences(of: #"\{[a-z]+\}"#, with: "probe", options: .regularExpression)
                let answer = try await gateway.request(parts[0] == "GET" ? .GET : .POST, path, token: TestGateway.opsToken,
                                                       body: parts[0] == "POST" ? Array("{}".utf8) : nil)
                let unmatched = answer.status == 405 || answer.body.contains("no such endpoint")
                #expect(!unmatched, "\(route) answered \(answer.status) \(answer.body)")
            }
        }
    }
}
