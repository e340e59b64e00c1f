import AsyncHTTPClient
import Foundation
import Gateway
import NIOCore
import NIOHTTP1
import SMSAdapter

/// Sends the `live: true` send cases of a provider contract to a live endpoint (the SMS stub, a provider's test
/// platform) and checks that the answer falls in the case's class. Ids are the endpoint's own, so they are not
/// compared; each send gets a fresh reference, so that a second run is not a duplicate.
struct ProviderLiveVerifier {
    let baseURL: String
    let timeout: TimeAmount

    func problems(of contractCase: ContractCase, system: ContractSystem) async throws -> [String] {
        guard let spec = contractCase.provider, contractCase.direction == .outbound, let wanted = spec.result, spec.live == true else {
            throw ContractError("case \(contractCase.name): only send cases marked live: true can be verified against an endpoint")
        }
        let exchange = try ProviderReplayer.exchange(spec, system: system, caseName: contractCase.name, baseURL: baseURL)
        var message = try ProviderReplayer.message(spec, caseName: contractCase.name)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        message.reference = String(message.reference.prefix(31)) + "-" + suffix
        let request = exchange.sendRequest(for: message)
        var http = HTTPClientRequest(url: request.url)
        http.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { http.headers.add(name: name, value: value) }
        http.body = .bytes(ByteBuffer(bytes: request.body))
        let answer: TransportResult
        do {
            let response = try await HTTPClient.shared.execute(http, timeout: timeout)
            answer = .response(status: Int(response.status.code), body: Array(buffer: try await response.body.collect(upTo: 1 << 20)))
        } catch {
            answer = .failure("no answer: \(type(of: error))", stage: .afterSending)
        }
        let got = exchange.sendResult(answer)
        var problems: [String] = []
        if ProviderReplayer.outcome(of: got) != wanted.outcome { problems.append("result: expected \(wanted.outcome), got \(got)") }
        if case .accepted(_, let segments) = got, let expected = wanted.segments, segments != expected {
            problems.append("segments: expected \(expected), got \(segments.map(String.init) ?? "none")")
        }
        return problems
    }
}
