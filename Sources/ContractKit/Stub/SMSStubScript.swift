import SMSCore

/// What the SMS provider stub does with a message, chosen by the last two digits of the recipient's number
/// (`+336399800NN`, the fiction block), so that a test or a demo picks a scenario by picking a number.
public enum SMSStubScript: Sendable, Equatable {
    /// `sent`, then `delivered` (any number not listed below).
    case delivered
    /// 50–54: `sent`, then `undeliverable` (Twilio 30005).
    case undeliverable
    /// 55–59: `sent`, then `failed_temporary` (Twilio 30003, handset off).
    case failedTemporary
    /// 60–64: `sent`, then `expired` (Twilio 30036).
    case expired
    /// 65–69: `delivered`, then a late `sent` that must change nothing.
    case lateSent
    /// 70–74: `sent`, `delivered`, then the same `delivered` again (same idempotency token, same event id).
    case duplicateReceipt
    /// 75: the send is refused, the recipient opted out (Twilio 21610, `opted_out`).
    case refusedOptedOut
    /// 76: the send is refused, invalid number (Twilio 21211, `invalid_number`).
    case refusedInvalidNumber
    /// 77: the send is refused, throttled (HTTP 429, Twilio 20429, `throttled`): not processed.
    case refusedThrottled
    /// 78: receipts per part (JSON profile): part 1 `delivered`, part 2 `undeliverable`; Twilio gets `sent`, `delivered`.
    case partReceipts
    /// 79: the message is accepted and kept, then the answer hangs until the client gives up (an uncertain send that
    /// did succeed: the lookup finds it and the receipts still come).
    case acceptThenHang

    public init(number: String) {
        let digits = number.utf8.suffix(2)
        guard digits.count == 2, digits.allSatisfy({ (0x30...0x39).contains($0) }), let last = Int(String(decoding: digits, as: UTF8.self))
        else {
            self = .delivered
            return
        }
        switch last {
        case 50...54: self = .undeliverable
        case 55...59: self = .failedTemporary
        case 60...64: self = .expired
        case 65...69: self = .lateSent
        case 70...74: self = .duplicateReceipt
        case 75: self = .refusedOptedOut
        case 76: self = .refusedInvalidNumber
        case 77: self = .refusedThrottled
        case 78: self = .partReceipts
        case 79: self = .acceptThenHang
        default: self = .delivered
        }
    }

    /// One receipt to emit: the state, the part it is about (JSON profile only) and whether it repeats the previous one.
    public struct Receipt: Sendable, Equatable {
        public var status: ReceiptStatus
        public var part: Int?
        public var parts: Int?
        public var repeatsPrevious = false
    }

    /// The receipts of an accepted message, in the order they are posted.
    public var receipts: [Receipt] {
        switch self {
        case .delivered, .acceptThenHang, .refusedOptedOut, .refusedInvalidNumber, .refusedThrottled:
            [Receipt(status: .sent), Receipt(status: .delivered)]
        case .undeliverable: [Receipt(status: .sent), Receipt(status: .undeliverable)]
        case .failedTemporary: [Receipt(status: .sent), Receipt(status: .failedTemporary)]
        case .expired: [Receipt(status: .sent), Receipt(status: .expired)]
        case .lateSent: [Receipt(status: .delivered), Receipt(status: .sent)]
        case .duplicateReceipt:
            [Receipt(status: .sent), Receipt(status: .delivered), Receipt(status: .delivered, repeatsPrevious: true)]
        case .partReceipts:
            [Receipt(status: .delivered, part: 1, parts: 2), Receipt(status: .undeliverable, part: 2, parts: 2)]
        }
    }
}
