import ContractKit
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A real local HTTP listener standing for the gateway's callback routes: records every request and answers 204.
final class CallbackReceiver: Sendable {
    /// One callback as received, with the full URL it was posted to.
    struct Received: Sendable {
        var url: String
        var headers: [String: String]
        var body: [UInt8]
    }

    private let requests = Mutex<[Received]>([])
    private let runner = ServerRunner()
    private let port = Mutex(0)

    var received: [Received] { requests.withLock { $0 } }
    var baseURL: String { "http://127.0.0.1:\(port.withLock { $0 })" }

    func start() async throws {
        let router = Router()
        router.post("**") { request, _ -> Response in
            var request = request
            let body = Array(buffer: try await request.collectBody(upTo: 1 << 20))
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let url = self.baseURL + request.uri.description
            self.requests.withLock { $0.append(Received(url: url, headers: headers, body: body)) }
            return Response(status: .noContent)
        }
        let bound = try await runner.start(router: router, host: "127.0.0.1", port: 0, logger: Logger(label: "test.receiver"))
        port.withLock { $0 = bound }
    }

    func stop() async {
        await runner.stop()
    }
}
