import Foundation

/// The life of one SMS notification (one outbox row), as an explicit state machine with pure transitions
/// (SMS rules §11 and §12). Stored by its raw value.
public enum SMSStatus: String, CaseIterable, Sendable, Codable {
    /// Planned for a send time; may be sent, rescheduled or cancelled.
    case planned
    /// The attempt is recorded and the provider is being called (recorded before the call, S2).
    case sending
    /// The call timed out or broke after the request left: the provider may or may not have the message.
    /// Never sent again blindly: reconciled by our reference, or resent on proof or an operator's decision.
    case uncertain
    /// The provider took it.
    case accepted
    /// Handed to the carrier.
    case sent
    /// Handset or carrier receipt (not proof of reading).
    case delivered
    /// Permanent failure: invalid or unknown number, landline, barred.
    case undeliverable
    /// Handset off or out of coverage; final for this message, a new one may be planned.
    case failedTemporary = "failed_temporary"
    /// The validity period ran out.
    case expired
    /// The recipient opted out at the provider.
    case optedOut = "opted_out"
    /// No final receipt within 72 hours; a later definite receipt may still replace it.
    case unknown
    /// Withdrawn before sending (appointment moved or cancelled, consent withdrawn).
    case cancelled

    /// The rank of a provider state (SMS rules §11.1); nil before the provider has the message.
    public var rank: Int? {
        switch self {
        case .planned, .sending, .uncertain, .cancelled: nil
        case .accepted: 1
        case .sent: 2
        case .delivered, .undeliverable, .failedTemporary, .expired, .optedOut, .unknown: 3
        }
    }

    /// Whether nothing more can happen to it, `unknown` aside (see `isUpgradable`).
    public var isFinal: Bool {
        switch self {
        case .delivered, .undeliverable, .failedTemporary, .expired, .optedOut, .unknown, .cancelled: true
        case .planned, .sending, .uncertain, .accepted, .sent: false
        }
    }

    /// Final, yet a later definite receipt may replace it (R2).
    public var isUpgradable: Bool { self == .unknown }

    /// How long the provider has to send a final receipt before the status becomes `unknown`.
    public static let finalReceiptWindow: TimeInterval = 72 * 3600
}

/// A provider's receipt, mapped to our states (SMS rules §11.3).
public enum ReceiptStatus: String, CaseIterable, Sendable, Codable {
    case accepted, sent, delivered, undeliverable
    case failedTemporary = "failed_temporary"
    case expired
    case optedOut = "opted_out"
    case unknown

    public var status: SMSStatus {
        switch self {
        case .accepted: .accepted
        case .sent: .sent
        case .delivered: .delivered
        case .undeliverable: .undeliverable
        case .failedTemporary: .failedTemporary
        case .expired: .expired
        case .optedOut: .optedOut
        case .unknown: .unknown
        }
    }
}

/// How the provider answered the send call (SMS rules §12.2).
public enum SubmitOutcome: Equatable, Sendable {
    /// It returned its message id.
    case accepted
    /// Timeout after the request was sent, connection reset before the answer, 5xx without a guarantee.
    case uncertain
    /// Refused before processing (429, queue full, connection refused): safe to try again.
    case notProcessed
    /// Will never succeed: invalid or non-mobile number, body too long, number barred.
    case permanent
    case optedOut
}

/// Something that happens to a notification.
public enum SMSEvent: Equatable, Sendable {
    case startAttempt
    case submitted(SubmitOutcome)
    case receipt(ReceiptStatus)
    /// The provider, asked by our reference, knows the message and says where it is.
    case reconciled(ReceiptStatus)
    /// Proof that the provider never took the message (e.g. its lookup by our reference, trusted): may resend.
    case provenNotAccepted
    /// An operator decided, with an audited reason, to send again after an uncertain outcome.
    case operatorResend
    /// `finalReceiptWindow` passed since acceptance without a final receipt.
    case finalReceiptOverdue
    case cancel
}

/// What a transition did.
public enum SMSTransition: Equatable, Sendable {
    case changed(SMSStatus)
    /// A duplicate: same state again. Acknowledged, nothing changes (R4).
    case duplicate
    /// A receipt older in rank than the current state, or one after a final state: kept raw, changes nothing (R1, R2).
    case stale
    /// The event makes no sense in this state (e.g. a second attempt while uncertain): refused, nothing changes.
    case refused(String)
}

extension SMSStatus {
    /// The pure transition function: the result of `event` in this state.
    public func applying(_ event: SMSEvent) -> SMSTransition {
        switch (self, event) {
        case (.planned, .startAttempt):
            return .changed(.sending)
        case (.uncertain, .startAttempt):
            return .refused("the last attempt's outcome is unknown: reconcile with the provider before sending again")
        case (_, .startAttempt):
            return .refused("no attempt can start from \(rawValue)")

        case (.sending, .submitted(let outcome)):
            switch outcome {
            case .accepted: return .changed(.accepted)
            case .uncertain: return .changed(.uncertain)
            case .notProcessed: return .changed(.planned)
            case .permanent: return .changed(.undeliverable)
            case .optedOut: return .changed(.optedOut)
            }
        case (_, .submitted):
            return .refused("no send call is in progress in \(rawValue)")

        case (.planned, .cancel), (.uncertain, .cancel):
            return .changed(.cancelled)
        case (.cancelled, .cancel):
            return .duplicate
        case (_, .cancel):
            return .refused("a notification in \(rawValue) has reached the provider and cannot be withdrawn")

        case (.uncertain, .provenNotAccepted), (.uncertain, .operatorResend):
            return .changed(.planned)
        case (_, .provenNotAccepted), (_, .operatorResend):
            return .refused("only an uncertain send can be sent again")

        case (.accepted, .finalReceiptOverdue), (.sent, .finalReceiptOverdue):
            return .changed(.unknown)
        case (_, .finalReceiptOverdue):
            return isFinal ? .stale : .refused("the provider has not accepted it yet")

        case (_, .receipt(let receipt)), (_, .reconciled(let receipt)):
            return receiving(receipt.status)
        }
    }

    /// A receipt moves the status forward only: by rank, and never out of a final state but `unknown`.
    private func receiving(_ new: SMSStatus) -> SMSTransition {
        if new == self { return .duplicate }
        switch self {
        case .planned, .cancelled:
            return .refused("a receipt for a message that was never sent")
        case .sending, .uncertain:
            // The receipt proves the provider has the message: it settles an attempt whose answer was lost.
            return .changed(new)
        case .unknown:
            return new.rank == 3 ? .changed(new) : .stale
        case .delivered, .undeliverable, .failedTemporary, .expired, .optedOut:
            return .stale
        case .accepted, .sent:
            guard let current = rank, let next = new.rank, next > current else { return .stale }
            return .changed(new)
        }
    }
}
