import SMSCore

/// Twilio's error codes and message statuses, mapped to our classes (SMS rules §11.3 and §12.4).
public enum TwilioCodes {
    /// The class of a send call refused with `code` (HTTP status `status`); reasons carry the code only.
    public static func sendResult(status: Int, code: String?) -> ProviderSendResult {
        let reason = "Twilio answered \(status)" + (code.map { " with error \($0)" } ?? "")
        switch code {
        case "20429", "21611", "30001":
            return .notProcessed(reason: reason, retryAfterSeconds: nil)
        case "21610":
            return .optedOut(reason: reason)
        case "21211", "21614", "21617", "21635":
            return .permanent(reason: reason, code: code)
        case "20003", "21408", "21606", "21608", "21612", "21657", "30042":
            return .configuration(reason: reason)
        case let code? where isSchedulingCode(code):
            return .configuration(reason: reason)
        default:
            switch status {
            case 429: return .notProcessed(reason: reason, retryAfterSeconds: nil)
            case 401, 403, 404: return .configuration(reason: reason)
            case 400..<500: return .permanent(reason: reason, code: code)
            default: return .uncertain(reason: reason)
            }
        }
    }

    /// 35111–35126: scheduling parameters, our side's mistake.
    private static func isSchedulingCode(_ code: String) -> Bool {
        Int(code).map { (35111...35126).contains($0) } ?? false
    }

    /// Our receipt state for a Twilio `MessageStatus` and its `ErrorCode`; nil for a status Twilio does not document.
    public static func receiptStatus(_ status: String, errorCode: String?) -> ReceiptStatus? {
        switch status {
        case "queued", "accepted", "scheduled", "sending": return .accepted
        case "sent": return .sent
        case "delivered", "read": return .delivered
        case "undelivered", "failed", "canceled": break
        default: return nil
        }
        switch errorCode {
        case "21610": return .optedOut
        case "30036": return .expired
        case "30003", "30008": return .failedTemporary
        case "30005", "30006", "30007", "21211", "21614", "21635": return .undeliverable
        default: return status == "undelivered" ? .failedTemporary : .undeliverable
        }
    }

    /// The status Twilio reports for our receipt state: what a stand-in provider sends back.
    public static func messageStatus(for status: ReceiptStatus) -> (status: String, errorCode: String?) {
        switch status {
        case .accepted: ("queued", nil)
        case .sent: ("sent", nil)
        case .delivered: ("delivered", nil)
        case .undeliverable: ("undelivered", "30005")
        case .failedTemporary: ("undelivered", "30003")
        case .expired: ("failed", "30036")
        case .optedOut: ("failed", "21610")
        case .unknown: ("sent", nil)
        }
    }
}
