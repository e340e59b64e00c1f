import CaseModel
import Crypto
import Foundation
import Gateway
import SMSCore

extension SMSService {
    /// Sends what is due until cancelled: claims under a lease, so instances sharing a store never send one
    /// notification twice; sweeps accepted SMS with no final receipt after 72 hours to `unknown`; at start-up and
    /// every few seconds, tells the home system of the changes whose notice was never queued.
    public func run() async {
        var lastReportSweep: ContinuousClock.Instant?
        while !Task.isCancelled {
            var worked = false
            do {
                if lastReportSweep.map({ $0.duration(to: .now) >= Self.reportSweepInterval }) ?? true {
                    lastReportSweep = .now
                    try await reportUnreported()
                }
                let due = try await store.claimDueSMS(owner: owner, leaseMilliseconds: configuration.leaseMilliseconds,
                                                      limit: 32, now: clock())
                for notification in due where !Task.isCancelled {
                    await process(notification)
                }
                worked = !due.isEmpty
                try await sweepOverdue()
            } catch where Task.isCancelled {
                return
            } catch {
                logger.error("sms sender cannot reach the store", metadata: ["error": "\(type(of: error))"])
            }
            if !worked { await wakeSignal.wait(milliseconds: configuration.pollMilliseconds) }
        }
    }

    /// How often the run loop looks for status changes whose notice to the home system was never queued.
    static let reportSweepInterval = Duration.seconds(5)

    /// One pass of the sender, for tests and tools driving it step by step: what is due now is handled.
    public func runOnce() async throws {
        let due = try await store.claimDueSMS(owner: owner, leaseMilliseconds: configuration.leaseMilliseconds,
                                              limit: 1_000, now: clock())
        for notification in due { await process(notification) }
        try await sweepOverdue()
    }

    func process(_ notification: SMSNotificationRecord) async {
        do {
            switch SMSStatus(rawValue: notification.status) {
            case .planned: try await send(notification)
            case .uncertain: try await reconcile(notification)
            case .sending:
                // Its sender stopped during the provider call: the provider may have the message.
                try await markUncertain(notification, reason: "the sender stopped during the provider call")
            default: break
            }
        } catch {
            logger.error("sms notification not processed", metadata: ["notification": "\(notification.id)",
                                                                       "error": "\(type(of: error))"])
        }
    }

    /// What a notification needs at send time (SMS rules C6): the appointment now, the person's state now.
    struct SendContext {
        var appointment: SMSAppointmentRecord
        var contact: SMSContactRecord
        var phone: PhoneNumber
        var message: ProviderMessage
        var composed: ComposedSMS
    }

    /// Re-checks, renders and sends one planned notification; the attempt is committed before the call (S2).
    private func send(_ notification: SMSNotificationRecord) async throws {
        let now = clock()
        let context: SendContext
        switch try await prepare(notification, now: now) {
        case .ready(let ready): context = ready
        case .withdraw(let reason): return try await withdraw(notification, reason: reason, now: now)
        case .deferTo(let later, let reason):
            _ = try await store.changeSMS(SMSChange(notificationId: notification.id, expectedStatus: "planned",
                                                    status: "planned", sendAt: later, reason: reason, now: now))
            return
        }
        let hash = SHA256.hash(data: Data(context.composed.sentText.utf8)).map { String(format: "%02x", $0) }.joined()
        let attempt = notification.attempts + 1
        let started = try await store.changeSMS(SMSChange(
            notificationId: notification.id, expectedStatus: "planned", status: "sending", countsAttempt: true,
            provider: provider.name, encoding: context.composed.encoding.rawValue, segments: context.composed.segments,
            textHash: hash,
            attempt: SMSAttemptRecord(notificationId: notification.id, attempt: attempt, provider: provider.name,
                                      outcome: "started", reason: nil, at: now),
            audit: [audit(.disclose, notification, outcome: "sending", contact: context.contact,
                          detail: "attempt \(attempt), \(context.composed.encoding.rawValue), \(context.composed.segments) segment(s)")],
            now: now))
        guard started == .changed else { return }
        let dispatch = await provider.dispatch(context.message)
        try await apply(dispatch, to: notification, context: context, attempt: attempt)
    }

    private func apply(_ dispatch: ProviderDispatch, to notification: SMSNotificationRecord, context: SendContext,
                       attempt: Int) async throws {
        let now = clock()
        let result = dispatch.result
        let answering = dispatch.provider
        let encoding = context.composed.encoding.rawValue
        func change(_ status: SMSStatus, outcome: String, reason: String?, sendAt: Date? = nil,
                    providerMessageId: String? = nil, final: Bool = false) -> SMSChange {
            SMSChange(notificationId: notification.id, expectedStatus: "sending", status: status.rawValue, sendAt: sendAt,
                      provider: answering, providerMessageId: providerMessageId, reason: reason,
                      acceptedAt: status == .accepted ? now : nil, finalAt: final ? now : nil,
                      attempt: SMSAttemptRecord(notificationId: notification.id, attempt: attempt, provider: answering,
                                                outcome: outcome, reason: reason, at: now),
                      audit: [audit(.disclose, notification, outcome: outcome, contact: context.contact,
                                    detail: "attempt \(attempt) via \(answering)" + (reason.map { ": \($0)" } ?? ""))],
                      now: now)
        }
        let personId = Self.personId(notification.personKey)
        switch result {
        case .accepted(let providerMessageId, _):
            guard try await store.changeSMS(change(.accepted, outcome: "accepted", reason: nil,
                                                   providerMessageId: providerMessageId)) == .changed else { return }
            observer.sent(answering, encoding)
            if let personId {
                var sent = notification
                sent.sendAt = now
                await report(sent, status: SMSStatus.accepted.rawValue, personId: personId, contact: context.contact,
                             reason: nil)
            }
        case .uncertain(let reason):
            // Never sent again blindly (SMS rules §12.2): the provider is asked by our reference first.
            _ = try await store.changeSMS(change(.uncertain, outcome: "uncertain", reason: reason,
                                                 sendAt: now.addingTimeInterval(configuration.reconcileAfter)))
        case .notProcessed(let reason, let retryAfter):
            _ = try await store.changeSMS(change(.planned, outcome: "not-processed", reason: reason,
                                                 sendAt: now.addingTimeInterval(TimeInterval(retryAfter ?? 30))))
        case .permanent(let reason, _):
            guard try await store.changeSMS(change(.undeliverable, outcome: "permanent", reason: reason,
                                                   final: true)) == .changed else { return }
            observer.failed(answering, encoding)
            if let personId {
                await report(notification, status: SMSStatus.undeliverable.rawValue, personId: personId,
                             contact: context.contact, reason: reason)
            }
        case .optedOut(let reason):
            guard try await store.changeSMS(change(.optedOut, outcome: "opted-out", reason: reason,
                                                   final: true)) == .changed else { return }
            observer.failed(answering, encoding)
            try await optOut(personKeys: [notification.personKey], actor: answering, reason: "opted-out-at-provider",
                             now: now, phoneHash: context.contact.phoneHash)
        case .configuration(let reason):
            logger.critical("sms provider refuses our configuration: sending paused for 5 minutes",
                            metadata: ["provider": "\(answering)", "reason": "\(reason)"])
            _ = try await store.changeSMS(change(.planned, outcome: "configuration", reason: reason,
                                                 sendAt: now.addingTimeInterval(300)))
        }
    }

    /// Asks the provider about an uncertain send: found settles it, proven absent lets it go again, no answer waits.
    private func reconcile(_ notification: SMSNotificationRecord) async throws {
        let now = clock()
        guard let appointment = try await store.smsAppointment(id: notification.appointmentId),
              let contact = try await store.smsContact(personKey: notification.personKey),
              let sealed = contact.phoneCipher else {
            return try await withdraw(notification, reason: "contact or appointment gone", now: now, from: "uncertain")
        }
        let phone = try vault.open(sealed)
        let composed = try render(notification, appointment: appointment, phone: phone)
        let message = ProviderMessage(reference: notification.id, to: phone.e164, text: composed.sentText,
                                      validitySeconds: validity(appointment, now: now))
        let since = notification.updatedAt.addingTimeInterval(-configuration.reconcileAfter - 600)
        let status = SMSStatus.uncertain
        // A sender that stopped mid-call never learnt which provider answered: every one is asked.
        let lookup = if let answering = notification.provider, answering != provider.name {
            await provider.lookup(message, since: since, at: answering)
        } else {
            await provider.lookup(message, since: since)
        }
        switch lookup {
        case .found(let providerMessageId, let receipt):
            guard case .changed(let next) = status.applying(.reconciled(receipt)) else { return }
            let changed = try await store.changeSMS(SMSChange(
                notificationId: notification.id, expectedStatus: status.rawValue, status: next.rawValue,
                providerMessageId: providerMessageId, reason: "reconciled: the provider has it", acceptedAt: now,
                finalAt: next.isFinal ? now : nil,
                audit: [audit(.disclose, notification, outcome: "reconciled-\(next.rawValue)", contact: contact,
                              detail: "the provider had the message sent before the timeout")],
                now: now))
            guard changed == .changed else { return }
            observer.sent(notification.provider ?? provider.name, composed.encoding.rawValue)
            if next == .failedTemporary { try await planRetry(after: notification, now: now) }
            if let personId = Self.personId(notification.personKey) {
                await report(notification, status: next.rawValue, personId: personId, contact: contact,
                             reason: "reconciled")
            }
        case .notFound:
            _ = try await store.changeSMS(SMSChange(
                notificationId: notification.id, expectedStatus: status.rawValue, status: SMSStatus.planned.rawValue,
                sendAt: now, reason: "the provider proved it never took the message",
                audit: [audit(.modify, notification, outcome: "proven-not-accepted", contact: contact,
                              detail: "lookup by our reference found nothing: may be sent again")],
                now: now))
            wake()
        case .unavailable(let reason):
            _ = try await store.changeSMS(SMSChange(
                notificationId: notification.id, expectedStatus: status.rawValue, status: status.rawValue,
                sendAt: now.addingTimeInterval(configuration.reconcileAfter), reason: "lookup unavailable: \(reason)",
                now: now))
        }
    }

    private func markUncertain(_ notification: SMSNotificationRecord, reason: String) async throws {
        let now = clock()
        _ = try await store.changeSMS(SMSChange(
            notificationId: notification.id, expectedStatus: SMSStatus.sending.rawValue,
            status: SMSStatus.uncertain.rawValue, sendAt: now, reason: reason,
            audit: [audit(.modify, notification, outcome: "uncertain", contact: nil, detail: reason)], now: now))
        wake()
    }

    /// Accepted or sent SMS without a final receipt after 72 hours become `unknown` (SMS rules §11.1).
    private func sweepOverdue() async throws {
        let now = clock()
        for notification in try await store.smsAwaitingFinalReceipt(
            acceptedBefore: now.addingTimeInterval(-SMSStatus.finalReceiptWindow), limit: 100) {
            guard let current = SMSStatus(rawValue: notification.status),
                  case .changed(let next) = current.applying(.finalReceiptOverdue) else { continue }
            let changed = try await store.changeSMS(SMSChange(
                notificationId: notification.id, expectedStatus: current.rawValue, status: next.rawValue,
                reason: "no final receipt within 72 hours", finalAt: now,
                audit: [audit(.modify, notification, outcome: next.rawValue, contact: nil,
                              detail: "no final receipt within 72 hours")], now: now))
            if changed == .changed, let personId = Self.personId(notification.personKey) {
                observer.receipt(next.rawValue)
                let contact = try await store.smsContact(personKey: notification.personKey)
                await report(notification, status: next.rawValue, personId: personId, contact: contact,
                             reason: "no final receipt within 72 hours")
            }
        }
    }

    enum Preparation {
        case ready(SendContext)
        case withdraw(String)
        case deferTo(Date, String)
    }

    /// Everything is checked again at send time: consent, opt-out, number, appointment state, sending window.
    private func prepare(_ notification: SMSNotificationRecord, now: Date) async throws -> Preparation {
        guard let appointment = try await store.smsAppointment(id: notification.appointmentId) else {
            return .withdraw("appointment unknown")
        }
        let contact = try await store.smsContact(personKey: notification.personKey)
        let recipient = try recipientState(contact)
        if recipient.optedOut { return .withdraw(PlanRefusal.optedOut.rawValue) }
        guard let contact, let phone = recipient.phone, phone.isMobile else { return .withdraw(PlanRefusal.noMobile.rawValue) }
        guard recipient.consented else { return .withdraw(PlanRefusal.noConsent.rawValue) }
        let cancelled = appointment.state == AppointmentState.canceled.rawValue
        if cancelled, notification.kind != NotificationKind.cancellation.rawValue {
            return .withdraw(PlanRefusal.appointmentCancelled.rawValue)
        }
        guard appointment.start > now else { return .withdraw(PlanRefusal.appointmentPast.rawValue) }
        let region = configuration.holidayRegion ?? HolidayRegion(phone.territory)
        guard let slot = configuration.reminders.calendar.nextAllowedSendTime(desired: now, region: region,
                                                                              appointment: appointment.start) else {
            return .withdraw(PlanRefusal.noAllowedTime.rawValue)
        }
        if slot.time > now { return .deferTo(slot.time, slot.deferral.map(Self.describe) ?? "deferred") }
        let composed: ComposedSMS
        do {
            composed = try render(notification, appointment: appointment, phone: phone)
        } catch {
            return .withdraw("cannot render: \(error)")
        }
        let message = ProviderMessage(reference: notification.id, to: phone.e164, text: composed.sentText,
                                      validitySeconds: validity(appointment, now: now))
        return .ready(SendContext(appointment: appointment, contact: contact, phone: phone, message: message,
                                  composed: composed))
    }

    /// The text as it must leave now: template of the kind and appointment type, recipient's segment budget.
    func render(_ notification: SMSNotificationRecord, appointment: SMSAppointmentRecord,
                phone: PhoneNumber) throws -> ComposedSMS {
        let kind = NotificationKind(rawValue: notification.kind) ?? .reminder
        let template = templates.template(for: kind, appointmentType: appointment.type)
        return try template.render(facts(appointment, previousStart: notification.previousStart),
                                   maxSegments: phone.territory.segmentBudget)
    }

    func facts(_ appointment: SMSAppointmentRecord, previousStart: Date?) -> AppointmentFacts {
        AppointmentFacts(start: appointment.start,
                         timeZone: TimeZone(identifier: appointment.timeZone) ?? Territory.metropolitanFrance.timeZone,
                         placeName: appointment.placeName, address: appointment.address, bring: configuration.bring,
                         contact: appointment.contactPhone.flatMap { try? PhoneNumber(parsing: $0) },
                         previousStart: previousStart)
    }

    /// The provider may keep trying until the appointment, never after it (SMS rules H6), at most 72 hours.
    func validity(_ appointment: SMSAppointmentRecord, now: Date) -> Int {
        Int(max(60, min(appointment.start.timeIntervalSince(now), SMSStatus.finalReceiptWindow)))
    }

    private func withdraw(_ notification: SMSNotificationRecord, reason: String, now: Date,
                          from: String = "planned") async throws {
        let changed = try await store.changeSMS(SMSChange(
            notificationId: notification.id, expectedStatus: from, status: SMSStatus.cancelled.rawValue, reason: reason,
            finalAt: now, audit: [audit(.deny, notification, outcome: "withdrawn", contact: nil, detail: reason)],
            now: now))
        if changed == .changed, let personId = Self.personId(notification.personKey) {
            let contact = try await store.smsContact(personKey: notification.personKey)
            await report(notification, status: SMSStatus.cancelled.rawValue, personId: personId, contact: contact,
                         reason: reason)
        }
    }

    /// An audit entry about one notification: the phone only as a hash prefix, never the number or the text.
    func audit(_ operation: AuditOperation, _ notification: SMSNotificationRecord, outcome: String,
               contact: SMSContactRecord?, detail: String) -> AuditDraft {
        AuditDraft(operation: operation, actor: "passerelle-sms", actorFunction: "sms-sender",
                   purpose: Purpose.convocation.rawValue, subject: notification.personKey, categories: ["contact", "agenda"],
                   recipients: [provider.name], outcome: outcome, messageId: notification.id,
                   detail: "\(notification.kind) \(notification.id): \(detail)"
                       + (contact?.phoneHash.map { " phone-hash \($0.prefix(16))" } ?? ""))
    }
}
