import CaseModel

/// The lane a delivery waits in: alarms are served before routine messages, without breaking per-subject order.
///
/// How the two rules combine (every store implements it in `claim`): order per subject and destination is absolute,
/// so an alarm never overtakes an earlier message about the same person. Priority decides which subjects are served
/// first: while a subject has an undelivered alarm for a destination, that subject is in the alarm lane, and a claim
/// hands out the heads of alarm-lane subjects only, oldest first; the earlier routine messages of such a subject are
/// pushed through ahead of every other backlog, then its alarm. Only when no alarm-lane delivery is due (none
/// queued, or all waiting for a retry) does a claim serve the routine lane, so a failing alarm never blocks the rest.
public enum DeliveryPriority: Int, Sendable, Codable, CaseIterable, Comparable {
    case routine = 0
    case alarm = 1

    /// The fixed rule: monitoring alarms take the alarm lane, everything else the routine lane. An alarm must
    /// reach the probation service in minutes even behind a five-hour backlog (SAPHIR outage of October 2021).
    public static func of(_ kind: MessageKind) -> DeliveryPriority {
        kind == .monitoringAlarm ? .alarm : .routine
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
