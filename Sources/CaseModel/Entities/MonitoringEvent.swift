import Foundation

/// An event reported by the monitoring platform; alarms must never be dropped.
public struct MonitoringEvent: Classified, Hashable {
    public var id: UUID
    public var placementRef: UUID?
    /// The platform's event type, e.g. `zone-exit`, `strap-tamper`, `battery-low`.
    public var type: String
    public var timestamp: Date
    public var severity: MonitoringSeverity

    public init(id: UUID, placementRef: UUID? = nil, type: String, timestamp: Date, severity: MonitoringSeverity) {
        self.id = id
        self.placementRef = placementRef
        self.type = type
        self.timestamp = timestamp
        self.severity = severity
    }

    /// The stored properties of `MonitoringEvent`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case id, placementRef, type, timestamp, severity

        public var category: DataCategory {
            switch self {
            case .id, .placementRef, .type, .timestamp, .severity: .monitoring
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
