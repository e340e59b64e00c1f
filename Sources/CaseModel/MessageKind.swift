/// What happened, e.g. `measure.mandated`; decides the routes and the payload section expected.
public struct MessageKind: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static let decisionRecorded = MessageKind(rawValue: "decision.recorded")
    public static let measureMandated = MessageKind(rawValue: "measure.mandated")
    public static let measureStatusChanged = MessageKind(rawValue: "measure.status-changed")
    public static let custodyMovement = MessageKind(rawValue: "custody.movement")
    public static let penalRecordUpdated = MessageKind(rawValue: "penal-record.updated")
    public static let monitoringAlarm = MessageKind(rawValue: "monitoring.alarm")
    public static let monitoringEvent = MessageKind(rawValue: "monitoring.event")
    public static let monitoringPlacementOrdered = MessageKind(rawValue: "monitoring.placement-ordered")
    public static let appointmentScheduled = MessageKind(rawValue: "appointment.scheduled")
    public static let appointmentRescheduled = MessageKind(rawValue: "appointment.rescheduled")
    public static let appointmentCancelled = MessageKind(rawValue: "appointment.cancelled")
    public static let reportSubmitted = MessageKind(rawValue: "report.submitted")
    public static let reportValidated = MessageKind(rawValue: "report.validated")
    public static let japDecisionRecorded = MessageKind(rawValue: "jap-decision.recorded")
    public static let noteRecorded = MessageKind(rawValue: "note.recorded")
    public static let interviewRecorded = MessageKind(rawValue: "interview.recorded")
    public static let evaluationRecorded = MessageKind(rawValue: "evaluation.recorded")
    public static let caseTransferred = MessageKind(rawValue: "case.transferred")
    public static let personUpdated = MessageKind(rawValue: "person.updated")
    public static let smsStatusChanged = MessageKind(rawValue: "sms.status-changed")

    /// The payload section each kind must carry.
    static let requiredSections: [MessageKind: Payload.Section] = [
        .decisionRecorded: .decision,
        .measureMandated: .measure,
        .measureStatusChanged: .measure,
        .custodyMovement: .custodyMovement,
        .penalRecordUpdated: .penalRecord,
        .monitoringAlarm: .monitoringEvent,
        .monitoringEvent: .monitoringEvent,
        .monitoringPlacementOrdered: .placement,
        .appointmentScheduled: .appointment,
        .appointmentRescheduled: .appointment,
        .appointmentCancelled: .appointment,
        .reportSubmitted: .report,
        .reportValidated: .report,
        .japDecisionRecorded: .decision,
        .noteRecorded: .notes,
        .interviewRecorded: .interviews,
        .evaluationRecorded: .evaluation,
        .caseTransferred: .transfer,
        .personUpdated: .person,
        .smsStatusChanged: .smsNotification,
    ]

    /// Every kind the gateway accepts.
    public static let known: Set<MessageKind> = Set(requiredSections.keys)

    /// The payload section this kind must carry, if any.
    public var requiredSection: Payload.Section? { Self.requiredSections[self] }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        let kind = MessageKind(rawValue: raw)
        guard Self.known.contains(kind) else {
            let named = Self.isPrintableName(raw) ? "unknown message kind \"\(raw)\"" : "unknown message kind"
            let expected = Self.known.map(\.rawValue).sorted().joined(separator: ", ")
            throw ValueRejection.error("\(named); expected one of \(expected)", at: decoder.codingPath)
        }
        self = kind
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Whether `raw` looks like a kind name, and so can be quoted back without leaking data.
    private static func isPrintableName(_ raw: String) -> Bool {
        raw.utf8.count <= 64 && raw.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
