import AsyncHTTPClient
import CaseModel
import Foundation
import Gateway
import Hummingbird
import NIOCore
import SMSAdapter
import SMSCore

/// The SMS provider stub's callbacks: receipts as scripted, and handset replies on demand, signed as the real
/// provider signs them.
extension SMSProviderStub {
    /// Posts the scripted receipts of `message`, one every `receiptDelayMilliseconds`.
    func emitReceipts(of message: Message) async {
        var previous: (body: [UInt8], headers: [(String, String)])?
        var parts: [ReceiptStatus?] = []
        for receipt in SMSStubScript(number: message.to).receipts {
            do {
                try await Task.sleep(for: .milliseconds(configuration.receiptDelayMilliseconds))
            } catch {
                return
            }
            guard !state.withLock({ $0.stopping }) else { return }
            // The message's own state: forward only, and for parts, their combination (SMS rules R1, R3).
            var next = receipt.status
            if let part = receipt.part, let count = receipt.parts {
                if parts.count != count { parts = Array(repeating: nil, count: count) }
                parts[part - 1] = receipt.status
                next = PartReceipts.combined(parts) ?? receipt.status
            }
            state.withLock { state in
                guard let index = state.messages.firstIndex(where: { $0.id == message.id }) else { return }
                if receipt.part != nil || (next.status.rank ?? 0) > (state.messages[index].status.status.rank ?? 0) {
                    state.messages[index].status = next
                }
            }
            let target: String?
            let request: (body: [UInt8], headers: [(String, String)])?
            if message.profile == "twilio" {
                target = message.statusCallback
                request = target.map { twilioReceipt(message, status: receipt.status, url: $0) }
            } else {
                target = configuration.eventsURL
                request = jsonEvent(.object(jsonReceiptMembers(message, receipt: receipt)))
            }
            guard let target, var request else { continue }
            if receipt.repeatsPrevious, let previous { request = previous }
            previous = request
            let answered = await post(request.body, headers: request.headers, to: target)
            state.withLock {
                $0.callbacks.append(Callback(url: target, kind: "receipt", messageId: message.id, status: receipt.status.rawValue,
                                             answeredStatus: answered))
            }
        }
    }

    private func twilioReceipt(_ message: Message, status: ReceiptStatus, url: String) -> (body: [UInt8], headers: [(String, String)]) {
        let (state, code) = TwilioCodes.messageStatus(for: status)
        var form = [("AccountSid", configuration.twilioAccountSid), ("ApiVersion", "2010-04-01"), ("From", message.from),
                    ("MessageSid", message.id), ("MessageStatus", state), ("SmsSid", message.id), ("SmsStatus", state),
                    ("To", message.to)]
        if let code { form.append(("ErrorCode", code)) }
        return twilioSigned(form, url: url)
    }

    private func twilioSigned(_ form: [(String, String)], url: String) -> (body: [UInt8], headers: [(String, String)]) {
        let signature = TwilioSignature(authToken: configuration.twilioAuthToken).sign(url: url, form: form)
        return (Array(FormEncoding.encode(form).utf8), [
            ("Content-Type", "application/x-www-form-urlencoded"), ("X-Twilio-Signature", signature),
            ("I-Twilio-Idempotency-Token", UUID().uuidString.lowercased()),
        ])
    }

    private func jsonReceiptMembers(_ message: Message, receipt: SMSStubScript.Receipt) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [("type", .string("receipt")), ("event_id", .string("evt-" + UUID().uuidString.lowercased())),
                                              ("id", .string(message.id)), ("status", .string(receipt.status.rawValue))]
        if let reference = message.reference { members.append(("client_ref", .string(reference))) }
        if let part = receipt.part, let parts = receipt.parts {
            members += [("part", .number(String(part))), ("parts", .number(String(parts)))]
        }
        if let code = TwilioCodes.messageStatus(for: receipt.status).errorCode { members.append(("error_code", .string(code))) }
        return members
    }

    private func jsonEvent(_ event: JSONValue) -> (body: [UInt8], headers: [(String, String)]) {
        let body = StrictJSON.serialize(event)
        let signature = JsonWebhookSignature(secret: configuration.jsonWebhookSecret)
            .sign(body: body, timestamp: Int(Date().timeIntervalSince1970))
        return (body, [("Content-Type", "application/json"), ("X-Signature", signature)])
    }

    /// `POST /_stub/replies {"from": "+336…", "text": "STOP", "profile": "twilio"}`: a handset replies; the stub posts
    /// the signed inbound webhook and answers with what the gateway answered.
    func reply(_ request: Request) async throws -> Response {
        struct Reply: Decodable {
            var from: String
            var text: String
            var profile: String?
            var to: String?
        }
        var request = request
        let body = Array(buffer: try await request.collectBody(upTo: 64 << 10))
        func refuse(_ message: String) -> Response {
            Response(status: .badRequest, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(bytes: StrictJSON.serialize(.object([("error", .string(message))])))))
        }
        let reply: Reply
        do {
            reply = try StrictJSON.decode(Reply.self, from: body)
        } catch {
            return refuse("the body must be {\"from\", \"text\", \"profile\"?, \"to\"?}: \(error.message)")
        }
        guard Self.isE164(reply.from) else { return refuse("from must be an E.164 number") }
        let profile = reply.profile ?? "twilio"
        let id = (profile == "twilio" ? "SM" : "msg-") + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let target: String?
        let signed: (body: [UInt8], headers: [(String, String)])?
        switch profile {
        case "twilio":
            target = configuration.replyURL
            signed = target.map {
                twilioSigned([("AccountSid", configuration.twilioAccountSid), ("ApiVersion", "2010-04-01"), ("Body", reply.text),
                              ("From", reply.from), ("MessageSid", id), ("NumMedia", "0"), ("SmsMessageSid", id), ("SmsSid", id),
                              ("SmsStatus", "received"), ("To", reply.to ?? "PASSERELLE")], url: $0)
            }
        case "json":
            target = configuration.eventsURL
            signed = jsonEvent(.object([("type", .string("reply")), ("event_id", .string("evt-" + UUID().uuidString.lowercased())),
                                        ("id", .string(id)), ("from", .string(reply.from)), ("text", .string(reply.text))]))
        default:
            return refuse("profile must be twilio or json")
        }
        guard let target, let signed else { return refuse("no callback URL is configured for the \(profile) profile") }
        let answered = await post(signed.body, headers: signed.headers, to: target)
        state.withLock { $0.callbacks.append(Callback(url: target, kind: "reply", messageId: id, answeredStatus: answered)) }
        let answer = JSONValue.object([("posted_to", .string(target)), ("message_id", .string(id)),
                                       ("answered_status", answered.map { .number(String($0)) } ?? .null)])
        return Response(status: .accepted, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: StrictJSON.serialize(answer))))
    }

    /// Posts a callback; the status the receiver answered, nil when it could not be reached.
    private func post(_ body: [UInt8], headers: [(String, String)], to url: String) async -> Int? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 64 << 10)
            return Int(response.status.code)
        } catch {
            return nil
        }
    }
}
