import Gateway
import Testing

@Suite struct DeliveryStateTests {
    let policy = RetryPolicy(maxAttempts: 3, baseDelayMilliseconds: 100, maxDelayMilliseconds: 1_000)

    @Test func successfulAttemptIsDelivered() {
        #expect(DeliveryTransition.afterAttempt(.delivered(status: 200), cycleAttempts: 1, policy: policy) == .delivered)
    }

    @Test func transientFailureIsRetriedUntilTheBudgetIsSpent() {
        let failure = AttemptOutcome.transient(status: 503, error: "HTTP 503")
        #expect(DeliveryTransition.afterAttempt(failure, cycleAttempts: 1, policy: policy) == .pending)
        #expect(DeliveryTransition.afterAttempt(failure, cycleAttempts: 2, policy: policy) == .pending)
        #expect(DeliveryTransition.afterAttempt(failure, cycleAttempts: 3, policy: policy) == .dead)
    }

    @Test func permanentFailureGoesStraightToDeadLetter() {
        let failure = AttemptOutcome.permanent(status: 400, error: "HTTP 400")
        #expect(DeliveryTransition.afterAttempt(failure, cycleAttempts: 1, policy: policy) == .dead)
    }

    @Test func onlyDeadOrCancelledDeliveriesCanBeReplayed() {
        let replayable = DeliveryStatus.allCases.filter(DeliveryTransition.canReplay)
        #expect(Set(replayable) == [.dead, .cancelled])
        let cancellable = DeliveryStatus.allCases.filter(DeliveryTransition.canCancel)
        #expect(Set(cancellable) == [.pending, .dead])
    }

    @Test func backoffGrowsExponentiallyWithinJitterAndIsCapped() {
        let policy = RetryPolicy(maxAttempts: 20, baseDelayMilliseconds: 100, maxDelayMilliseconds: 5_000)
        #expect(policy.delayMilliseconds(afterAttempt: 1, unit: 0) == 50)
        #expect(policy.delayMilliseconds(afterAttempt: 1, unit: 0.999) == 99)
        #expect(policy.delayMilliseconds(afterAttempt: 3, unit: 0) == 200)
        #expect(policy.delayMilliseconds(afterAttempt: 3, unit: 0.5) == 300)
        #expect(policy.delayMilliseconds(afterAttempt: 12, unit: 0) == 2_500)
        #expect(policy.delayMilliseconds(afterAttempt: 12, unit: 1) == 5_000)
        #expect(policy.delayMilliseconds(afterAttempt: 1_000, unit: 1) == 5_000)
    }

    @Test func httpAnswersAreClassifiedTransientOrPermanent() {
        #expect(HTTPClassification.classify(.response(status: 204, body: [])) == .delivered(status: 204))
        for status in [408, 425, 429, 500, 502, 503, 504] {
            guard case .transient = HTTPClassification.classify(.response(status: status, body: [])) else {
                Issue.record("\(status) should be transient")
                continue
            }
        }
        for status in [400, 401, 403, 404, 409, 413, 422] {
            guard case .permanent = HTTPClassification.classify(.response(status: status, body: [])) else {
                Issue.record("\(status) should be permanent")
                continue
            }
        }
        guard case .transient = HTTPClassification.classify(.failure("connect timeout")) else {
            Issue.record("a connection failure should be transient")
            return
        }
    }
}
