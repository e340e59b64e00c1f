import Foundation

/// An event reported by the monitoring platform; alarms must never be dropped.
public struct MonitoringEvent: Classified, Hashable {
    public var id: UUID
    public var placementRef: UUID?
    /// The platform's event type, e.g. `zone-exit`, `strap-tamper`, `battery-low`.
    public var type: String
    public var timestamp: Date
    public var severity: MonitoringSeverity
    /// The platform's own code when the gateway does not know it: `type` is then `other`, and this flags the event
    /// for a person to read, instead of refusing an alarm that must not be lost.
    public var reportedType: String?

    public init(id: UUID, placementRef: UUID? = nil, type: String, timestamp: Date, severity: MonitoringSeverity,
                reportedType: String? = nil) {
        self.id = id
        self.placementRef = placementRef
        self.type = type
        self.timestamp = timestamp
        self.severity = severity
        self.reportedType = reportedType
    }

    /// The stored properties of `MonitoringEvent`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case id, placementRef, type, timestamp, severity, reportedType

        public var category: DataCategory {
            switch self {
            case .id, .placementRef, .type, .timestamp, .severity, .reportedType: .monitoring
            }
        }
    }
}

/// How urgently a monitoring event must be handled.
public enum MonitoringSeverity: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case info
    case warning
    case alarm
    case critical
}
