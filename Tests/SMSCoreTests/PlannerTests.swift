import Foundation
import SMSCore
import Testing

@Suite struct ReminderPlannerTests {
    let planner = ReminderPlanner()
    let paris = TimeZone(identifier: "Europe/Paris")!
    let reunion = TimeZone(identifier: "Indian/Reunion")!

    func recipient(_ number: String, consented: Bool = true, optedOut: Bool = false) throws -> RecipientState {
        RecipientState(phone: try PhoneNumber(parsing: number), consented: consented, optedOut: optedOut)
    }

    @Test func bookingPlansASummonNowAndAReminderTwoDaysBefore() throws {
        // Monday 2026-03-02 10:00 Paris; appointment Thursday 2026-03-05 14:30 Paris.
        let now = CalendarDay(2026, 3, 2).at(hour: 10, in: paris)
        let start = CalendarDay(2026, 3, 5).at(hour: 14, minute: 30, in: paris)
        let plan = planner.plan(.scheduled, start: start, recipient: try recipient("+33612345601"), now: now)
        #expect(plan.refusal == nil)
        #expect(plan.notifications.map(\.kind) == [.summon, .reminder])
        #expect(plan.notifications[0].sendAt == now)
        #expect(plan.notifications[1].sendAt == CalendarDay(2026, 3, 3).at(hour: 14, minute: 30, in: paris))
    }

    @Test func aReminderFallingOnSundayMovesToSaturdayEveningNeverLater() throws {
        // Appointment Tuesday 2026-03-10 09:00 Paris: J-2 is Sunday 09:00.
        let now = CalendarDay(2026, 3, 2).at(hour: 10, in: paris)
        let start = CalendarDay(2026, 3, 10).at(hour: 9, in: paris)
        let plan = planner.plan(.scheduled, start: start, recipient: try recipient("+33612345602"), now: now)
        let reminder = try #require(plan.notifications.first { $0.kind == .reminder })
        #expect(reminder.sendAt == CalendarDay(2026, 3, 7).at(hour: 19, minute: 59, in: paris))
        #expect(reminder.deferral == .sunday)
        #expect(reminder.sendAt < reminder.desiredAt)
    }

    @Test func reunionQuietHoursAreReunionsNotParis() throws {
        // An officer asks on Monday 2026-03-09 at 19:30 Paris time, 22:30 in Réunion: outside Réunion's window.
        // The appointment is Tuesday 09:00 in Réunion; the next allowed time is Tuesday 08:00 in Indian/Reunion.
        let now = CalendarDay(2026, 3, 9).at(hour: 19, minute: 30, in: paris)
        let start = CalendarDay(2026, 3, 10).at(hour: 9, in: reunion)
        let reunionMobile = try recipient("0692 12 34 53")
        let plan = planner.plan(.reminderRequested, start: start, recipient: reunionMobile, now: now)
        let reminder = try #require(plan.notifications.first)
        #expect(reminder.sendAt == CalendarDay(2026, 3, 10).at(hour: 8, in: reunion))
        #expect(reminder.deferral == .quietHours)
        // The same request for a Paris mobile goes at once: 19:30 is inside Paris's window.
        let parisPlan = planner.plan(.reminderRequested, start: start, recipient: try recipient("+33612345603"), now: now)
        #expect(parisPlan.notifications.first?.sendAt == now)
    }

    @Test func aReunionReminderAt1930LocalGoesAtOnceAndOneAt2030WaitsForTheMorning() throws {
        let start = CalendarDay(2026, 3, 10).at(hour: 9, in: reunion)
        let phone = try recipient("0692 12 34 54")
        let atHalfPastSeven = CalendarDay(2026, 3, 9).at(hour: 19, minute: 30, in: reunion)
        #expect(planner.plan(.reminderRequested, start: start, recipient: phone, now: atHalfPastSeven)
            .notifications.first?.sendAt == atHalfPastSeven)
        let atHalfPastEight = CalendarDay(2026, 3, 9).at(hour: 20, minute: 30, in: reunion)
        #expect(planner.plan(.reminderRequested, start: start, recipient: phone, now: atHalfPastEight)
            .notifications.first?.sendAt == CalendarDay(2026, 3, 10).at(hour: 8, in: reunion))
    }

    @Test func anAppointmentSoonerThanTheReminderDelayGetsTheSummonOnly() throws {
        let now = CalendarDay(2026, 3, 2).at(hour: 10, in: paris)
        let start = CalendarDay(2026, 3, 3).at(hour: 11, in: paris)
        let plan = planner.plan(.scheduled, start: start, recipient: try recipient("+33612345605"), now: now)
        #expect(plan.notifications.map(\.kind) == [.summon])
        #expect(plan.skipped.map(\.reason) == [.summonCovers])
    }

    @Test func rescheduleWithdrawsPendingAndPlansANoticeAndNewReminders() throws {
        let now = CalendarDay(2026, 3, 2).at(hour: 10, in: paris)
        let before = CalendarDay(2026, 3, 5).at(hour: 14, in: paris)
        let start = CalendarDay(2026, 3, 12).at(hour: 14, in: paris)
        let plan = planner.plan(.rescheduled(previousStart: before), start: start,
                                recipient: try recipient("+33612345606"), now: now)
        #expect(plan.cancelPending)
        #expect(plan.notifications.map(\.kind) == [.reschedule, .reminder])
        #expect(plan.notifications[0].previousStart == before)
    }

    @Test func cancellationWithdrawsPendingAndPlansANotice() throws {
        let now = CalendarDay(2026, 3, 2).at(hour: 10, in: paris)
        let start = CalendarDay(2026, 3, 12).at(hour: 14, in: paris)
        let plan = planner.plan(.cancelled, start: start, recipient: try recipient("+33612345607"), now: now)
        #expect(plan.cancelPending)
        #expect(plan.notifications.map(\.kind) == [.cancellation])
    }

    @Test func refusalsSayWhy() throws {
        let now = CalendarDay(2026, 3, 2).at(hour: 10, in: paris)
        let start = CalendarDay(2026, 3, 12).at(hour: 14, in: paris)
        #expect(planner.plan(.scheduled, start: start, recipient: try recipient("+33612345608", consented: false),
                             now: now).refusal == .noConsent)
        #expect(planner.plan(.scheduled, start: start, recipient: try recipient("+33612345608", optedOut: true),
                             now: now).refusal == .optedOut)
        #expect(planner.plan(.scheduled, start: start, recipient: RecipientState(phone: nil, consented: true),
                             now: now).refusal == .noMobile)
        #expect(planner.plan(.reminderRequested, start: now.addingTimeInterval(-60),
                             recipient: try recipient("+33612345608"), now: now).refusal == .appointmentPast)
        let lateEvening = CalendarDay(2026, 3, 2).at(hour: 21, in: paris)
        #expect(planner.plan(.reminderRequested, start: lateEvening.addingTimeInterval(3600),
                             recipient: try recipient("+33612345608"), now: lateEvening).refusal == .noAllowedTime)
    }

    @Test func theSameBookingAgainPlansNothing() throws {
        let now = CalendarDay(2026, 3, 2).at(hour: 10, in: paris)
        let start = CalendarDay(2026, 3, 12).at(hour: 14, in: paris)
        let plan = planner.plan(.unchanged, start: start, recipient: try recipient("+33612345609"), now: now)
        #expect(plan == ReminderPlan(cancelPending: false))
    }

    @Test func theSummonOfAnEventKeepsTheEventsTimeSoThatPlanningItAgainFindsTheSameRow() throws {
        let event = CalendarDay(2026, 3, 2).at(hour: 10, in: paris)
        let start = CalendarDay(2026, 3, 12).at(hour: 14, in: paris)
        let phone = try recipient("+33612345610")
        let first = planner.plan(.scheduled, start: start, recipient: phone, now: event, requestedAt: event)
        let again = planner.plan(.scheduled, start: start, recipient: phone, now: event.addingTimeInterval(600),
                                 requestedAt: event)
        #expect(first.notifications.map(\.desiredAt) == again.notifications.map(\.desiredAt))
    }

    @Test func offsetsParse() {
        #expect(ReminderSettings.offsets(parsing: "48h, 7d") == [48 * 3600, 7 * 86_400])
        #expect(ReminderSettings.offsets(parsing: "90m") == [5400])
        #expect(ReminderSettings.offsets(parsing: "2w") == nil)
        #expect(ReminderSettings.offsets(parsing: "") == nil)
    }
}
