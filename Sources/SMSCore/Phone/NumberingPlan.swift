/// The French numbering plans as data: which national-number prefixes belong to which territory and kind
/// (SMS rules §5.1–5.2, libphonenumber's metadata at prefix granularity).
enum NumberingPlan {
    struct Entry {
        let territory: Territory
        let prefix: String
        let kind: PhoneNumberKind
    }

    static let entries: [Entry] = {
        var entries: [Entry] = []
        func add(_ territory: Territory, _ kind: PhoneNumberKind, _ prefixes: [String]) {
            entries += prefixes.map { Entry(territory: territory, prefix: $0, kind: kind) }
        }
        add(.metropolitanFrance, .mobile, ["60", "61", "62", "64", "65", "66", "67", "68", "695", "698", "699"]
            + (0...8).map { "63\($0)" } + (3...9).map { "7\($0)" })
        add(.metropolitanFrance, .fixedLine, ["1", "2", "3", "4", "5"])
        add(.metropolitanFrance, .voip, ["9"])
        add(.metropolitanFrance, .freephone, (0...5).map { "80\($0)" })
        add(.metropolitanFrance, .special, (6...9).map { "80\($0)" } + (1...9).map { "8\($0)" })
        // The 07 09 blocks are recent overseas mobile allocations (libphonenumber lists 7090[0-4] for Guadeloupe).
        add(.guadeloupe, .mobile, ["690", "691", "7090"])
        add(.guadeloupe, .fixedLine, ["590"])
        add(.martinique, .mobile, ["696", "697", "7091"])
        add(.martinique, .fixedLine, ["596"])
        add(.guyane, .mobile, ["694"] + (0...3).map { "7093\($0)" })
        add(.guyane, .fixedLine, ["594"])
        add(.reunion, .mobile, ["692", "693", "7092"])
        add(.reunion, .fixedLine, ["262", "263"])
        add(.mayotte, .mobile, ["639"] + (5...7).map { "7093\($0)" })
        add(.mayotte, .fixedLine, ["269"])
        // Saint-Pierre-et-Miquelon: where its fixed and mobile ranges overlap the number may be either, which
        // SMS rules N2 accepts as mobile.
        add(.saintPierreEtMiquelon, .mobile, ["40", "42", "43", "44", "48", "49", "50"] + (2...9).map { "5\($0)" }
            + (0...5).map { "7084\($0)" } + (0...6).map { "7085\($0)" })
        add(.saintPierreEtMiquelon, .fixedLine, ["41", "45", "46", "47", "51"])
        return entries
    }()

    /// The entry with the longest prefix of `number` among `entries` that pass `filter`.
    static func lookup(_ number: String, where filter: (Entry) -> Bool) -> Entry? {
        entries.filter { filter($0) && number.hasPrefix($0.prefix) }.max { $0.prefix.count < $1.prefix.count }
    }

    /// Country codes of the French plans, with the territories Passerelle does not send to.
    static let outsideCoverage: [String: String] = [
        "687": "New Caledonia (+687)", "689": "French Polynesia (+689)", "681": "Wallis-et-Futuna (+681)",
    ]
    static let countryCodes = ["33", "262", "508", "590", "594", "596"]
}
