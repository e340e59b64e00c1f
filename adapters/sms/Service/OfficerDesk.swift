import CaseModel
import Foundation
import Gateway
import SMSCore

/// The answer to an officer asking for a reminder: what will be sent, to which masked number, when, or why not.
public struct ReminderAnswer: Sendable, Equatable, Codable {
    public var appointmentId: String
    /// `scheduled` (sent at `sendAt`, now or later) or `refused`.
    public var status: String
    public var maskedNumber: String?
    public var sendAt: Date?
    /// Why the time is later than now (quiet hours, Sunday, holiday), in the recipient's time zone.
    public var deferral: String?
    /// The recipient's time zone, in which the window is applied.
    public var recipientTimeZone: String?
    /// The text as it would leave now (rendered again at send time).
    public var text: String?
    public var encoding: String?
    public var segments: Int?
    public var notificationId: String?
    /// For a refusal: `no-consent`, `opted-out`, `no-mobile`, `appointment-past`, `appointment-cancelled`...
    public var reason: String?
    public var explanation: String?
}

/// An appointment with its SMS, as the officer's console lists it.
public struct AppointmentSMSView: Sendable, Equatable, Codable {
    public var appointmentId: String
    public var personKey: String
    public var type: String
    public var start: Date
    public var timeZone: String
    public var placeName: String
    public var state: String
    public var maskedNumber: String?
    public var consent: String?
    public var optedOut: Bool
    public var notifications: [NotificationView]
}

/// One SMS of an appointment, without its text.
public struct NotificationView: Sendable, Equatable, Codable {
    public var id: String
    public var kind: String
    public var status: String
    public var sendAt: Date
    public var attempts: Int
    public var provider: String?
    public var encoding: String?
    public var segments: Int?
    public var reason: String?
    public var finalAt: Date?

    init(_ record: SMSNotificationRecord) {
        id = record.id
        kind = record.kind
        status = record.status
        sendAt = record.sendAt
        attempts = record.attempts
        provider = record.provider
        encoding = record.encoding
        segments = record.segments
        reason = record.reason
        finalAt = record.finalAt
    }
}

extension SMSService {
    /// An officer asks for a reminder of one appointment now; nil when the appointment is unknown.
    public func remind(appointmentId: String, actor: AuditActor) async throws -> ReminderAnswer? {
        guard let appointment = try await store.smsAppointment(id: appointmentId) else { return nil }
        let now = clock()
        let contact = try await store.smsContact(personKey: appointment.personKey)
        let recipient = try recipientState(contact)
        var answer = ReminderAnswer(appointmentId: appointmentId, status: "refused", maskedNumber: contact?.maskedPhone,
                                    recipientTimeZone: recipient.phone?.timeZone.identifier)
        let refusal: PlanRefusal?
        var planned: PlannedNotification?
        if appointment.state == AppointmentState.canceled.rawValue {
            refusal = .appointmentCancelled
        } else {
            let plan = planner.plan(.reminderRequested, start: appointment.start, recipient: recipient, now: now)
            refusal = plan.refusal
            planned = plan.notifications.first
        }
        var notifications: [SMSNotificationRecord] = []
        if let planned, let phone = recipient.phone {
            let record = SMSNotificationRecord(
                id: Self.newId(now), appointmentId: appointmentId, personKey: appointment.personKey,
                kind: NotificationKind.reminder.rawValue, desiredAt: planned.desiredAt, sendAt: planned.sendAt,
                status: SMSStatus.planned.rawValue, reason: planned.deferral.map(Self.describe), createdAt: now,
                updatedAt: now)
            let composed = try? render(record, appointment: appointment, phone: phone)
            answer.status = "scheduled"
            answer.sendAt = planned.sendAt
            answer.deferral = planned.deferral.map(Self.describe)
            answer.text = composed?.sentText
            answer.encoding = composed?.encoding.rawValue
            answer.segments = composed?.segments
            answer.notificationId = record.id
            notifications = [record]
        }
        answer.reason = refusal?.rawValue
        answer.explanation = refusal?.explanation
        let audit = AuditDraft(
            operation: refusal == nil ? .collect : .deny, actor: actor.id, actorFunction: actor.function,
            purpose: Purpose.convocation.rawValue, subject: appointment.personKey, categories: ["agenda", "contact"],
            outcome: refusal.map { "refused: \($0.rawValue)" } ?? "reminder-requested",
            messageId: notifications.first?.id,
            detail: "officer reminder for appointment \(appointmentId)"
                + (contact?.phoneHash.map { " phone-hash \($0.prefix(16))" } ?? ""))
        _ = try await store.applySMSPlan(SMSPlanUnit(contact: nil, appointment: nil, cancelPendingOf: nil,
                                                      notifications: notifications, audit: [audit], now: now))
        wake()
        return answer
    }

    /// One appointment with its SMS; nil when unknown.
    public func view(appointmentId: String) async throws -> AppointmentSMSView? {
        guard let appointment = try await store.smsAppointment(id: appointmentId) else { return nil }
        return try await view(appointment)
    }

    /// Appointments starting within `window` from now, soonest first, with their SMS.
    public func upcoming(within window: TimeInterval, limit: Int) async throws -> [AppointmentSMSView] {
        let now = clock()
        var views: [AppointmentSMSView] = []
        for appointment in try await store.smsAppointments(from: now, to: now.addingTimeInterval(window), limit: limit) {
            views.append(try await view(appointment))
        }
        return views
    }

    private func view(_ appointment: SMSAppointmentRecord) async throws -> AppointmentSMSView {
        let contact = try await store.smsContact(personKey: appointment.personKey)
        return AppointmentSMSView(
            appointmentId: appointment.id, personKey: appointment.personKey, type: appointment.type,
            start: appointment.start, timeZone: appointment.timeZone, placeName: appointment.placeName,
            state: appointment.state, maskedNumber: contact?.maskedPhone, consent: contact?.consent,
            optedOut: contact?.optedOutAt != nil,
            notifications: try await store.smsNotifications(appointmentId: appointment.id).map(NotificationView.init))
    }
}
