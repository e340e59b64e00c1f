import ContractKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A stand-in for the home system's webhook: records what it receives, answers with scripted statuses,
/// and shows what it received at `GET /_stub/requests` (`DELETE` resets).
public final class HomeStub: Sendable {
    /// One request as the stub received it.
    public struct Received: Sendable, Codable, Equatable {
        public var idempotencyKey: String?
        public var kind: String?
        public var body: String
        public var answeredStatus: Int
        /// The W3C trace context the gateway sent with it.
        public var traceparent: String?
    }

    private struct State {
        var received: [Received] = []
        var script: [Int] = []
        var defaultStatus = 200
    }
    private let state = Mutex(State())
    private let runner = ServerRunner()

    public init() {}

    /// Answers the next requests with these statuses, in order, then with the default status again.
    public func script(_ statuses: [Int]) {
        state.withLock { $0.script = statuses }
    }

    /// The status answered once the script is used up.
    public func setDefaultStatus(_ status: Int) {
        state.withLock { $0.defaultStatus = status }
    }

    public var received: [Received] { state.withLock { $0.received } }

    /// Requests that were answered 2xx, i.e. took effect.
    public var accepted: [Received] { received.filter { (200..<300).contains($0.answeredStatus) } }

    public func reset() {
        state.withLock { $0 = State() }
    }

    /// Starts listening; returns the bound port.
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> Int {
        let router = Router()
        router.post("/webhook") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 4 << 20)
            let status = self.state.withLock { state -> Int in
                let status = state.script.isEmpty ? state.defaultStatus : state.script.removeFirst()
                state.received.append(Received(
                    idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!],
                    kind: request.headers[HTTPField.Name("X-Passerelle-Kind")!],
                    body: String(buffer: body), answeredStatus: status,
                    traceparent: request.headers[HTTPField.Name("traceparent")!]))
                return status
            }
            return Response(status: .init(code: status), headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\(status)}")))
        }
        router.get("/_stub/requests") { _, _ -> Response in
            let data = try JSONEncoder().encode(self.received)
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.delete("/_stub/requests") { _, _ -> Response in
            self.state.withLock { $0.received = [] }
            return Response(status: .noContent)
        }
        return try await runner.start(router: router, host: host, port: port, logger: Logger(label: "passerelle.stub.home"))
    }

    public func stop() async {
        await runner.stop()
    }

    public func wait() async throws {
        try await runner.wait()
    }
}
