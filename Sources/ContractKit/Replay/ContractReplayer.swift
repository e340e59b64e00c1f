import CaseModel
import Foundation
import Gateway

/// Replays contract cases in-process through the adapters of a registry: inbound messages are decoded and
/// validated as the gateway would, outbound envelopes are filtered by the access policy and encoded.
public struct ContractReplayer: Sendable {
    /// The base URL destinations get in replay; outbound cases name only the path under it.
    public static let replayBaseURL = "http://partner.invalid"

    private let registry: AdapterRegistry
    private let catalogue: [AdapterDefinition]
    private let policy = AccessPolicy()

    /// `catalogue` builds, for each case, a fresh adapter of a system that declares `test_settings` (a synthetic
    /// signing key): its signatures are then checked, and no state (seen deliveries) carries over between cases.
    public init(registry: AdapterRegistry, catalogue: [AdapterDefinition] = []) {
        self.registry = registry
        self.catalogue = catalogue
    }

    /// The cases of `library` selected by system name and case-name glob (`*`, `?`, `[…]`), in order.
    public static func select(_ library: ContractLibrary, system: String?, casePattern: String?) throws(ContractError)
        -> [(system: ContractSystem, contractCase: ContractCase)] {
        var systems = library.systems
        if let system { systems = [try library.system(system)] }
        var selected: [(system: ContractSystem, contractCase: ContractCase)] = []
        for system in systems {
            for contractCase in system.cases where casePattern.map({ fnmatch($0, contractCase.name, 0) == 0 }) ?? true {
                selected.append((system, contractCase))
            }
        }
        return selected
    }

    /// Replays one case and reports every problem found.
    public func replay(_ contractCase: ContractCase, of system: ContractSystem) -> CaseResult {
        let started = Date()
        var problems: [String] = []
        do throws(ContractError) {
            if system.flavour == .provider {
                problems = try ProviderReplayer(system: system).problems(of: contractCase)
                return CaseResult(system: system.name, name: contractCase.name, problems: problems,
                                  seconds: Date().timeIntervalSince(started))
            }
            let adapter = try adapter(for: system)
            switch contractCase.direction {
            case .inbound: problems = try inbound(contractCase, system: system, adapter: adapter)
            case .outbound: problems = try outbound(contractCase, system: system, adapter: adapter)
            }
        } catch {
            problems = [error.description]
        }
        return CaseResult(system: system.name, name: contractCase.name, problems: problems,
                          seconds: Date().timeIntervalSince(started))
    }

    /// The registry's adapter, or a fresh one built with the contract's synthetic settings.
    func adapter(for system: ContractSystem) throws(ContractError) -> any Adapter {
        if !system.testSettings.isEmpty, let definition = catalogue.first(where: { $0.name == system.adapter }) {
            var values: [String: String] = [:]
            var secrets: [String: Secret] = [:]
            for field in definition.fields {
                if field.secret {
                    if let value = system.testSettings[field.name] { secrets[field.name] = Secret(value) }
                } else if let value = system.testSettings[field.name] ?? field.defaultValue {
                    values[field.name] = value
                }
            }
            do {
                return try definition.make(AdapterSettings(adapter: system.adapter, values: values, secrets: secrets))
            } catch {
                throw ContractError("system \(system.name): test_settings do not build the adapter: \(error)")
            }
        }
        guard let adapter = registry.adapter(named: system.adapter) else {
            throw ContractError("no adapter \"\(system.adapter)\" in the registry; add it to GatewayApp.registry or fix system.yaml")
        }
        return adapter
    }

    private enum InboundOutcome {
        case accepted([Envelope])
        case rejected(status: Int, errorClass: String, message: String)
    }

    private func inbound(_ contractCase: ContractCase, system: ContractSystem, adapter: any Adapter) throws(ContractError) -> [String] {
        guard let message = contractCase.message, let expect = contractCase.expect else {
            throw ContractError("case \(contractCase.name): an inbound case needs message and expect")
        }
        let body = try contractCase.messageBytes()
        let contentType = message.contentType ?? adapter.inboundContentTypes.first
        var headers = Dictionary((message.headers ?? [:]).map { ($0.key.lowercased(), $0.value) },
                                 uniquingKeysWith: { first, _ in first })
        if let contentType { headers["content-type"] = contentType }
        var now = Date()
        if let text = message.receivedAt {
            guard let instant = try? StrictJSON.decode(Date.self, from: JSONValue.string(text)) else {
                throw ContractError("case \(contractCase.name): received_at is not an RFC 3339 instant")
            }
            now = instant
        }
        let request = InboundRequest(body: body, headers: headers, contentType: contentType)
        var outcome = Self.decode(request, with: adapter, now: now)
        for _ in 1..<max(1, message.times ?? 1) {
            outcome = Self.decode(request, with: adapter, now: now)
        }
        var problems: [String] = []
        switch (expect.outcome, outcome) {
        case (.accepted, .accepted(let envelopes)):
            if let schema = try system.schema(message.schema, default: \.inbound) {
                problems += schema.violations(of: body).map { "message does not satisfy its schema: \($0)" }
            }
            guard let file = expect.envelopes else {
                throw ContractError("case \(contractCase.name): an accepted case names its expected envelopes (expect.envelopes)")
            }
            let expected = try Self.parse(try contractCase.read(file), file: file, case: contractCase.name)
            problems += JSONDiff.envelopeDifferences(expected: expected, actual: try Self.json(envelopes))
            let wanted = contractCase.kinds ?? [contractCase.kind]
            var decoded: [String] = []
            for envelope in envelopes where !decoded.contains(envelope.kind.rawValue) { decoded.append(envelope.kind.rawValue) }
            if Set(decoded) != Set(wanted) {
                problems.append("kind: the case says \(wanted.joined(separator: ", ")), the message decoded as \(decoded.joined(separator: ", "))")
            }
        case (.rejected, .rejected(let status, let errorClass, let text)):
            if let wanted = expect.status, wanted != status { problems.append("status: expected \(wanted), got \(status)") }
            if let wanted = expect.error, wanted != errorClass {
                problems.append("error class: expected \(wanted), got \(errorClass) (\(text))")
            }
            if let words = expect.messageContains, !text.contains(words) {
                problems.append("error message: expected it to contain \"\(words)\", got \"\(text)\"")
            }
        case (.accepted, .rejected(let status, let errorClass, let text)):
            problems.append("outcome: expected accepted, got rejected \(status) \(errorClass): \(text)")
        case (.rejected, .accepted(let envelopes)):
            problems.append("outcome: expected rejected, got accepted (\(envelopes.count) envelope(s))")
        }
        return problems
    }

    /// What the gateway's inbound path makes of a message: a signature-authenticated adapter checks the signature,
    /// the adapter decodes, then every envelope is validated.
    private static func decode(_ request: InboundRequest, with adapter: any Adapter, now: Date) -> InboundOutcome {
        if adapter.inboundAuthentication == .signature {
            do {
                try adapter.verifySignature(request, now: now)
            } catch {
                return .rejected(status: error.status, errorClass: error.errorClass, message: error.message)
            }
        }
        let envelopes: [Envelope]
        do {
            envelopes = try adapter.decode(request)
        } catch {
            return .rejected(status: error.status, errorClass: error.errorClass, message: error.message)
        }
        for envelope in envelopes {
            do {
                try envelope.validate()
            } catch {
                return .rejected(status: 422, errorClass: "invalid", message: String(describing: error))
            }
        }
        return .accepted(envelopes)
    }

    private func outbound(_ contractCase: ContractCase, system: ContractSystem, adapter: any Adapter) throws(ContractError) -> [String] {
        guard let request = contractCase.request else {
            throw ContractError("case \(contractCase.name): an outbound case needs request")
        }
        var problems: [String] = []
        let expectedBody = try contractCase.read(request.body)
        let requestSchema = try system.schema(request.schema, default: \.outbound)
        if let requestSchema {
            problems += requestSchema.violations(of: expectedBody).map { "expected request does not satisfy its schema: \($0)" }
        }
        if let file = contractCase.envelope {
            let encoded = try encode(file, contractCase: contractCase, system: system, adapter: adapter)
            problems += Self.compare(encoded, with: request, expectedBody: expectedBody, format: system.format)
            if let requestSchema {
                problems += requestSchema.violations(of: encoded.body).map { "encoded request does not satisfy its schema: \($0)" }
            }
        }
        if let response = contractCase.response {
            let body = try response.body.map { file throws(ContractError) in try contractCase.read(file) } ?? []
            if response.body != nil, let schema = try system.schema(response.schema, default: \.response) {
                problems += schema.violations(of: body).map { "response does not satisfy its schema: \($0)" }
            }
            let got = Self.classification(adapter.classify(.response(status: response.status, body: body)))
            let wanted = contractCase.classification ?? .delivered
            if got != wanted {
                problems.append("classification of the answer \(response.status): expected \(wanted.rawValue), got \(got.rawValue)")
            }
        }
        return problems
    }

    /// The request the adapter makes of the case's envelope, after the access policy for the case's role.
    func encode(_ file: String, contractCase: ContractCase, system: ContractSystem, adapter: any Adapter,
                baseURL: String = replayBaseURL) throws(ContractError) -> OutboundRequest {
        guard let request = contractCase.request else {
            throw ContractError("case \(contractCase.name): an outbound case needs request")
        }
        let envelope: Envelope
        do {
            envelope = try StrictJSON.decode(Envelope.self, from: try contractCase.read(file))
        } catch let error as ContractError {
            throw error
        } catch {
            throw ContractError("case \(contractCase.name): \(file) is not a canonical envelope: \(error)")
        }
        if envelope.kind.rawValue != contractCase.kind {
            throw ContractError("case \(contractCase.name): the case says kind \(contractCase.kind), \(file) holds \(envelope.kind.rawValue)")
        }
        let roleName = contractCase.destination?.role ?? "spip"
        guard let role = RecipientRole(rawValue: roleName) else {
            throw ContractError("case \(contractCase.name): unknown role \(roleName); one of \(RecipientRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let destination = Destination(name: "contract-\(roleName)", adapter: system.adapter, role: role,
                                      url: baseURL + PathTemplate.fixedPrefix(request.path))
        guard let payload = policy.decide(envelope.payload, for: destination).payload else {
            throw ContractError("case \(contractCase.name): the access policy gives a \(roleName) nothing of this envelope, so nothing is sent")
        }
        var filtered = envelope
        filtered.payload = payload
        do {
            return try adapter.encode(filtered, for: destination)
        } catch {
            throw ContractError("case \(contractCase.name): the adapter could not encode the envelope: \(error)")
        }
    }

    private static func compare(_ encoded: OutboundRequest, with request: ContractCase.Request, expectedBody: [UInt8],
                                format: ContractSystem.Format) -> [String] {
        var problems: [String] = []
        if encoded.method != request.method { problems.append("method: expected \(request.method), got \(encoded.method)") }
        let url = replayBaseURL + request.path
        if !encoded.url.hasPrefix(replayBaseURL) || !PathTemplate.matches(request.path, String(encoded.url.dropFirst(replayBaseURL.count))) {
            problems.append("url: expected \(url), got \(encoded.url)")
        }
        for (name, value) in (request.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            let got = encoded.headers.first { $0.0.lowercased() == name.lowercased() }?.1
            if got != value { problems.append("header \(name): expected \"\(value)\", got \(got.map { "\"\($0)\"" } ?? "nothing")") }
        }
        problems += WireComparison.differences(expected: expectedBody, actual: encoded.body, format: format)
        return problems
    }

    static func classification(_ outcome: AttemptOutcome) -> ContractCase.Classification {
        switch outcome {
        case .delivered: .delivered
        case .transient: .transient
        case .permanent: .permanent
        }
    }

    static func parse(_ bytes: [UInt8], file: String, case name: String) throws(ContractError) -> JSONValue {
        do {
            return try StrictJSON.parse(bytes)
        } catch {
            throw ContractError("case \(name): \(file) is not strict JSON: \(error)")
        }
    }

    static func json(_ envelopes: [Envelope]) throws(ContractError) -> JSONValue {
        do {
            return .array(try envelopes.map { try StrictJSON.parse(try StrictJSON.encode($0)) })
        } catch {
            throw ContractError("an envelope could not be encoded as canonical JSON: \(error)")
        }
    }
}
