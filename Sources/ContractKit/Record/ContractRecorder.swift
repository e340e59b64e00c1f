import AsyncHTTPClient
import CaseModel
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SafeXML
import Synchronization

/// A recording proxy in front of a partner: it forwards every request to the upstream unchanged, passes the answer
/// back unchanged, and writes each exchange as a new outbound contract case — with personal data replaced by
/// synthetic values before anything reaches the disk.
public final class ContractRecorder: Sendable {
    private let system: ContractSystem
    private let adapter: (any Adapter)?
    private let upstream: String
    private let role: RecipientRole
    private let scrubber = PersonalDataScrubber()
    private let runner = ServerRunner()
    private let next: Mutex<Int>
    private let written = Mutex<[String]>([])

    /// `role` is the recipient role the recorded traffic was sent for; recorded envelopes replay for that role.
    public init(system: ContractSystem, registry: AdapterRegistry, upstream: String, role: RecipientRole = .spip) {
        self.system = system
        self.adapter = registry.adapter(named: system.adapter)
        self.upstream = upstream.hasSuffix("/") ? String(upstream.dropLast()) : upstream
        self.role = role
        let numbers = system.cases.compactMap { Int($0.name.prefix { $0.isNumber }) }
        self.next = Mutex((numbers.max() ?? 0) + 1)
    }

    /// The case folders written so far.
    public var recorded: [String] { written.withLock { $0 } }

    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> Int {
        let router = Router()
        for method in [HTTPRequest.Method.post, .put, .patch, .get, .delete] {
            router.on("**", method: method) { request, _ in try await self.relay(request) }
        }
        return try await runner.start(router: router, host: host, port: port,
                                      logger: Logger(label: "passerelle.record.\(system.name)"))
    }

    public func stop() async {
        await runner.stop()
    }

    public func wait() async throws {
        try await runner.wait()
    }

    private func relay(_ request: Request) async throws -> Response {
        var request = request
        let body = Array(buffer: try await request.collectBody(upTo: 4 << 20))
        let path = request.uri.path
        var outbound = HTTPClientRequest(url: upstream + request.uri.description)
        outbound.method = HTTPMethod(rawValue: request.method.rawValue)
        let hopByHop: Set<String> = ["host", "content-length", "connection", "transfer-encoding"]
        for field in request.headers where !hopByHop.contains(field.name.canonicalName) {
            outbound.headers.add(name: field.name.rawName, value: field.value)
        }
        outbound.body = .bytes(ByteBuffer(bytes: body))
        let answer: HTTPClientResponse
        do {
            answer = try await HTTPClient.shared.execute(outbound, timeout: .seconds(30))
        } catch {
            return Response(status: .badGateway, headers: [.contentType: "text/plain"],
                            body: .init(byteBuffer: ByteBuffer(string: "recorder: the upstream \(upstream) did not answer")))
        }
        let answerBody = Array(buffer: try await answer.body.collect(upTo: 4 << 20))
        let contentType = answer.headers.first(name: "Content-Type")
        let kept = ["content-type", "idempotency-key", "x-passerelle-kind"]
        let headers = request.headers.filter { kept.contains($0.name.canonicalName) }.map { ($0.name.canonicalName, $0.value) }
        do {
            try write(method: request.method.rawValue, path: path, headers: headers, body: body,
                      status: Int(answer.status.code), answer: answerBody, answerType: contentType)
        } catch {
            Logger(label: "passerelle.record").error("exchange not recorded", metadata: ["reason": "\(error)"])
        }
        var response = Response(status: .init(code: Int(answer.status.code)), body: .init(byteBuffer: ByteBuffer(bytes: answerBody)))
        if let contentType { response.headers[.contentType] = contentType }
        return response
    }

    /// Scrubs one exchange and writes it as a case folder; nothing unscrubbed is ever written.
    private func write(method: String, path: String, headers: [(String, String)], body: [UInt8], status: Int,
                       answer: [UInt8], answerType: String?) throws {
        let requestBody = try scrubbed(body)
        let answerBody = answer.isEmpty ? nil : try scrubbed(answer)
        let scrubbedHeaders = headers.map { ($0.0, $0.0 == "idempotency-key" ? scrubber.scrubIdentifiers(in: $0.1) : $0.1) }
        let scrubbedPath = scrubber.scrubIdentifiers(in: path)
        let extensionName = system.format == .json ? "json" : "xml"
        let kind = headers.first { $0.0 == "x-passerelle-kind" }?.1 ?? envelopeKind(requestBody) ?? "unknown"

        var files: [String: [UInt8]] = ["request.\(extensionName)": requestBody]
        if let answerBody { files["response.\(extensionName)"] = answerBody }
        let envelope = replayableEnvelope(requestBody, kind: kind, path: scrubbedPath, headers: scrubbedHeaders)
        if let envelope { files["envelope.json"] = envelope }
        let classification = adapter.map { ContractReplayer.classification($0.classify(.response(status: status, body: answer))) }

        var yaml = """
            description: \(Self.quoted("Recorded from \(upstream) (\(method) \(scrubbedPath) answered \(status)); personal data replaced by synthetic values."))
            direction: outbound
            kind: \(Self.quoted(kind))

            """
        if envelope != nil { yaml += "envelope: envelope.json\ndestination: {role: \(role.rawValue)}\n" }
        yaml += "request:\n  method: \(method)\n  path: \(Self.quoted(scrubbedPath))\n"
        if !scrubbedHeaders.isEmpty {
            yaml += "  headers:\n" + scrubbedHeaders.map { "    \(Self.headerName($0.0)): \(Self.quoted($0.1))\n" }.joined()
        }
        yaml += "  body: request.\(extensionName)\nresponse:\n  status: \(status)\n"
        if answerBody != nil { yaml += "  body: response.\(extensionName)\n" }
        if let answerType { yaml += "  content_type: \(Self.quoted(answerType))\n" }
        if let classification { yaml += "classification: \(classification.rawValue)\n" }
        files["case.yaml"] = Array(yaml.utf8)

        let number = next.withLock { value in
            defer { value += 1 }
            return value
        }
        let slug = kind.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let name = String(format: "%03d", number) + "-recorded-" + String(slug)
        let folder = system.folder.appendingPathComponent("cases").appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (file, bytes) in files {
            try Data(bytes).write(to: folder.appendingPathComponent(file))
        }
        written.withLock { $0.append(name) }
    }

    /// The body with personal data replaced, pretty-printed (JSON) or rewritten (XML).
    private func scrubbed(_ body: [UInt8]) throws -> [UInt8] {
        switch system.format {
        case .json:
            guard let parsed = try? StrictJSON.parse(body) else {
                throw ContractError("the body is not strict JSON, so it cannot be scrubbed; it is not recorded")
            }
            return Array(PrettyJSON.render(scrubber.scrub(parsed)).utf8)
        case .xml:
            guard let parsed = try? SafeXML.parse(body) else {
                throw ContractError("the body is not acceptable XML, so it cannot be scrubbed; it is not recorded")
            }
            return try XMLWriter.document(scrubber.scrub(parsed))
        }
    }

    /// The canonical envelope behind a request, when the adapter reads its own outbound format and encoding it
    /// again for the recorded role gives the same request; otherwise the case is recorded without an envelope.
    private func replayableEnvelope(_ body: [UInt8], kind: String, path: String, headers: [(String, String)]) -> [UInt8]? {
        guard let adapter, let envelopes = try? adapter.decode(InboundRequest(body: body)), envelopes.count == 1,
              let envelope = envelopes.first, envelope.kind.rawValue == kind else { return nil }
        let destination = Destination(name: "recorded", adapter: system.adapter, role: role,
                                      url: ContractReplayer.replayBaseURL + path)
        guard let again = try? adapter.encode(envelope, for: destination),
              WireComparison.differences(expected: body, actual: again.body, format: system.format).isEmpty,
              let bytes = try? StrictJSON.encode(envelope), let parsed = try? StrictJSON.parse(bytes) else { return nil }
        return Array(PrettyJSON.render(parsed).utf8)
    }

    private func envelopeKind(_ body: [UInt8]) -> String? {
        guard let parsed = try? StrictJSON.parse(body), case .string(let kind)? = JSONDiff.value(at: "kind", in: parsed) else {
            return nil
        }
        return kind
    }

    private static func headerName(_ lowercased: String) -> String {
        lowercased.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
    }

    /// A YAML double-quoted scalar.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
