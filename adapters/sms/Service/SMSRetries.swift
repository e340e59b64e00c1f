import CaseModel
import Foundation
import Gateway
import SMSCore

extension SMSService {
    /// After `failed_temporary` (SMS rules §12.3): plans a new notification of the same appointment and kind, as a new
    /// row naming the first of its chain, when `HandsetRetryPolicy` allows it; the decision is audited either way.
    func planRetry(after notification: SMSNotificationRecord, now: Date) async throws {
        let contact = try await store.smsContact(personKey: notification.personKey)
        let recipient = try recipientState(contact)
        var retries: [SMSNotificationRecord] = []
        let entry: AuditDraft
        switch try await retryDecision(notification, recipient: recipient, now: now) {
        case .retry(let at, let retry):
            retries = [SMSNotificationRecord(
                id: Self.newId(now), appointmentId: notification.appointmentId, personKey: notification.personKey,
                kind: notification.kind, desiredAt: at, sendAt: at, status: SMSStatus.planned.rawValue,
                previousStart: notification.previousStart, reason: "retry \(retry) after failed_temporary",
                createdAt: now, updatedAt: now, retryOf: notification.retryOf ?? notification.id, retry: retry)]
            entry = audit(.collect, notification, outcome: "retry-planned", contact: contact,
                          detail: "failed_temporary: retry \(retry) planned")
        case .refuse(let why):
            entry = audit(.deny, notification, outcome: "not-retried", contact: contact,
                          detail: "failed_temporary: not retried, \(why)")
        }
        let outcome = try await store.applySMSPlan(SMSPlanUnit(contact: nil, appointment: nil, cancelPendingOf: nil,
                                                               notifications: retries, audit: [entry], now: now))
        if !outcome.inserted.isEmpty { wake() }
    }

    /// What a retry needs: `HandsetRetryPolicy`'s decision, or why it cannot be asked (appointment or mobile gone).
    enum RetryPlan {
        case retry(at: Date, retry: Int)
        case refuse(String)
    }

    private func retryDecision(_ notification: SMSNotificationRecord, recipient: RecipientState,
                               now: Date) async throws -> RetryPlan {
        guard let appointment = try await store.smsAppointment(id: notification.appointmentId) else {
            return .refuse("appointment unknown")
        }
        if recipient.optedOut { return .refuse(RetryRefusal.optedOut.rawValue) }
        guard let phone = recipient.phone else { return .refuse(PlanRefusal.noMobile.rawValue) }
        switch HandsetRetryPolicy(calendar: configuration.reminders.calendar).decide(
            failedAt: now, appointment: appointment.start,
            region: configuration.holidayRegion ?? HolidayRegion(phone.territory), optedOut: recipient.optedOut,
            retriesSoFar: notification.retry) {
        case .retry(let at, let retry): return .retry(at: at, retry: retry)
        case .refuse(let refusal): return .refuse(refusal.rawValue)
        }
    }
}
