/// The error codes of our JSON provider profile (`contracts/sms/README.md`), mapped to our classes (SMS rules §12.2).
public enum JsonCodes {
    /// The class of a send call refused with `code` (HTTP status `status`); reasons carry the code only.
    public static func sendResult(status: Int, code: String?) -> ProviderSendResult {
        let reason = "the provider answered \(status)" + (code.map { " with error \($0)" } ?? "")
        switch code {
        case "throttled", "queue_full", "maintenance":
            return .notProcessed(reason: reason, retryAfterSeconds: nil)
        case "opted_out":
            return .optedOut(reason: reason)
        case "invalid_number", "not_mobile", "text_too_long", "number_barred":
            return .permanent(reason: reason, code: code)
        case "unauthorized", "sender_rejected", "region_disabled", "insufficient_credit":
            return .configuration(reason: reason)
        case "duplicate_client_ref":
            // It already holds a message with this reference: an earlier send did get through. Reconcile, never resend.
            return .uncertain(reason: reason)
        default:
            switch status {
            case 429: return .notProcessed(reason: reason, retryAfterSeconds: nil)
            case 401, 403, 404: return .configuration(reason: reason)
            case 400..<500: return .permanent(reason: reason, code: code)
            default: return .uncertain(reason: reason)
            }
        }
    }
}
