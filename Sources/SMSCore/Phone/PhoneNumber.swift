import Foundation

/// What a number is for, as its prefix says (SMS rules §5).
public enum PhoneNumberKind: String, Sendable, Codable, CaseIterable {
    case mobile
    case fixedLine = "fixed-line"
    /// Non-geographic 09 numbers, mostly VoIP boxes.
    case voip
    case freephone
    /// Shared-cost and premium numbers (0806–0809, 081–089).
    case special
}

/// A French phone number in E.164, with its territory and kind. Only `PhoneNumber(parsing:)` makes one.
public struct PhoneNumber: Hashable, Sendable {
    public let territory: Territory
    /// The national significant number: the digits after the country code.
    public let nationalNumber: String
    public let kind: PhoneNumberKind

    init(territory: Territory, nationalNumber: String, kind: PhoneNumberKind) {
        self.territory = territory
        self.nationalNumber = nationalNumber
        self.kind = kind
    }

    /// `+33612345678`: the only form that is stored (SMS rules N1).
    public var e164: String { "+" + territory.countryCode + nationalNumber }

    public var isMobile: Bool { kind == .mobile }

    /// The recipient's presumed time zone, for quiet hours (SMS rules N5).
    public var timeZone: TimeZone { territory.timeZone }

    /// `+33 6 12 34 56 78`.
    public var international: String { (["+" + territory.countryCode] + groups).joined(separator: " ") }

    /// `06 12 34 56 78`, as a French reader dials it; Saint-Pierre-et-Miquelon numbers have no trunk 0.
    public var national: String {
        if territory == .saintPierreEtMiquelon { return groups.joined(separator: " ") }
        let digits = Array("0" + nationalNumber)
        return stride(from: 0, to: digits.count, by: 2).map { String(digits[$0..<min($0 + 2, digits.count)]) }
            .joined(separator: " ")
    }

    /// `+33 6 •• •• •• 78`: enough for an officer to recognise the number, not enough to call it.
    public var masked: String {
        let shown = groups.enumerated().map { index, group in
            index == 0 || index == groups.count - 1 ? group : String(repeating: "•", count: group.count)
        }
        return (["+" + territory.countryCode] + shown).joined(separator: " ")
    }

    /// The national number cut as it is written: `6 12 34 56 78`, `692 12 34 56`, `55 12 34`.
    var groups: [String] {
        let sizes: [Int] = switch (territory, nationalNumber.count) {
        case (.metropolitanFrance, _): [1, 2, 2, 2, 2]
        case (_, 6): [2, 2, 2]
        default: [3, 2, 2, 2]
        }
        var rest = Substring(nationalNumber)
        return sizes.map { size in
            defer { rest = rest.dropFirst(size) }
            return String(rest.prefix(size))
        }
    }
}

extension PhoneNumber: CustomStringConvertible {
    /// The masked form, so that a number printed by accident never shows in full.
    public var description: String { masked }
}
