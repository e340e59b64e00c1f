import CaseModel
import Foundation
import HTTPTypes
import Hummingbird
import SMSAdapter
import SMSCore

/// The Twilio-compatible profile of the SMS provider stub: `Messages.json`, form in, Twilio's JSON out.
extension SMSProviderStub {
    static let twilioParameters: Set<String> = ["To", "From", "MessagingServiceSid", "Body", "StatusCallback", "ValidityPeriod"]

    func twilioSend(_ request: Request, body: [UInt8]) -> Outcome {
        func refuse(_ status: Int, _ code: String, _ message: String) -> Outcome {
            Outcome(status: status, body: Self.problem("twilio", status: status, code: code, message), problem: "\(code): \(message)")
        }
        guard twilioAuthorized(request) else { return refuse(401, "20003", "Authenticate") }
        guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else {
            return refuse(415, "20001", "the body must be application/x-www-form-urlencoded")
        }
        let form: [(String, String)]
        do {
            form = try FormEncoding.decode(body)
        } catch {
            return refuse(400, "20001", "the body is not a form: \(error)")
        }
        var fields: [String: String] = [:]
        for (name, value) in form {
            guard Self.twilioParameters.contains(name) else { return refuse(400, "20001", "unknown parameter \(name.prefix(40))") }
            guard fields.updateValue(value, forKey: name) == nil else { return refuse(400, "20001", "parameter \(name) repeated") }
        }
        guard let to = fields["To"], Self.isE164(to) else { return refuse(400, "21211", "The 'To' number is not a valid phone number") }
        let sender = fields["MessagingServiceSid"] ?? fields["From"]
        guard let sender, !sender.isEmpty, (fields["From"] == nil) != (fields["MessagingServiceSid"] == nil) else {
            return refuse(400, "21603", "exactly one of From and MessagingServiceSid is required")
        }
        guard let text = fields["Body"], !text.isEmpty else { return refuse(400, "21602", "Message body is required") }
        guard text.count <= 1_600 else { return refuse(400, "21617", "The concatenated message body exceeds the 1600 character limit") }
        var validity = 36_000
        if let value = fields["ValidityPeriod"] {
            guard let seconds = Int(value), (1...36_000).contains(seconds) else {
                return refuse(400, "21623", "ValidityPeriod must be 1 to 36000 seconds")
            }
            validity = seconds
        }
        var reference: String?
        if let callback = fields["StatusCallback"] {
            guard callback.hasPrefix("http://") || callback.hasPrefix("https://"), let ref = try? FormEncoding.queryValue("ref", in: callback)
            else { return refuse(400, "21609", "StatusCallback must be an http(s) URL with a readable query") }
            reference = ref
        }
        switch SMSStubScript(number: to) {
        case .refusedOptedOut: return refuse(400, "21610", "Attempt to send to unsubscribed recipient")
        case .refusedInvalidNumber: return refuse(400, "21211", "The 'To' number is not a valid phone number")
        case .refusedThrottled: return refuse(429, "20429", "Too Many Requests")
        default: break
        }
        let message = Message(profile: "twilio", id: "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
                              to: to, from: sender, text: text, reference: reference, statusCallback: fields["StatusCallback"],
                              validitySeconds: validity, segments: SMSMeasure(text).segments, status: .accepted, createdAt: Date())
        return Outcome(status: 201, body: Self.twilioResource(message, accountSid: configuration.twilioAccountSid), message: message,
                       hangAfterAccepting: SMSStubScript(number: to) == .acceptThenHang)
    }

    /// `GET Messages.json?To=…&DateSent>=YYYY-MM-DD`: the messages to that number, newest first, on one page.
    func twilioList(_ request: Request) -> Outcome {
        guard twilioAuthorized(request) else {
            return Outcome(status: 401, body: Self.problem("twilio", status: 401, code: "20003", "Authenticate"), problem: "20003")
        }
        let query: [(String, String)]
        do {
            query = try FormEncoding.decode(Array((request.uri.query ?? "").utf8))
        } catch {
            return Outcome(status: 400, body: Self.problem("twilio", status: 400, code: "20001", "the query is not a form"),
                           problem: "bad query")
        }
        let to = query.first { $0.0 == "To" }?.1
        let since = query.first { $0.0 == "DateSent>" }?.1
        let listed = messages.filter { message in
            message.profile == "twilio" && (to == nil || message.to == to)
                && (since.map { Self.utcDay(message.createdAt) >= $0 } ?? true)
        }
        let resources = listed.reversed().map { Self.twilioResource($0, accountSid: configuration.twilioAccountSid) }
        return Outcome(status: 200, body: .object([("messages", .array(resources)), ("next_page_uri", .null),
                                                   ("page", .number("0")), ("page_size", .number("100"))]))
    }

    private func twilioAuthorized(_ request: Request) -> Bool {
        let expected = "Basic " + Data("\(configuration.twilioAccountSid):\(configuration.twilioAuthToken.reveal())".utf8)
            .base64EncodedString()
        let account = request.uri.path.split(separator: "/").dropFirst(2).first.map(String.init)
        return request.headers[.authorization] == expected && account == configuration.twilioAccountSid
    }

    static func twilioResource(_ message: Message, accountSid: String) -> JSONValue {
        let (status, code) = TwilioCodes.messageStatus(for: message.status)
        return .object([
            ("sid", .string(message.id)), ("account_sid", .string(accountSid)), ("to", .string(message.to)),
            ("from", .string(message.from)), ("body", .string(message.text)), ("status", .string(status)),
            ("num_segments", .string(String(message.segments))), ("error_code", code.map { .number($0) } ?? .null),
            ("date_created", .string(rfc2822(message.createdAt))), ("api_version", .string("2010-04-01")),
        ])
    }

    static func isE164(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.first == 0x2B && (9...16).contains(bytes.count) && bytes.dropFirst().allSatisfy { (0x30...0x39).contains($0) }
    }

    static func utcDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// `Sun, 29 Nov 2026 04:20:00 +0000`, as Twilio writes dates.
    static func rfc2822(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let time = String(format: "%02d %04d %02d:%02d:%02d", parts.day ?? 1, parts.year ?? 1970, parts.hour ?? 0, parts.minute ?? 0,
                          parts.second ?? 0).split(separator: " ", maxSplits: 1).map(String.init)
        return "\(weekdays[((parts.weekday ?? 1) - 1) % 7]), \(time[0]) \(months[((parts.month ?? 1) - 1) % 12]) \(time[1]) +0000"
    }
}
