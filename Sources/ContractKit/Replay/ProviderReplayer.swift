import CaseModel
import Foundation
import Gateway
import SMSAdapter

/// Replays the cases of a provider contract in-process, through the provider profiles' own request builders, answer
/// readers and callback readers: no network, every wire message checked against its schema.
struct ProviderReplayer {
    let system: ContractSystem

    /// Every problem of one case; empty when it holds.
    func problems(of contractCase: ContractCase) throws(ContractError) -> [String] {
        guard let spec = contractCase.provider else {
            throw ContractError("case \(contractCase.name): a provider contract's case needs a provider: section")
        }
        switch contractCase.direction {
        case .outbound: return try outbound(contractCase, spec: spec)
        case .inbound: return try callback(contractCase, spec: spec)
        }
    }

    /// The profile and its settings for replay, from `profiles:` of `system.yaml`; the base URL is the replay's own.
    static func settings(_ spec: ProviderCaseSpec, system: ContractSystem, caseName: String, baseURL: String = ContractReplayer.replayBaseURL)
        throws(ContractError) -> (ProviderProfile, AdapterSettings) {
        guard let profile = ProviderProfile(rawValue: spec.profile) else {
            throw ContractError("case \(caseName): unknown profile \(spec.profile); one of "
                + ProviderProfile.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let given = system.profiles[spec.profile] else {
            throw ContractError("system \(system.name): no profiles.\(spec.profile) settings in system.yaml")
        }
        var values: [String: String] = [:]
        var secrets: [String: Secret] = [:]
        for field in profile.fields {
            if field.secret {
                if let value = given[field.name] { secrets[field.name] = Secret(value) }
            } else if let value = given[field.name] ?? field.defaultValue {
                values[field.name] = value
            }
        }
        values["base_url"] = baseURL
        return (profile, AdapterSettings(adapter: "\(system.name).\(spec.profile)", values: values, secrets: secrets))
    }

    static func exchange(_ spec: ProviderCaseSpec, system: ContractSystem, caseName: String, baseURL: String = ContractReplayer.replayBaseURL)
        throws(ContractError) -> any SMSProvider & ProviderExchange {
        let (profile, settings) = try settings(spec, system: system, caseName: caseName, baseURL: baseURL)
        do {
            return try profile.exchange(name: spec.profile, settings: settings, transport: SilentTransport())
        } catch {
            throw ContractError("system \(system.name): profiles.\(spec.profile) do not build the provider: \(error)")
        }
    }

    static func message(_ spec: ProviderCaseSpec, caseName: String) throws(ContractError) -> ProviderMessage {
        guard let message = spec.message else { throw ContractError("case \(caseName): a send or lookup case needs provider.message") }
        return ProviderMessage(reference: message.reference, to: message.to, text: message.text, validitySeconds: message.validitySeconds)
    }

    private func outbound(_ contractCase: ContractCase, spec: ProviderCaseSpec) throws(ContractError) -> [String] {
        let exchange = try Self.exchange(spec, system: system, caseName: contractCase.name)
        let message = try Self.message(spec, caseName: contractCase.name)
        let isLookup = spec.lookup != nil
        var since = Date()
        if let text = spec.since {
            guard let instant = try? StrictJSON.decode(Date.self, from: JSONValue.string(text)) else {
                throw ContractError("case \(contractCase.name): provider.since is not an RFC 3339 instant")
            }
            since = instant
        }
        var problems: [String] = []
        if let wanted = spec.request {
            let produced = isLookup ? exchange.lookupRequest(for: message, since: since) : exchange.sendRequest(for: message)
            problems += try compare(produced, with: wanted, contractCase: contractCase)
        }
        let answer = try self.answer(contractCase, spec: spec, problems: &problems)
        if let wanted = spec.lookup {
            problems += Self.differences(wanted, exchange.lookupResult(answer, for: message))
        } else if let wanted = spec.result {
            problems += Self.differences(wanted, exchange.sendResult(answer))
        } else {
            throw ContractError("case \(contractCase.name): an outbound provider case names provider.result or provider.lookup")
        }
        return problems
    }

    /// The provider's answer: the case's response (checked against its schema) or a transport failure.
    private func answer(_ contractCase: ContractCase, spec: ProviderCaseSpec, problems: inout [String]) throws(ContractError)
        -> TransportResult {
        switch (spec.transportFailure, contractCase.response) {
        case ("before_sending", nil): return .failure("connection refused", stage: .beforeSending)
        case ("after_sending", nil): return .failure("read timeout", stage: .afterSending)
        case (nil, let response?):
            let body = try response.body.map { file throws(ContractError) in try contractCase.read(file) } ?? []
            if response.body != nil, let schema = try system.schema(response.schema, default: \.response) {
                problems += schema.violations(of: body).map { "response does not satisfy its schema: \($0)" }
            }
            return .response(status: response.status, body: body)
        default:
            throw ContractError("case \(contractCase.name): give either response or provider.transport_failure "
                + "(before_sending or after_sending)")
        }
    }

    private func compare(_ produced: OutboundRequest, with wanted: ProviderCaseSpec.WireRequest,
                         contractCase: ContractCase) throws(ContractError) -> [String] {
        var problems: [String] = []
        if produced.method != wanted.method { problems.append("method: expected \(wanted.method), got \(produced.method)") }
        let url = ContractReplayer.replayBaseURL + wanted.path
        if produced.url != url { problems.append("url: expected \(url), got \(produced.url)") }
        for (name, value) in (wanted.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            let got = produced.headers.first { $0.0.lowercased() == name.lowercased() }?.1
            if got != value { problems.append("header \(name): expected \"\(value)\", got \(got.map { "\"\($0)\"" } ?? "nothing")") }
        }
        let isForm = produced.headers.contains { $0.0.lowercased() == "content-type" && $0.1.hasPrefix("application/x-www-form-urlencoded") }
        guard let file = wanted.body else {
            if !produced.body.isEmpty { problems.append("body: expected none, got \(produced.body.count) bytes") }
            return problems
        }
        let expected = try contractCase.read(file)
        let schema = try system.schema(wanted.schema, default: \.outbound)
        for (label, body) in [("expected request", expected), ("request", produced.body)] {
            guard let schema else { break }
            problems += schema.violations(of: Self.schemaBytes(body, isForm: isForm)).map { "\(label) does not satisfy its schema: \($0)" }
        }
        if isForm {
            problems += Self.formDifferences(expected: expected, actual: produced.body)
        } else {
            problems += WireComparison.differences(expected: expected, actual: produced.body, format: .json)
        }
        return problems
    }

    private func callback(_ contractCase: ContractCase, spec: ProviderCaseSpec) throws(ContractError) -> [String] {
        guard let message = contractCase.message, let expect = contractCase.expect, let publicURL = spec.publicURL else {
            throw ContractError("case \(contractCase.name): a callback case needs message, expect and provider.public_url")
        }
        var now = Date()
        if let text = message.receivedAt {
            guard let instant = try? StrictJSON.decode(Date.self, from: JSONValue.string(text)) else {
                throw ContractError("case \(contractCase.name): received_at is not an RFC 3339 instant")
            }
            now = instant
        }
        let (profile, settings) = try Self.settings(spec, system: system, caseName: contractCase.name)
        let reader: any SMSCallbackReader
        do {
            let clock = now
            reader = try profile.reader(settings: settings, clock: { clock })
        } catch {
            throw ContractError("system \(system.name): profiles.\(spec.profile) do not build the callback reader: \(error)")
        }
        let body = try contractCase.messageBytes()
        let headers = Dictionary((message.headers ?? [:]).map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        var outcomes: [Result<[ProviderCallback], CallbackRejection>] = []
        for _ in 0..<max(1, message.times ?? 1) {
            do {
                outcomes.append(.success(try reader.read(publicURL: publicURL, headers: headers, body: body)))
            } catch {
                outcomes.append(.failure(error))
            }
        }
        var problems: [String] = []
        if Set(outcomes.map { "\($0)" }).count > 1 {
            problems.append("the same callback read \(outcomes.count) times gave different results (dedupe keys must not change)")
        }
        switch (expect.outcome, outcomes.last) {
        case (.accepted, .success(let callbacks)?):
            let isForm = (message.contentType ?? "").hasPrefix("application/x-www-form-urlencoded")
            if let schema = try system.schema(message.schema, default: \.inbound) {
                problems += schema.violations(of: Self.schemaBytes(body, isForm: isForm)).map { "message does not satisfy its schema: \($0)" }
            }
            guard let file = spec.callbacks else {
                throw ContractError("case \(contractCase.name): an accepted callback case names provider.callbacks")
            }
            let expected = try ContractReplayer.parse(try contractCase.read(file), file: file, case: contractCase.name)
            problems += JSONDiff.differences(expected: expected, actual: .array(callbacks.map(Self.json)))
        case (.rejected, .failure(let rejection)?):
            if let wanted = expect.status, wanted != rejection.status { problems.append("status: expected \(wanted), got \(rejection.status)") }
            if let wanted = expect.error, wanted != rejection.errorClass {
                problems.append("error class: expected \(wanted), got \(rejection.errorClass) (\(rejection.message))")
            }
            if let words = expect.messageContains, !rejection.message.contains(words) {
                problems.append("error message: expected it to contain \"\(words)\", got \"\(rejection.message)\"")
            }
        case (.accepted, .failure(let rejection)?):
            problems.append("outcome: expected accepted, got rejected \(rejection.status) \(rejection.errorClass): \(rejection.message)")
        case (.rejected, .success(let callbacks)?):
            problems.append("outcome: expected rejected, got \(callbacks.count) callback(s)")
        case (_, nil):
            problems.append("the callback was not read")
        }
        return problems
    }

    /// A body as its schema sees it: JSON as is, a form as an object of strings (a repeated name keeps its last value).
    static func schemaBytes(_ body: [UInt8], isForm: Bool) -> [UInt8] {
        guard isForm else { return body }
        guard let pairs = try? FormEncoding.decode(body) else { return Array("\"not a form\"".utf8) }
        var members: [(String, JSONValue)] = []
        for (name, value) in pairs {
            members.removeAll { $0.0 == name }
            members.append((name, .string(value)))
        }
        return StrictJSON.serialize(.object(members))
    }

    /// Two forms mean the same when they hold the same name–value pairs (order aside).
    static func formDifferences(expected: [UInt8], actual: [UInt8]) -> [String] {
        guard let wanted = try? FormEncoding.decode(expected) else { return ["the expected body is not a form; fix the case file"] }
        guard let got = try? FormEncoding.decode(actual) else { return ["the request body is not a form"] }
        var problems: [String] = []
        for (name, value) in wanted where !got.contains(where: { $0 == (name, value) }) {
            let actualValue = got.first { $0.0 == name }?.1
            problems.append("form \(name): expected \"\(value)\", got \(actualValue.map { "\"\($0)\"" } ?? "nothing")")
        }
        for (name, _) in got where !wanted.contains(where: { $0.0 == name }) {
            problems.append("form \(name): not expected")
        }
        return problems
    }

    /// The outcome as cases write it.
    static func outcome(of result: ProviderSendResult) -> String {
        switch result {
        case .accepted: "accepted"
        case .uncertain: "uncertain"
        case .notProcessed: "not_processed"
        case .permanent: "permanent"
        case .optedOut: "opted_out"
        case .configuration: "configuration"
        }
    }

    private static func differences(_ wanted: ProviderCaseSpec.SendExpectation, _ got: ProviderSendResult) -> [String] {
        let outcome = outcome(of: got)
        let (id, segments, code): (String?, Int?, String?) = switch got {
        case .accepted(let id, let segments): (id, segments, nil)
        case .permanent(_, let code): (nil, nil, code)
        case .uncertain, .notProcessed, .optedOut, .configuration: (nil, nil, nil)
        }
        var problems: [String] = []
        if wanted.outcome != outcome { problems.append("result: expected \(wanted.outcome), got \(got)") }
        if let wantedId = wanted.providerMessageId, wantedId != id {
            problems.append("provider_message_id: expected \(wantedId), got \(id ?? "none")")
        }
        if let wantedSegments = wanted.segments, wantedSegments != segments {
            problems.append("segments: expected \(wantedSegments), got \(segments.map(String.init) ?? "none")")
        }
        if let wantedCode = wanted.code, wantedCode != code { problems.append("code: expected \(wantedCode), got \(code ?? "none")") }
        return problems
    }

    private static func differences(_ wanted: ProviderCaseSpec.LookupExpectation, _ got: ProviderLookup) -> [String] {
        let (outcome, id, status): (String, String?, String?) = switch got {
        case .found(let id, let status): ("found", id, status.rawValue)
        case .notFound: ("not_found", nil, nil)
        case .unavailable: ("unavailable", nil, nil)
        }
        var problems: [String] = []
        if wanted.outcome != outcome { problems.append("lookup: expected \(wanted.outcome), got \(got)") }
        if let wantedId = wanted.providerMessageId, wantedId != id {
            problems.append("provider_message_id: expected \(wantedId), got \(id ?? "none")")
        }
        if let wantedStatus = wanted.status, wantedStatus != status { problems.append("status: expected \(wantedStatus), got \(status ?? "none")") }
        return problems
    }

    /// A parsed callback as the contract writes it.
    static func json(_ callback: ProviderCallback) -> JSONValue {
        switch callback {
        case .receipt(let receipt):
            var members: [(String, JSONValue)] = [("provider_message_id", .string(receipt.providerMessageId)),
                                                  ("status", .string(receipt.status.rawValue)), ("dedupe_key", .string(receipt.dedupeKey))]
            if let reference = receipt.reference { members.append(("reference", .string(reference))) }
            if let part = receipt.part { members.append(("part", .number(String(part)))) }
            if let parts = receipt.parts { members.append(("parts", .number(String(parts)))) }
            if let code = receipt.errorCode { members.append(("error_code", .string(code))) }
            return .object([("receipt", .object(members))])
        case .reply(let reply):
            return .object([("reply", .object([("from", .string(reply.from)), ("text", .string(reply.text)),
                                               ("provider_message_id", .string(reply.providerMessageId))]))])
        }
    }
}

/// The transport of a replayed provider: replay uses the providers' pure halves, so nothing is ever sent.
private struct SilentTransport: Transport {
    func send(_ request: OutboundRequest, timeoutMilliseconds: Int) async -> TransportResult {
        .failure("contract replay sends nothing", stage: .beforeSending)
    }
}
