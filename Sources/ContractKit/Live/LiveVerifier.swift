import AsyncHTTPClient
import CaseModel
import Foundation
import Gateway
import NIOCore
import NIOHTTP1

/// Sends each outbound case's request to a live endpoint (a partner's test platform, or a stub) and checks the
/// answer against the contract: status, schema, and the fields the case's expected response states.
public struct LiveVerifier: Sendable {
    private let registry: AdapterRegistry
    private let baseURL: String
    private let timeout: TimeAmount

    /// `baseURL` replaces the replay base: a case's request path is appended to it.
    public init(registry: AdapterRegistry, baseURL: String, timeoutSeconds: Int64 = 10) {
        self.registry = registry
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = .seconds(timeoutSeconds)
    }

    /// Verifies one case; inbound cases describe what the partner sends, so there is nothing to send them.
    public func verify(_ contractCase: ContractCase, of system: ContractSystem) async -> CaseResult {
        let started = Date()
        var problems: [String]
        do {
            problems = try await exchange(contractCase, system: system)
        } catch let error as ContractError {
            problems = [error.description]
        } catch {
            problems = ["no answer from \(baseURL): \(error); is the endpoint up?"]
        }
        return CaseResult(system: system.name, name: contractCase.name, problems: problems,
                          seconds: Date().timeIntervalSince(started))
    }

    private func exchange(_ contractCase: ContractCase, system: ContractSystem) async throws -> [String] {
        if system.flavour == .provider {
            return try await ProviderLiveVerifier(baseURL: baseURL, timeout: timeout).problems(of: contractCase, system: system)
        }
        guard let adapter = registry.adapter(named: system.adapter) else {
            throw ContractError("no adapter \"\(system.adapter)\" in the registry; add it to GatewayApp.registry or fix system.yaml")
        }
        guard let request = contractCase.request, let expected = contractCase.response else {
            throw ContractError("case \(contractCase.name): an outbound case verified live needs request and response")
        }
        let outbound: OutboundRequest
        if let file = contractCase.envelope {
            outbound = try ContractReplayer(registry: registry)
                .encode(file, contractCase: contractCase, system: system, adapter: adapter, baseURL: baseURL)
        } else {
            outbound = OutboundRequest(method: request.method, url: baseURL + request.path,
                                       headers: (request.headers ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                       body: try contractCase.read(request.body))
        }
        var http = HTTPClientRequest(url: outbound.url)
        http.method = HTTPMethod(rawValue: outbound.method)
        for (name, value) in outbound.headers { http.headers.add(name: name, value: value) }
        http.body = .bytes(ByteBuffer(bytes: outbound.body))
        let response = try await HTTPClient.shared.execute(http, timeout: timeout)
        let body = Array(buffer: try await response.body.collect(upTo: 4 << 20))
        let status = Int(response.status.code)

        var problems: [String] = []
        if status != expected.status { problems.append("status: expected \(expected.status), got \(status)") }
        if !body.isEmpty, let schema = try system.schema(expected.schema, default: \.response) {
            problems += schema.violations(of: body).map { "answer does not satisfy its schema: \($0)" }
        }
        if let file = expected.body, system.format == .json {
            let wanted = try ContractReplayer.parse(try contractCase.read(file), file: file, case: contractCase.name)
            do {
                problems += JSONDiff.missingOrDifferent(expected: wanted, actual: try StrictJSON.parse(body))
            } catch {
                problems.append("answer is not strict JSON: \(error)")
            }
        }
        return problems
    }
}
