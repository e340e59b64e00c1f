import CaseModel
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SMSAdapter
import SMSCore
import Synchronization

/// A stand-in SMS provider speaking both profiles (Twilio-compatible form API and our JSON API): it checks each
/// send strictly, keeps the message, answers lookups, and posts receipts to the callback URLs, signed as the real
/// provider signs them, as scripted by the recipient's number (`SMSStubScript`). `POST /_stub/replies` makes a
/// handset reply; `GET /_stub/requests` lists what it received (`DELETE` resets), `GET /_stub/callbacks` what it posted.
public final class SMSProviderStub: Sendable {
    /// One request to the provider API, as received.
    public struct Received: Sendable, Codable, Equatable {
        public var method: String
        public var path: String
        public var profile: String
        public var body: String
        /// nil when a fault left the request unanswered (reset, hang).
        public var answeredStatus: Int?
        /// The message the request created, if any.
        public var messageId: String?
        public var fault: String?
        /// Why the request was refused, when it was.
        public var problem: String?
    }

    /// One message the stub accepted.
    public struct Message: Sendable, Codable, Equatable {
        public var profile: String
        public var id: String
        public var to: String
        public var from: String
        public var text: String
        /// Our reference: `client_ref`, or `ref` from the Twilio status callback URL.
        public var reference: String?
        public var statusCallback: String?
        public var validitySeconds: Int
        public var segments: Int
        public var status: ReceiptStatus
        public var createdAt: Date
    }

    /// One callback the stub posted.
    public struct Callback: Sendable, Codable, Equatable {
        public var url: String
        /// `receipt` or `reply`.
        public var kind: String
        public var messageId: String
        public var status: String?
        /// What the gateway answered; nil when it could not be reached.
        public var answeredStatus: Int?
    }

    struct State {
        var received: [Received] = []
        var messages: [Message] = []
        var callbacks: [Callback] = []
        var random: SeededRandom
        var stopping = false
        var tasks: [UUID: Task<Void, Never>] = [:]
    }

    public let configuration: SMSStubConfiguration
    let state: Mutex<State>
    private let runner = ServerRunner()

    public init(configuration: SMSStubConfiguration = SMSStubConfiguration()) {
        self.configuration = configuration
        self.state = Mutex(State(random: SeededRandom(seed: configuration.seed)))
    }

    public var seed: UInt64 { configuration.seed }
    public var received: [Received] { state.withLock { $0.received } }
    public var messages: [Message] { state.withLock { $0.messages } }
    public var callbacks: [Callback] { state.withLock { $0.callbacks } }

    /// Forgets requests, messages and callbacks.
    public func reset() {
        state.withLock {
            $0.received = []
            $0.messages = []
            $0.callbacks = []
        }
    }

    /// Starts listening; returns the bound port.
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> Int {
        let router = Router(context: StubRequestContext.self)
        router.post("/2010-04-01/Accounts/:account/Messages.json") { request, context in
            try await self.serve(request, context: context, profile: "twilio") { request, body in self.twilioSend(request, body: body) }
        }
        router.get("/2010-04-01/Accounts/:account/Messages.json") { request, context in
            try await self.serve(request, context: context, profile: "twilio") { request, _ in self.twilioList(request) }
        }
        router.post("/v1/messages") { request, context in
            try await self.serve(request, context: context, profile: "json") { request, body in self.jsonSend(request, body: body) }
        }
        router.get("/v1/messages") { request, context in
            try await self.serve(request, context: context, profile: "json") { request, _ in self.jsonList(request) }
        }
        router.get("/_stub/requests") { _, _ in try Self.encoded(self.received) }
        router.get("/_stub/messages") { _, _ in try Self.encoded(self.messages) }
        router.get("/_stub/callbacks") { _, _ in try Self.encoded(self.callbacks) }
        router.delete("/_stub/requests") { _, _ -> Response in
            self.reset()
            return Response(status: .noContent)
        }
        router.post("/_stub/replies") { request, _ in try await self.reply(request) }
        return try await runner.start(router: router, host: host, port: port, logger: Logger(label: "passerelle.stub.sms"))
    }

    /// Stops listening and posting; hanging requests are let go first.
    public func stop() async {
        let tasks = state.withLock { state -> [Task<Void, Never>] in
            state.stopping = true
            return Array(state.tasks.values)
        }
        for task in tasks { task.cancel() }
        await runner.stop()
    }

    public func wait() async throws {
        try await runner.wait()
    }

    /// What a provider API handler decides: the answer, the message it created, and why it refused if it did.
    struct Outcome {
        var status: Int
        var body: JSONValue
        var message: Message?
        var problem: String?
        /// The message's script asks to hang after accepting.
        var hangAfterAccepting = false
    }

    /// Runs faults, the handler, then the hang of `accept-hang`; records the request.
    private func serve(_ request: Request, context: StubRequestContext, profile: String,
                       handler: (Request, [UInt8]) -> Outcome) async throws -> Response {
        var request = request
        let body = Array(buffer: try await request.collectBody(upTo: 1 << 20))
        var entry = Received(method: request.method.rawValue, path: request.uri.path, profile: profile,
                             body: String(decoding: body, as: UTF8.self))
        let faults: SMSStubFaults
        do {
            faults = try request.headers[HTTPField.Name("X-Stub-Fault")!].map { spec throws(ContractError) in
                try SMSStubFaults(parsing: spec)
            } ?? configuration.faults
        } catch {
            entry.problem = error.description
            return record(entry, status: 400, body: Self.problem(profile, status: 400, code: "bad_fault", error.description))
        }
        let plan = state.withLock { faults.common.plan(using: &$0.random) }
        if plan.delay > 0 { try await Task.sleep(for: .milliseconds(plan.delay)) }
        switch plan.action {
        case .answer, .truncate:
            break
        case .error(let status):
            entry.fault = "error \(status)"
            return record(entry, status: status, body: Self.problem(profile, status: status, code: "stub_fault", "fault injected on purpose"))
        case .reset:
            entry.fault = "reset"
            recordUnanswered(entry)
            try await Self.resetConnection(context.channel)
            throw HTTPError(.internalServerError)
        case .hang(let milliseconds):
            entry.fault = "hang"
            recordUnanswered(entry)
            try await hang(milliseconds, channel: context.channel)
        }
        let outcome = handler(request, body)
        entry.problem = outcome.problem
        entry.messageId = outcome.message?.id
        if let message = outcome.message { accept(message) }
        if let milliseconds = faults.acceptThenHang ?? (outcome.hangAfterAccepting ? 120_000 : nil), outcome.message != nil {
            entry.fault = "accept-hang"
            recordUnanswered(entry)
            try await hang(milliseconds, channel: context.channel)
        }
        let bytes = StrictJSON.serialize(outcome.body)
        if plan.action == .truncate {
            entry.fault = "truncate"
            recordUnanswered(entry)
            return Response(status: .init(code: outcome.status), headers: [.contentType: "application/json"],
                            body: ResponseBody(contentLength: bytes.count) { writer in
                                try await writer.write(ByteBuffer(bytes: bytes.prefix(bytes.count / 2)))
                                throw CancellationError()
                            })
        }
        if let gap = plan.drip {
            entry.fault = "drip"
            return record(entry, status: outcome.status, response: Response(
                status: .init(code: outcome.status), headers: [.contentType: "application/json"],
                body: ResponseBody(contentLength: bytes.count) { writer in
                    for byte in bytes {
                        try await Task.sleep(for: .milliseconds(gap))
                        try await writer.write(ByteBuffer(bytes: [byte]))
                    }
                    try await writer.finish(nil)
                }))
        }
        return record(entry, status: outcome.status, body: outcome.body)
    }

    /// Keeps the message and schedules its receipts.
    private func accept(_ message: Message) {
        let id = UUID()
        let task = Task {
            await self.emitReceipts(of: message)
            _ = self.state.withLock { $0.tasks.removeValue(forKey: id) }
        }
        state.withLock {
            $0.messages.append(message)
            $0.tasks[id] = task
        }
    }

    private func hang(_ milliseconds: Int, channel: any Channel) async throws -> Never {
        let deadline = ContinuousClock.now + .milliseconds(milliseconds)
        while ContinuousClock.now < deadline, !state.withLock({ $0.stopping }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Self.resetConnection(channel)
        throw HTTPError(.serviceUnavailable)
    }

    private func record(_ entry: Received, status: Int, body: JSONValue) -> Response {
        record(entry, status: status, response: Response(status: .init(code: status), headers: [.contentType: "application/json"],
                                                         body: .init(byteBuffer: ByteBuffer(bytes: StrictJSON.serialize(body)))))
    }

    private func record(_ entry: Received, status: Int, response: Response) -> Response {
        var entry = entry
        entry.answeredStatus = status
        state.withLock { $0.received.append(entry) }
        return response
    }

    private func recordUnanswered(_ entry: Received) {
        state.withLock { $0.received.append(entry) }
    }

    /// A refusal in the profile's own error shape.
    static func problem(_ profile: String, status: Int, code: String, _ message: String) -> JSONValue {
        if profile == "twilio" {
            return .object([("code", Int(code).map { .number(String($0)) } ?? .string(code)), ("message", .string(message)),
                            ("status", .number(String(status)))])
        }
        return .object([("error", .object([("code", .string(code)), ("message", .string(message))]))])
    }

    static func encoded(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// Closes the connection with SO_LINGER 0, so that the client sees a reset rather than an orderly close.
    private static func resetConnection(_ channel: any Channel) async throws {
        if let provider = channel as? any SocketOptionProvider {
            try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close().get()
    }
}
