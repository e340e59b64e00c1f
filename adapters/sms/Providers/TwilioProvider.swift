import CaseModel
import Foundation
import Gateway
import SMSCore

/// A Twilio-compatible provider: form-encoded `Messages.json` with Basic auth, our reference in the status
/// callback URL (Twilio keeps no client reference), lookup by recipient, day and text.
public struct TwilioProvider: SMSProvider, ProviderExchange {
    /// Where and as whom to send.
    public struct Settings: Sendable {
        /// The API root, e.g. `https://api.twilio.com`.
        public var baseURL: String
        public var accountSid: String
        public var authToken: Secret
        /// The alphanumeric sender (≤ 11 characters); ignored when `messagingServiceSid` is set.
        public var from: String?
        public var messagingServiceSid: String?
        /// The exact public URL of our status-callback route; `ref=<our reference>` is added to its query.
        public var statusCallbackURL: String
        public var timeoutMilliseconds: Int

        public init(baseURL: String, accountSid: String, authToken: Secret, from: String?, messagingServiceSid: String? = nil,
                    statusCallbackURL: String, timeoutMilliseconds: Int = 10_000) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.accountSid = accountSid
            self.authToken = authToken
            self.from = from
            self.messagingServiceSid = messagingServiceSid
            self.statusCallbackURL = statusCallbackURL
            self.timeoutMilliseconds = timeoutMilliseconds
        }
    }

    public let name: String
    private let settings: Settings
    private let transport: any Transport

    public init(name: String, settings: Settings, transport: any Transport) {
        self.name = name
        self.settings = settings
        self.transport = transport
    }

    /// `{base}/2010-04-01/Accounts/{sid}/Messages.json`
    var messagesURL: String { "\(settings.baseURL)/2010-04-01/Accounts/\(FormEncoding.escape(settings.accountSid))/Messages.json" }

    /// The status callback URL of one message: the configured public URL with our reference in its query.
    public func statusCallbackURL(reference: String) -> String {
        let base = settings.statusCallbackURL
        return base + (base.contains("?") ? "&" : "?") + "ref=" + FormEncoding.escape(reference)
    }

    /// The request that sends `message`.
    public func sendRequest(for message: ProviderMessage) -> OutboundRequest {
        var form = [("To", message.to)]
        if let service = settings.messagingServiceSid {
            form.append(("MessagingServiceSid", service))
        } else {
            form.append(("From", settings.from ?? ""))
        }
        form += [("Body", message.text), ("StatusCallback", statusCallbackURL(reference: message.reference)),
                 ("ValidityPeriod", String(min(max(message.validitySeconds, 1), 36_000)))]
        return OutboundRequest(method: "POST", url: messagesURL, headers: [
            ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"), ("Authorization", authorization),
        ], body: Array(FormEncoding.encode(form).utf8))
    }

    public func send(_ message: ProviderMessage) async -> ProviderSendResult {
        await send(message, through: transport, timeoutMilliseconds: settings.timeoutMilliseconds)
    }

    /// Reads Twilio's answer to a send.
    public func sendResult(_ result: TransportResult) -> ProviderSendResult {
        switch result {
        case .failure(let error, .beforeSending):
            return .notProcessed(reason: "Twilio not reached: \(error)", retryAfterSeconds: nil)
        case .failure(let error, .afterSending):
            return .uncertain(reason: "no answer from Twilio after sending: \(error)")
        case .response(let status, let body):
            let answer = try? StrictJSON.parse(body)
            guard (200..<300).contains(status) else {
                return TwilioCodes.sendResult(status: status, code: answer?[member: "code"]?.code)
            }
            guard let sid = answer?[member: "sid"]?.text, ProviderIdentifiers.isProviderId(sid) else {
                return .uncertain(reason: "Twilio answered \(status) without a readable message sid")
            }
            return .accepted(providerMessageId: sid, segments: answer?[member: "num_segments"]?.integer)
        }
    }

    /// The request that lists the messages sent to `message.to` since the day of `since` (UTC).
    public func lookupRequest(for message: ProviderMessage, since: Date) -> OutboundRequest {
        let day = Self.utcDay(since)
        let query = FormEncoding.encode([("To", message.to), ("DateSent>", day), ("PageSize", "100")])
        return OutboundRequest(method: "GET", url: messagesURL + "?" + query,
                               headers: [("Accept", "application/json"), ("Authorization", authorization)], body: [])
    }

    public func lookup(_ message: ProviderMessage, since: Date) async -> ProviderLookup {
        await lookup(message, since: since, through: transport, timeoutMilliseconds: settings.timeoutMilliseconds)
    }

    /// Finds `message` in Twilio's list by recipient and exact text. Only a complete list (one page) proves absence;
    /// and since Twilio fills `date_sent` only once a message leaves its queue, a caller trusts `notFound` only after
    /// its reconciliation window (SMS rules §12.2), never right after the uncertain send.
    public func lookupResult(_ result: TransportResult, for message: ProviderMessage) -> ProviderLookup {
        guard case .response(let status, let body) = result else {
            if case .failure(let error, _) = result { return .unavailable(reason: "Twilio not reached: \(error)") }
            return .unavailable(reason: "no answer")
        }
        guard status == 200, let answer = try? StrictJSON.parse(body), let messages = answer[member: "messages"]?.elements else {
            return .unavailable(reason: "Twilio answered \(status) without a readable message list")
        }
        for entry in messages where entry[member: "to"]?.text == message.to && entry[member: "body"]?.text == message.text {
            guard let sid = entry[member: "sid"]?.text, ProviderIdentifiers.isProviderId(sid),
                  let state = entry[member: "status"]?.text,
                  let receipt = TwilioCodes.receiptStatus(state, errorCode: entry[member: "error_code"]?.code) else {
                return .unavailable(reason: "Twilio listed the message without a readable sid or status")
            }
            return .found(providerMessageId: sid, status: receipt)
        }
        if let next = answer[member: "next_page_uri"], next != .null {
            return .unavailable(reason: "Twilio's list has more pages; the message may be on one of them")
        }
        return .notFound
    }

    private var authorization: String {
        "Basic " + Data("\(settings.accountSid):\(settings.authToken.reveal())".utf8).base64EncodedString()
    }

    /// `YYYY-MM-DD` of an instant in UTC: Twilio filters `DateSent` by day.
    static func utcDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
