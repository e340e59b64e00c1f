import CaseModel
import Foundation
import Gateway
import Logging
import SMSCore

/// The SMS service of one gateway instance: plans from appointment events, sends what is due, reads provider
/// callbacks, answers officers, and tells the home system what happened. State lives in the store only, so several
/// instances may run it side by side and a restart loses nothing.
public final class SMSService: Sendable {
    let store: any SMSStore
    let engine: GatewayEngine
    let provider: any SMSProvider
    let configuration: SMSConfiguration
    let templates: TemplateCatalogue
    let vault: PhoneVault
    let clock: @Sendable () -> Date
    let observer: SMSObserver
    let logger: Logger
    let planner: ReminderPlanner
    let owner = "sms-" + UUID().uuidString.lowercased()
    let wakeSignal = WakeSignal()

    public init(store: any SMSStore, engine: GatewayEngine, provider: any SMSProvider, configuration: SMSConfiguration,
                templates: TemplateCatalogue, vault: PhoneVault, clock: @escaping @Sendable () -> Date,
                observer: SMSObserver = SMSObserver(), logger: Logger = Logger(label: "passerelle.sms")) {
        self.store = store
        self.engine = engine
        self.provider = provider
        self.configuration = configuration
        self.templates = templates
        self.vault = vault
        self.clock = clock
        self.observer = observer
        self.logger = logger
        self.planner = ReminderPlanner(settings: configuration.reminders)
    }

    /// Wakes the sender now (something became due, or the test clock moved).
    public func wake() { wakeSignal.signal() }

    // MARK: Intake

    /// Handles one delivery of the `local:sms` destination: answers 2xx only once its plan is committed, 4xx for
    /// an envelope it can never use (dead-lettered by the queue), 5xx to have it retried.
    public func intake(_ body: [UInt8]) async -> TransportResult {
        let envelope: Envelope
        do {
            envelope = try StrictJSON.decode(Envelope.self, from: body)
        } catch {
            return .response(status: 422, body: Array("the delivery is not a canonical envelope".utf8))
        }
        do {
            try await plan(envelope)
            wake()
            return .response(status: 204, body: [])
        } catch let refusal as IntakeRefusal {
            return .response(status: 422, body: Array(refusal.message.utf8))
        } catch {
            logger.error("sms planning failed", metadata: ["error": "\(type(of: error))"])
            return .response(status: 503, body: Array("the SMS store is unavailable; retry".utf8))
        }
    }

    /// Why an event can never be planned; said without personal data.
    struct IntakeRefusal: Error {
        var message: String
    }

    func plan(_ envelope: Envelope) async throws {
        guard let personId = envelope.subject.personId else {
            throw IntakeRefusal(message: "an SMS event needs subject.personId")
        }
        let personKey = envelope.subject.orderingKey
        let now = clock()
        let contact = try contactRecord(from: envelope.payload.person, personKey: personKey, now: now)
        if envelope.kind == .personUpdated {
            try await personUpdated(contact, personKey: personKey, personId: personId, now: now)
            return
        }
        guard let appointment = envelope.payload.appointment else {
            throw IntakeRefusal(message: "\(envelope.kind.rawValue) without an appointment: nothing to plan")
        }
        let stored = try await store.smsAppointment(id: appointment.id.uuidString.lowercased())
        let known = stored.flatMap { $0.state == AppointmentState.canceled.rawValue ? nil : $0 }
        let change: AppointmentChange
        switch envelope.kind {
        case .appointmentCancelled: change = .cancelled
        case .appointmentRescheduled: change = .rescheduled(previousStart: stored?.start)
        case .appointmentScheduled where appointment.state == .canceled: change = .cancelled
        // A booking the planner already holds: sent again unchanged plans nothing, with a new time it is a move.
        case .appointmentScheduled where known.map { $0.start != appointment.start } == true:
            change = .rescheduled(previousStart: known?.start)
        case .appointmentScheduled where known != nil: change = .unchanged
        case .appointmentScheduled: change = .scheduled
        default: throw IntakeRefusal(message: "the SMS planner does not handle \(envelope.kind.rawValue)")
        }
        let record = SMSAppointmentRecord(
            id: appointment.id.uuidString.lowercased(), personKey: personKey, type: appointment.type,
            start: appointment.start, timeZone: appointment.timeZone, placeName: appointment.place.name,
            address: appointment.place.address, contactPhone: appointment.place.phone,
            state: change == .cancelled ? AppointmentState.canceled.rawValue : appointment.state.rawValue, updatedAt: now)
        var person = contact
        if person == nil { person = try await store.smsContact(personKey: personKey) }
        let recipient = try recipientState(person)
        // The event's own time identifies "now" notifications: replaying the delivery plans the same rows again.
        let plan = planner.plan(change, start: appointment.start, recipient: recipient, now: now,
                                requestedAt: envelope.occurredAt)
        let notifications = plan.notifications.map { planned in
            SMSNotificationRecord(
                id: Self.newId(now), appointmentId: record.id, personKey: personKey, kind: planned.kind.rawValue,
                desiredAt: planned.desiredAt, sendAt: planned.sendAt, status: SMSStatus.planned.rawValue,
                previousStart: planned.previousStart, reason: planned.deferral.map(Self.describe), createdAt: now,
                updatedAt: now)
        }
        let audit = [AuditDraft(
            operation: plan.refusal == nil ? .collect : .deny, actor: "passerelle-sms", actorFunction: "sms-planner", purpose: Purpose.convocation.rawValue,
            subject: personKey, categories: ["agenda", "contact"], outcome: plan.refusal == nil ? "planned" : "refused",
            correlationId: envelope.correlationId,
            detail: "\(envelope.kind.rawValue): \(notifications.map(\.kind).joined(separator: ", "))"
                + (plan.refusal.map { " refused: \($0.rawValue)" } ?? "")
                + (person?.phoneHash.map { " phone-hash \($0.prefix(16))" } ?? ""))]
        let outcome = try await store.applySMSPlan(SMSPlanUnit(
            contact: contact, appointment: record, cancelPendingOf: plan.cancelPending ? record.id : nil,
            notifications: notifications, audit: audit, now: now))
        for cancelled in outcome.cancelled {
            await report(cancelled, status: SMSStatus.cancelled.rawValue, personId: personId, contact: person,
                         reason: "appointment-changed")
        }
        if let refusal = plan.refusal, change != .cancelled {
            await report(nil, appointmentId: appointment.id, kind: nil, status: "refused", personId: personId,
                         contact: person, reason: refusal.rawValue, sourceKey: "refused-\(record.id)-\(envelope.sourceMessageId)")
        }
    }

    /// A `person.updated` event: the contact state is stored; a refusal recorded in the home system stops every
    /// pending SMS of the person at once.
    private func personUpdated(_ contact: SMSContactRecord?, personKey: String, personId: UUID, now: Date) async throws {
        guard let contact else { return }
        let audit = AuditDraft(
            operation: .collect, actor: "passerelle-sms", actorFunction: "sms-planner",
            purpose: Purpose.convocation.rawValue, subject: personKey, categories: ["contact"],
            outcome: "contact-updated", detail: "consent \(contact.consent)"
                + (contact.phoneHash.map { " phone-hash \($0.prefix(16))" } ?? ""))
        _ = try await store.applySMSPlan(SMSPlanUnit(contact: contact, appointment: nil, cancelPendingOf: nil,
                                                      notifications: [], audit: [audit], now: now))
        guard contact.consent == SmsConsent.refused.rawValue else { return }
        try await optOut(personKeys: [personKey], actor: "home-system", reason: "refused-in-home-system", now: now,
                         phoneHash: contact.phoneHash)
    }

    /// The contact record an event's person section gives, if it has one: number parsed, sealed and hashed.
    private func contactRecord(from person: Person?, personKey: String, now: Date) throws -> SMSContactRecord? {
        guard let person, person.mobile != nil || person.smsConsent != nil else { return nil }
        var phone: PhoneNumber?
        if let mobile = person.mobile {
            do {
                phone = try PhoneNumber(parsing: mobile)
            } catch {
                phone = nil
            }
        }
        let consent = person.smsConsent ?? (phone == nil ? .noPhone : .accepted)
        return SMSContactRecord(
            personKey: personKey, phoneCipher: try phone.map(vault.seal), phoneHash: phone.map(vault.hash),
            maskedPhone: phone?.masked, territory: phone?.territory.rawValue, consent: consent.rawValue, updatedAt: now)
    }

    /// What the planner needs of a stored contact.
    func recipientState(_ contact: SMSContactRecord?) throws -> RecipientState {
        guard let contact else { return RecipientState(phone: nil, consented: false) }
        let phone = try contact.phoneCipher.map(vault.open)
        return RecipientState(phone: phone, consented: contact.consent == SmsConsent.accepted.rawValue,
                              optedOut: contact.optedOutAt != nil, holidayRegion: configuration.holidayRegion)
    }

    static func newId(_ now: Date) -> String { Envelope.newID(now: now).uuidString.lowercased() }

    static func describe(_ deferral: SendDeferral) -> String {
        switch deferral {
        case .quietHours: "deferred: quiet hours"
        case .sunday: "deferred: Sunday"
        case .publicHoliday(let name): "deferred: public holiday (\(name))"
        }
    }
}
