import Foundation
import SMSCore
import Testing

@Suite struct HandsetRetryPolicyTests {
    let policy = HandsetRetryPolicy()
    let tuesday = CalendarDay(2026, 3, 3)

    func paris(_ day: CalendarDay, _ hour: Int, _ minute: Int = 0) -> Date {
        day.at(hour: hour, minute: minute, in: HolidayRegion.metropolitanFrance.timeZone)
    }

    @Test func aFailureInTheDayIsRetriedAfterAnHour() {
        let decision = policy.decide(failedAt: paris(tuesday, 10), appointment: paris(tuesday.adding(days: 2), 9),
                                     region: .metropolitanFrance, optedOut: false, retriesSoFar: 0)
        #expect(decision == .retry(at: paris(tuesday, 11), retry: 1))
    }

    @Test func aFailureInTheEveningIsRetriedNextMorning() {
        let decision = policy.decide(failedAt: paris(tuesday, 19, 30), appointment: paris(tuesday.adding(days: 2), 9),
                                     region: .metropolitanFrance, optedOut: false, retriesSoFar: 1)
        #expect(decision == .retry(at: paris(tuesday.adding(days: 1), 8), retry: 2))
    }

    @Test func quietHoursAreTheRecipientsOwn() {
        // 10:00 in Paris is 13:00 in Réunion; 19:30 in Paris is 22:30 there: next Réunion morning.
        let zone = HolidayRegion.reunion.timeZone
        let decision = policy.decide(failedAt: paris(tuesday, 19, 30),
                                     appointment: tuesday.adding(days: 3).at(hour: 9, minute: 0, in: zone),
                                     region: .reunion, optedOut: false, retriesSoFar: 0)
        #expect(decision == .retry(at: tuesday.adding(days: 1).at(hour: 8, minute: 0, in: zone), retry: 1))
    }

    @Test func twoRetriesAreTheMost() {
        let decision = policy.decide(failedAt: paris(tuesday, 10), appointment: paris(tuesday.adding(days: 2), 9),
                                     region: .metropolitanFrance, optedOut: false, retriesSoFar: 2)
        #expect(decision == .refuse(.retriesExhausted))
    }

    @Test func aPassedAppointmentIsNeverRetried() {
        let decision = policy.decide(failedAt: paris(tuesday, 10), appointment: paris(tuesday, 9),
                                     region: .metropolitanFrance, optedOut: false, retriesSoFar: 0)
        #expect(decision == .refuse(.appointmentPast))
    }

    @Test func noSlotBeforeTheAppointmentMeansNoRetry() {
        // Failed at 19:30, appointment at 07:30 the next morning: no allowed moment in between.
        let decision = policy.decide(failedAt: paris(tuesday, 19, 30), appointment: paris(tuesday.adding(days: 1), 7, 30),
                                     region: .metropolitanFrance, optedOut: false, retriesSoFar: 0)
        #expect(decision == .refuse(.noAllowedTime))
    }

    @Test func anOptedOutPersonIsNeverRetried() {
        let decision = policy.decide(failedAt: paris(tuesday, 10), appointment: paris(tuesday.adding(days: 2), 9),
                                     region: .metropolitanFrance, optedOut: true, retriesSoFar: 0)
        #expect(decision == .refuse(.optedOut))
    }
}
