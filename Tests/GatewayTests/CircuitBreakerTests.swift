import Foundation
import Gateway
import Testing

@Suite struct CircuitBreakerTests {
    let breaker = CircuitBreaker(threshold: 3, cooldown: 10)
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let failure = AttemptOutcome.transient(status: 503, error: "HTTP 503")

    @Test func repeatedFailuresOpenTheCircuitAndSuccessClosesIt() {
        var state = CircuitState.closed(consecutiveFailures: 0)
        state = breaker.after(failure, in: state, now: now)
        state = breaker.after(failure, in: state, now: now)
        #expect(state == .closed(consecutiveFailures: 2))
        state = breaker.after(.delivered(status: 200), in: state, now: now)
        #expect(state == .closed(consecutiveFailures: 0))
        for _ in 0..<3 { state = breaker.after(failure, in: state, now: now) }
        #expect(state == .open(until: now.addingTimeInterval(10)))
    }

    @Test func anOpenCircuitRestsThenLetsOneTrialThrough() {
        let open = CircuitState.open(until: now.addingTimeInterval(10))
        #expect(breaker.admission(open, now: now).limit == 0)
        let (limit, state) = breaker.admission(open, now: now.addingTimeInterval(10))
        #expect(limit == 1)
        #expect(state == .halfOpen)
        #expect(breaker.after(failure, in: .halfOpen, now: now) == .open(until: now.addingTimeInterval(10)))
        #expect(breaker.after(.delivered(status: 200), in: .halfOpen, now: now) == .closed(consecutiveFailures: 0))
        #expect(breaker.admission(.closed(consecutiveFailures: 2), now: now).limit == nil)
    }

    @Test func aRefusalProvesTheDestinationAnswers() {
        let state = breaker.after(.permanent(status: 400, error: "HTTP 400"), in: .closed(consecutiveFailures: 2), now: now)
        #expect(state == .closed(consecutiveFailures: 0))
    }
}
