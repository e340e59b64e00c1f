import SMSCore
import Testing

@Suite struct StatusTests {
    @Test func receiptsOnlyMoveForward() {
        #expect(SMSStatus.accepted.applying(.receipt(.sent)) == .changed(.sent))
        #expect(SMSStatus.sent.applying(.receipt(.delivered)) == .changed(.delivered))
        #expect(SMSStatus.delivered.applying(.receipt(.sent)) == .stale)
        #expect(SMSStatus.delivered.applying(.receipt(.accepted)) == .stale)
        #expect(SMSStatus.sent.applying(.receipt(.accepted)) == .stale)
        #expect(SMSStatus.delivered.applying(.receipt(.undeliverable)) == .stale)
        #expect(SMSStatus.undeliverable.applying(.receipt(.delivered)) == .stale)
    }

    @Test func aLateSentNeverOverwritesDeliveredWhateverTheArrivalOrder() {
        let receipts: [ReceiptStatus] = [.accepted, .sent, .delivered]
        for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
            var status = SMSStatus.accepted
            for index in order {
                if case .changed(let next) = status.applying(.receipt(receipts[index])) { status = next }
            }
            #expect(status == .delivered, "\(order)")
        }
    }

    @Test func duplicatesAreNoOps() {
        #expect(SMSStatus.sent.applying(.receipt(.sent)) == .duplicate)
        #expect(SMSStatus.delivered.applying(.receipt(.delivered)) == .duplicate)
        #expect(SMSStatus.cancelled.applying(.cancel) == .duplicate)
    }

    @Test func noFinalReceiptWithin72HoursIsUnknownWhichALaterReceiptMayReplace() {
        #expect(SMSStatus.finalReceiptWindow == 72 * 3600)
        #expect(SMSStatus.accepted.applying(.finalReceiptOverdue) == .changed(.unknown))
        #expect(SMSStatus.sent.applying(.finalReceiptOverdue) == .changed(.unknown))
        #expect(SMSStatus.delivered.applying(.finalReceiptOverdue) == .stale)
        #expect(SMSStatus.unknown.applying(.receipt(.delivered)) == .changed(.delivered))
        #expect(SMSStatus.unknown.applying(.receipt(.sent)) == .stale)
        #expect(SMSStatus.unknown.isUpgradable)
    }

    @Test func aTimedOutSendIsNeverBlindlyRetried() {
        #expect(SMSStatus.planned.applying(.startAttempt) == .changed(.sending))
        #expect(SMSStatus.sending.applying(.submitted(.uncertain)) == .changed(.uncertain))
        guard case .refused = SMSStatus.uncertain.applying(.startAttempt) else {
            Issue.record("an uncertain send must not start a new attempt")
            return
        }
        // Reconciliation settles it; only proof or an operator's decision allows a new attempt.
        #expect(SMSStatus.uncertain.applying(.reconciled(.delivered)) == .changed(.delivered))
        #expect(SMSStatus.uncertain.applying(.receipt(.sent)) == .changed(.sent))
        #expect(SMSStatus.uncertain.applying(.provenNotAccepted) == .changed(.planned))
        #expect(SMSStatus.uncertain.applying(.operatorResend) == .changed(.planned))
        guard case .refused = SMSStatus.accepted.applying(.operatorResend) else {
            Issue.record("only an uncertain send can be resent")
            return
        }
    }

    @Test func submitOutcomesFollowTheClassesOfTheSMSRules() {
        #expect(SMSStatus.sending.applying(.submitted(.accepted)) == .changed(.accepted))
        #expect(SMSStatus.sending.applying(.submitted(.notProcessed)) == .changed(.planned))
        #expect(SMSStatus.sending.applying(.submitted(.permanent)) == .changed(.undeliverable))
        #expect(SMSStatus.sending.applying(.submitted(.optedOut)) == .changed(.optedOut))
        #expect(SMSStatus.planned.applying(.cancel) == .changed(.cancelled))
        guard case .refused = SMSStatus.accepted.applying(.cancel), case .refused = SMSStatus.planned.applying(.receipt(.delivered))
        else {
            Issue.record("a sent message cannot be withdrawn; a receipt cannot precede a send")
            return
        }
    }

    @Test func everyTransitionKeepsFinalStatesFinal() {
        let events: [SMSEvent] = [.startAttempt, .cancel, .provenNotAccepted, .operatorResend, .finalReceiptOverdue]
            + [SubmitOutcome.accepted, .uncertain, .notProcessed, .permanent, .optedOut].map { .submitted($0) }
            + ReceiptStatus.allCases.flatMap { [SMSEvent.receipt($0), .reconciled($0)] }
        for status in SMSStatus.allCases where status.isFinal && !status.isUpgradable {
            for event in events {
                if case .changed(let next) = status.applying(event) { Issue.record("\(status) → \(next) on \(event)") }
            }
        }
    }

    @Test func aFailedPartBeatsDeliveredParts() {
        #expect(PartReceipts.combined([.delivered, .delivered]) == .delivered)
        #expect(PartReceipts.combined([.undeliverable, .delivered]) == .undeliverable)
        #expect(PartReceipts.combined([.delivered, .expired]) == .expired)
        #expect(PartReceipts.combined([.delivered, nil]) == .accepted)
        #expect(PartReceipts.combined([.delivered, .sent]) == .sent)
        #expect(PartReceipts.combined([.delivered, .unknown]) == .unknown)
        #expect(PartReceipts.combined([nil, nil]) == nil)
    }
}
