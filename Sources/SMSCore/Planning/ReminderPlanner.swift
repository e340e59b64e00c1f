import Foundation

/// What the planner knows of the recipient: the number (its territory gives the time zone and holidays) and
/// whether SMS may be sent at all.
public struct RecipientState: Sendable, Equatable {
    public var phone: PhoneNumber?
    /// The home system's consent flag: only `true` lets SMS go.
    public var consented: Bool
    /// A STOP reply or a refusal recorded since: stays until an officer records a new consent (SMS rules O8).
    public var optedOut: Bool
    /// Where the person is followed, when it differs from what the number says (Alsace-Moselle).
    public var holidayRegion: HolidayRegion?

    public init(phone: PhoneNumber?, consented: Bool, optedOut: Bool = false, holidayRegion: HolidayRegion? = nil) {
        self.phone = phone
        self.consented = consented
        self.optedOut = optedOut
        self.holidayRegion = holidayRegion
    }

    /// The region of quiet hours and holidays: the recipient's, never the place's or Paris's (SMS rules N5).
    var region: HolidayRegion? {
        holidayRegion ?? phone.map { HolidayRegion($0.territory) }
    }
}

/// Something that happened to an appointment, as far as its SMS are concerned.
public enum AppointmentChange: Sendable, Equatable {
    case scheduled
    case rescheduled(previousStart: Date?)
    case cancelled
    /// An officer asks for a reminder now.
    case reminderRequested
    /// The same booking again, same time: nothing new to send.
    case unchanged
}

/// Plans the SMS of one appointment (SMS rules §6, H1–H6): pure, the clock is an argument.
public struct ReminderPlanner: Sendable {
    public var settings: ReminderSettings

    public init(settings: ReminderSettings = ReminderSettings()) {
        self.settings = settings
    }

    /// The notifications for `change` of an appointment starting at `start`, for `recipient`, decided at `now`.
    /// `requestedAt` (default `now`) is the desired time of the SMS sent at once: the event's own time, so that
    /// planning the same event twice gives the same notifications.
    public func plan(_ change: AppointmentChange, start: Date, recipient: RecipientState, now: Date,
                     requestedAt: Date? = nil) -> ReminderPlan {
        let withdraws: Bool = switch change {
        case .rescheduled, .cancelled: true
        case .scheduled, .reminderRequested, .unchanged: false
        }
        if change == .unchanged { return ReminderPlan(cancelPending: false) }
        if let refusal = refusal(recipient: recipient, start: start, now: now) {
            return ReminderPlan(cancelPending: withdraws, refusal: refusal)
        }
        // `refusal` returned nil only with a region.
        let region = recipient.region!
        var plan = ReminderPlan(cancelPending: withdraws)
        func soonest(_ kind: NotificationKind, previousStart: Date? = nil) -> Bool {
            guard let slot = settings.calendar.nextAllowedSendTime(desired: now, region: region, appointment: start) else {
                plan.skipped.append((kind, .noAllowedTime))
                return false
            }
            plan.notifications.append(PlannedNotification(kind: kind, desiredAt: requestedAt ?? now, sendAt: slot.time,
                                                          deferral: slot.deferral, previousStart: previousStart))
            return true
        }
        switch change {
        case .unchanged:
            return plan
        case .cancelled:
            // A notice tells the person not to come; nothing else is planned.
            _ = soonest(.cancellation)
            return plan
        case .reminderRequested:
            _ = soonest(.reminder)
            if plan.notifications.isEmpty { return ReminderPlan(cancelPending: false, refusal: .noAllowedTime) }
            return plan
        case .scheduled:
            let summoned = settings.summonAtBooking && soonest(.summon)
            planReminders(start: start, region: region, now: now, announced: summoned, into: &plan)
        case .rescheduled(let previousStart):
            let announced = soonest(.reschedule, previousStart: previousStart)
            planReminders(start: start, region: region, now: now, announced: announced, into: &plan)
        }
        return plan
    }

    /// Reminders at each offset before `start`, moved earlier when outside the window (H3), dropped when their time
    /// has passed and the person was just told (H5).
    private func planReminders(start: Date, region: HolidayRegion, now: Date, announced: Bool,
                               into plan: inout ReminderPlan) {
        for offset in settings.reminderOffsets.sorted(by: >) {
            let desired = start.addingTimeInterval(-offset)
            if desired <= now {
                if announced {
                    plan.skipped.append((.reminder, .summonCovers))
                } else if let slot = settings.calendar.nextAllowedSendTime(desired: now, region: region,
                                                                            appointment: start) {
                    plan.notifications.append(PlannedNotification(kind: .reminder, desiredAt: desired,
                                                                  sendAt: slot.time, deferral: slot.deferral))
                } else {
                    plan.skipped.append((.reminder, .noAllowedTime))
                }
                continue
            }
            if let direct = settings.calendar.nextAllowedSendTime(desired: desired, region: region, appointment: start),
               direct.time == desired {
                plan.notifications.append(PlannedNotification(kind: .reminder, desiredAt: desired, sendAt: desired))
            } else if let earlier = settings.calendar.latestAllowedSendTime(atOrBefore: desired, notBefore: now,
                                                                             region: region) {
                plan.notifications.append(PlannedNotification(kind: .reminder, desiredAt: desired, sendAt: earlier,
                                                              deferral: deferral(of: desired, region: region)))
            } else if let later = settings.calendar.nextAllowedSendTime(desired: desired, region: region,
                                                                         appointment: start) {
                // Nothing allowed between now and J-2: later, as long as it is before the appointment (H2, H6).
                plan.notifications.append(PlannedNotification(kind: .reminder, desiredAt: desired, sendAt: later.time,
                                                              deferral: later.deferral))
            } else {
                plan.skipped.append((.reminder, .noAllowedTime))
            }
        }
    }

    private func refusal(recipient: RecipientState, start: Date, now: Date) -> PlanRefusal? {
        if recipient.optedOut { return .optedOut }
        guard let phone = recipient.phone else { return recipient.consented ? .noMobile : .noConsent }
        guard recipient.consented else { return .noConsent }
        guard phone.isMobile else { return .noMobile }
        if start <= now { return .appointmentPast }
        return nil
    }

    private func deferral(of desired: Date, region: HolidayRegion) -> SendDeferral {
        let day = CalendarDay(desired, in: region.timeZone)
        if let holiday = PublicHolidays.holiday(on: day, in: region) { return .publicHoliday(holiday.name) }
        if day.isSunday { return .sunday }
        return .quietHours
    }
}
