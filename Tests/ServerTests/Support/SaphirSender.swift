import AsyncHTTPClient
import Foundation
import Gateway
import NIOCore
import SaphirAdapter

/// Stands in for SAPHIR: builds webhook bodies and signs them with the test run's key, as SAPHIR would.
struct SaphirSender: Sendable {
    let gateway: TestGateway
    let signature = WebhookSignature(secret: Secret(TestGateway.saphirSecret), toleranceSeconds: 300)

    /// One synthetic event; `index` orders a person's events in time.
    static func event(id: String, person: Int, alarm: Bool, minute: Int, code: String? = nil) -> String {
        let personRef = String(format: "0190f3a2-7b1c-7000-8000-%012d", person)
        let at = Date(timeIntervalSince1970: 1_793_620_800 + Double(minute * 60))
        return """
            {"eventId":"\(id)","category":"\(alarm ? "ALARME" : "EVENEMENT")",\
            "code":"\(code ?? (alarm ? "ABSENCE_ASSIGNATION" : "POSE_EFFECTUEE"))",\
            "occurredAt":"\(at.formatted(.iso8601))","placementId":"SE-2026-\(String(format: "%06d", person))",\
            "personRef":"\(personRef)"}
            """
    }

    static func body(_ events: [String]) -> [UInt8] {
        Array(#"{"version":1,"centre":"PSE-NANCY","events":["#.utf8) + Array(events.joined(separator: ",").utf8)
            + Array("]}".utf8)
    }

    /// Posts a signed delivery; `timestamp` defaults to now, `signWith` to the right key.
    func send(_ body: [UInt8], delivery: String = UUID().uuidString.lowercased(), timestamp: Int? = nil,
              signWith: WebhookSignature? = nil) async throws -> HTTPExchange {
        let stamp = timestamp ?? Int(Date().timeIntervalSince1970)
        let header = (signWith ?? signature).sign(body: body, timestamp: stamp, deliveryId: delivery)
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(gateway.port)/inbound/saphir")
        request.method = .POST
        request.headers.add(contentsOf: [("Content-Type", "application/json"), ("X-Saphir-Delivery", delivery),
                                         ("X-Saphir-Timestamp", String(stamp)), ("X-Saphir-Signature", header)])
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return HTTPExchange(status: Int(response.status.code), body: String(buffer: buffer), headers: response.headers)
    }
}
