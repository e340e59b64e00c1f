import CaseModel
import Foundation
import HTTPTypes
import Hummingbird
import SMSAdapter
import SMSCore

/// The JSON profile of the SMS provider stub: `POST /v1/messages` and `GET /v1/messages?client_ref=…`.
extension SMSProviderStub {
    /// A send as the JSON profile takes it; any other member is refused.
    struct JsonSend: Decodable {
        var to: String
        var from: String
        var text: String
        var clientRef: String
        var validitySeconds: Int

        enum CodingKeys: String, CodingKey {
            case to, from, text, clientRef = "client_ref", validitySeconds = "validity_seconds"
        }
    }

    func jsonSend(_ request: Request, body: [UInt8]) -> Outcome {
        func refuse(_ status: Int, _ code: String, _ message: String) -> Outcome {
            Outcome(status: status, body: Self.problem("json", status: status, code: code, message), problem: "\(code): \(message)")
        }
        guard request.headers[.authorization] == "Bearer " + configuration.jsonAPIKey.reveal() else {
            return refuse(401, "unauthorized", "a valid bearer API key is required")
        }
        guard request.headers[.contentType]?.hasPrefix("application/json") == true else {
            return refuse(415, "invalid_request", "the body must be application/json")
        }
        let send: JsonSend
        do {
            send = try StrictJSON.decode(JsonSend.self, from: body)
        } catch {
            return refuse(400, "invalid_request", "\(error.message) at \(error.path)")
        }
        guard Self.isE164(send.to) else { return refuse(400, "invalid_number", "to is not an E.164 number") }
        guard (1...11).contains(send.from.count) else { return refuse(400, "sender_rejected", "from must be 1 to 11 characters") }
        guard !send.text.isEmpty, send.text.count <= 1_600 else { return refuse(400, "text_too_long", "text must be 1 to 1600 characters") }
        guard (1...40).contains(send.clientRef.utf8.count) else { return refuse(400, "invalid_request", "client_ref must be 1 to 40 characters") }
        guard (1...259_200).contains(send.validitySeconds) else {
            return refuse(400, "invalid_request", "validity_seconds must be 1 to 259200")
        }
        if messages.contains(where: { $0.profile == "json" && $0.reference == send.clientRef }) {
            return refuse(409, "duplicate_client_ref", "a message with this client_ref exists")
        }
        switch SMSStubScript(number: send.to) {
        case .refusedOptedOut: return refuse(400, "opted_out", "the recipient opted out")
        case .refusedInvalidNumber: return refuse(400, "invalid_number", "the number does not exist")
        case .refusedThrottled: return refuse(429, "throttled", "too many requests")
        default: break
        }
        let message = Message(profile: "json", id: "msg-" + UUID().uuidString.lowercased(), to: send.to, from: send.from, text: send.text,
                              reference: send.clientRef, statusCallback: nil, validitySeconds: send.validitySeconds,
                              segments: SMSMeasure(send.text).segments, status: .accepted, createdAt: Date())
        return Outcome(status: 202, body: .object([("id", .string(message.id)), ("status", .string("accepted")),
                                                   ("segments", .number(String(message.segments)))]),
                       message: message, hangAfterAccepting: SMSStubScript(number: send.to) == .acceptThenHang)
    }

    /// The messages carrying a `client_ref`.
    func jsonList(_ request: Request) -> Outcome {
        guard request.headers[.authorization] == "Bearer " + configuration.jsonAPIKey.reveal() else {
            return Outcome(status: 401, body: Self.problem("json", status: 401, code: "unauthorized", "a valid bearer API key is required"),
                           problem: "unauthorized")
        }
        guard let reference = (try? FormEncoding.decode(Array((request.uri.query ?? "").utf8)))?.first(where: { $0.0 == "client_ref" })?.1
        else {
            return Outcome(status: 400, body: Self.problem("json", status: 400, code: "invalid_request", "client_ref is required"),
                           problem: "no client_ref")
        }
        let listed = messages.filter { $0.profile == "json" && $0.reference == reference }.map(Self.jsonResource)
        return Outcome(status: 200, body: .object([("messages", .array(listed))]))
    }

    static func jsonResource(_ message: Message) -> JSONValue {
        .object([("id", .string(message.id)), ("client_ref", message.reference.map(JSONValue.string) ?? .null),
                 ("to", .string(message.to)), ("status", .string(message.status.rawValue)),
                 ("segments", .number(String(message.segments)))])
    }
}
