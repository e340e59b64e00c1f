import CaseModel
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A stand-in for a partner system that answers from its contract cases: it validates what it receives against the
/// system's schema, answers with the matching outbound case (or a 4xx naming the closest one), injects faults on
/// demand, and shows what it received at `GET /_stub/requests` (`DELETE` resets).
public final class ContractStub: Sendable {
    /// One request as the stub received it, and what it did.
    public struct Received: Sendable, Codable, Equatable {
        public var method: String
        public var path: String
        public var idempotencyKey: String?
        public var kind: String?
        public var body: String
        /// The status answered; nil when a fault left the request unanswered (reset, hang).
        public var answeredStatus: Int?
        /// The case that answered, if any.
        public var answeredBy: String?
        /// The fault injected, if any (`error 503`, `reset`, `truncate`, `hang`).
        public var fault: String?
        public var violations: [String]
    }

    private struct State {
        var received: [Received] = []
        var random: SeededRandom
        var stopping = false
    }

    public let system: ContractSystem
    /// Printed at start-up: the same seed draws the same faults in the same order.
    public let seed: UInt64
    private let faults: StubFaults
    private let matcher: CaseMatcher
    private let state: Mutex<State>
    private let runner = ServerRunner()

    public init(system: ContractSystem, faults: StubFaults = .none, seed: UInt64 = UInt64.random(in: 1...UInt64.max))
        throws(ContractError) {
        self.system = system
        self.faults = faults
        self.seed = seed
        self.matcher = try CaseMatcher(system: system)
        self.state = Mutex(State(random: SeededRandom(seed: seed)))
    }

    public var received: [Received] { state.withLock { $0.received } }

    /// Requests answered 2xx, i.e. that took effect at the partner.
    public var accepted: [Received] { received.filter { ($0.answeredStatus ?? 0) / 100 == 2 } }

    public func reset() {
        state.withLock { $0.received = [] }
    }

    /// Starts listening; returns the bound port.
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> Int {
        let router = Router(context: StubRequestContext.self)
        router.get("/_stub/requests") { _, _ -> Response in
            let data = try JSONEncoder().encode(self.received)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.delete("/_stub/requests") { _, _ -> Response in
            self.reset()
            return Response(status: .noContent)
        }
        for method in [HTTPRequest.Method.post, .put, .patch, .get, .delete] {
            router.on("**", method: method) { request, context in try await self.answer(request, context: context) }
        }
        return try await runner.start(router: router, host: host, port: port,
                                      logger: Logger(label: "passerelle.stub.\(system.name)"))
    }

    /// Stops listening; requests left hanging are let go first, so that shutdown does not wait for them.
    public func stop() async {
        state.withLock { $0.stopping = true }
        await runner.stop()
    }

    public func wait() async throws {
        try await runner.wait()
    }

    private func answer(_ request: Request, context: StubRequestContext) async throws -> Response {
        var request = request
        let body = Array(buffer: try await request.collectBody(upTo: 4 << 20))
        var entry = Received(
            method: request.method.rawValue, path: request.uri.path,
            idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!],
            kind: request.headers[HTTPField.Name("X-Passerelle-Kind")!],
            body: String(decoding: body, as: UTF8.self), violations: [])
        let requestFaults: StubFaults
        do {
            requestFaults = try request.headers[HTTPField.Name("X-Stub-Fault")!].map { spec throws(ContractError) in
                try StubFaults(parsing: spec)
            } ?? faults
        } catch {
            return record(entry, Self.json(400, "bad-fault", error.description))
        }
        let plan = state.withLock { requestFaults.plan(using: &$0.random) }
        if plan.delay > 0 { try await Task.sleep(for: .milliseconds(plan.delay)) }

        switch plan.action {
        case .answer, .truncate:
            break
        case .error(let status):
            entry.fault = "error \(status)"
            return record(entry, Self.json(status, "stub-fault", "fault injected on purpose: error \(status)"))
        case .reset:
            entry.fault = "reset"
            record(entry)
            try await Self.resetConnection(context.channel)
            throw HTTPError(.internalServerError)
        case .hang(let milliseconds):
            entry.fault = "hang"
            record(entry)
            let deadline = ContinuousClock.now + .milliseconds(milliseconds)
            while ContinuousClock.now < deadline, !state.withLock({ $0.stopping }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Self.resetConnection(context.channel)
            throw HTTPError(.serviceUnavailable)
        }

        let schema: WireSchema?
        do {
            schema = try system.schema(nil, default: \.outbound)
        } catch {
            return record(entry, Self.json(500, "contract", error.description))
        }
        entry.violations = schema?.violations(of: body) ?? []
        let choice = matcher.choose(method: request.method.rawValue, path: request.uri.path, body: body)
        if !entry.violations.isEmpty {
            let closest: String? = switch choice {
            case .unmatched(let name, _): name
            case .matched(let found): found.name
            }
            return record(entry, Self.json(422, "schema", "the request does not satisfy the \(system.name) contract: "
                + entry.violations.prefix(5).joined(separator: "; ") + (closest.map { "; closest case: \($0)" } ?? "")))
        }
        switch choice {
        case .unmatched(let closest, let reason):
            return record(entry, Self.json(404, "no-case", reason + (closest.map { "; closest case: \($0)" } ?? "")
                + "; add a case under contracts/\(system.name)/cases"))
        case .matched(let contractCase):
            // The matcher only offers cases that have a response.
            guard let response = contractCase.response else { return record(entry, Self.json(500, "contract", "case without response")) }
            entry.answeredBy = contractCase.name
            let payload: [UInt8]
            do {
                payload = try response.body.map { file throws(ContractError) in try contractCase.read(file) } ?? []
            } catch {
                return record(entry, Self.json(500, "contract", error.description))
            }
            let contentType = response.contentType ?? (system.format == .json ? "application/json" : "application/xml")
            if plan.action == .truncate {
                entry.fault = "truncate"
                record(entry)
                return Response(status: .init(code: response.status), headers: [.contentType: contentType],
                                body: ResponseBody(contentLength: payload.count) { writer in
                                    try await writer.write(ByteBuffer(bytes: payload.prefix(payload.count / 2)))
                                    throw CancellationError()
                                })
            }
            entry.answeredStatus = response.status
            if let gap = plan.drip {
                entry.fault = "drip"
                record(entry)
                return Response(status: .init(code: response.status), headers: [.contentType: contentType],
                                body: ResponseBody(contentLength: payload.count) { writer in
                                    for byte in payload {
                                        try await Task.sleep(for: .milliseconds(gap))
                                        try await writer.write(ByteBuffer(bytes: [byte]))
                                    }
                                    try await writer.finish(nil)
                                })
            }
            return record(entry, Response(status: .init(code: response.status), headers: [.contentType: contentType],
                                          body: .init(byteBuffer: ByteBuffer(bytes: payload))))
        }
    }

    @discardableResult
    private func record(_ entry: Received, _ response: Response? = nil) -> Response {
        var entry = entry
        if let response, entry.answeredStatus == nil, entry.fault != "reset", entry.fault != "hang" {
            entry.answeredStatus = Int(response.status.code)
        }
        state.withLock { $0.received.append(entry) }
        return response ?? Response(status: .internalServerError)
    }

    /// Closes the connection with SO_LINGER 0, so that the client sees a reset rather than an orderly close.
    private static func resetConnection(_ channel: any Channel) async throws {
        if let provider = channel as? any SocketOptionProvider {
            try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close().get()
    }

    private static func json(_ status: Int, _ errorClass: String, _ message: String) -> Response {
        let body = StrictJSON.serialize(.object([("error", .string(errorClass)), ("message", .string(message))]))
        return Response(status: .init(code: status), headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
