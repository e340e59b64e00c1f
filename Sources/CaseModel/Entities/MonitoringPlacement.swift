import Foundation

/// An electronic-monitoring placement ordered to SAPHIR: where and when the person must be.
public struct MonitoringPlacement: Classified, Hashable {
    public var id: UUID
    public var measureRef: UUID?
    public var kind: MonitoringKind
    public var address: String
    public var schedule: [PresenceWindow]
    public var zones: [Zone]?
    public var fittingDate: Date?
    public var removalDate: Date?

    public init(
        id: UUID, measureRef: UUID? = nil, kind: MonitoringKind, address: String, schedule: [PresenceWindow],
        zones: [Zone]? = nil, fittingDate: Date? = nil, removalDate: Date? = nil
    ) {
        self.id = id
        self.measureRef = measureRef
        self.kind = kind
        self.address = address
        self.schedule = schedule
        self.zones = zones
        self.fittingDate = fittingDate
        self.removalDate = removalDate
    }

    /// The stored properties of `MonitoringPlacement`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case id, measureRef, kind, address, schedule, zones, fittingDate, removalDate

        public var category: DataCategory {
            switch self {
            case .id, .measureRef, .kind, .address, .schedule, .zones, .fittingDate, .removalDate: .monitoring
            }
        }
    }
}

/// The form of electronic monitoring.
public enum MonitoringKind: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case ddse = "DDSE"
    case arse = "ARSE"
    case psem = "PSEM"
    case bar = "BAR"
}

/// Hours during which the person must be at the placement address, in its local time.
public struct PresenceWindow: Classified, Hashable {
    /// ISO weekdays, 1 = Monday … 7 = Sunday.
    public var weekdays: [Int]
    /// `HH:MM`.
    public var from: String
    /// `HH:MM`; earlier than `from` means the window ends the next day.
    public var to: String

    public init(weekdays: [Int], from: String, to: String) {
        self.weekdays = weekdays
        self.from = from
        self.to = to
    }

    /// The stored properties of `PresenceWindow`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case weekdays, from, to

        public var category: DataCategory {
            switch self {
            case .weekdays, .from, .to: .monitoring
            }
        }
    }
}

/// An area the person must stay in (inclusion) or keep out of (exclusion).
public struct Zone: Classified, Hashable {
    public var name: String
    public var kind: ZoneKind
    public var address: String?
    public var radiusMeters: Int?

    public init(name: String, kind: ZoneKind, address: String? = nil, radiusMeters: Int? = nil) {
        self.name = name
        self.kind = kind
        self.address = address
        self.radiusMeters = radiusMeters
    }

    /// The stored properties of `Zone`.
    public enum Field: String, CaseIterable, Sendable, ClassifiedField {
        case name, kind, address, radiusMeters

        public var category: DataCategory {
            switch self {
            case .name, .kind, .address, .radiusMeters: .monitoring
            }
        }
    }
}

/// Whether a zone must be kept to or avoided.
public enum ZoneKind: String, CaseIterable, Codable, Sendable, ClosedVocabulary {
    case inclusion
    case exclusion
}
