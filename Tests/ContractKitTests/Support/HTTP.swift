import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP exchange, or the error that took its place.
struct Exchange: Sendable {
    var status: Int
    var body: String

    static func send(_ method: HTTPMethod, _ url: String, body: String? = nil,
                     headers: [(String, String)] = [("Content-Type", "application/json")],
                     timeoutMilliseconds: Int64 = 10_000) async throws -> Exchange {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(timeoutMilliseconds))
        let buffer = try await response.body.collect(upTo: 1 << 20)
        return Exchange(status: Int(response.status.code), body: String(buffer: buffer))
    }
}

/// Synthetic canonical envelopes; no real person, case or number.
enum SyntheticEnvelope {
    static func measure(_ sourceId: String, person: String = "0190f3a2-7b1c-7000-8000-00000000000a",
                        nom: String = "EXEMPLE", prenom: String = "Camille", birthDate: String = "1990-01-01",
                        mobile: String = "+33639980001", caseId: String = "24123000456", id: String? = nil) -> String {
        """
        {"version":1,\(id.map { "\"id\":\"\($0)\"," } ?? "")"kind":"measure.mandated","source":{"system":"APPI","site":"SPIP-57"},
         "sourceMessageId":"\(sourceId)","subject":{"personId":"\(person)","caseId":"\(caseId)"},
         "occurredAt":"2026-11-02T09:30:00Z","purpose":"saisine",
         "payload":{"person":{"id":"\(person)","nom":"\(nom)","prenoms":["\(prenom)"],"dateNaissance":"\(birthDate)",
                              "mobile":"\(mobile)","smsConsent":"accepted"},
                    "measure":{"id":"0190f3a2-7b1c-7000-8000-0000000000f1","type":"SP","status":"A_PRENDRE_EN_CHARGE",
                               "obligations":[{"code":"132-45-3","label":"Obligation de soins"}]}}}
        """
    }
}
