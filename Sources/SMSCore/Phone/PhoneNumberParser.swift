extension PhoneNumber {
    /// Parses a number as people type it (security reference §9.4, SMS rules N1–N3), or says why not.
    ///
    /// Accepted: digits with spaces, no-break spaces, dots, dashes or slashes between them; a leading `+` or
    /// `00`; `(0)` or `0` right after the country code; a `tel:+…` URI without parameters. Refused: letters,
    /// non-ASCII digits, any other character, more than 15 digits, short codes, foreign numbers.
    public init(parsing input: String) throws(PhoneNumberError) {
        var text = Substring(input.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !text.isEmpty else { throw .empty }
        guard text.count <= 40 else { throw .tooLong }
        if text.lowercased().hasPrefix("tel:") {
            text = text.dropFirst(4)
            guard !text.contains(";") else { throw .telURIWithParameters }
            guard text.hasPrefix("+") else { throw .localTelURI }
        }
        var digits = ""
        var international = false
        var trunkZeroAt: Int?
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if let ascii = character.asciiValue, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(ascii) {
                digits.append(character)
            } else if character == "+" {
                guard digits.isEmpty, !international, trunkZeroAt == nil else { throw .misplacedPlus }
                international = true
            } else if [" ", "\u{00A0}", "\u{202F}", ".", "-", "/"].contains(character) {
                continue
            } else if character == "(", characters.starts(with: ["0", ")"]), trunkZeroAt == nil {
                characters = characters.dropFirst(2)
                trunkZeroAt = digits.count
            } else if character.isLetter {
                throw .letters
            } else if character.isNumber {
                throw .nonASCIIDigits
            } else {
                throw .unexpectedCharacter(character)
            }
        }
        if !international, digits.hasPrefix("00") {
            international = true
            digits.removeFirst(2)
            trunkZeroAt = trunkZeroAt.map { $0 - 2 }
        }
        guard digits.count <= 15 else { throw .tooLong }
        guard !digits.isEmpty else { throw .empty }
        if international {
            self = try Self.international(digits, trunkZeroAt: trunkZeroAt)
        } else {
            guard trunkZeroAt == nil else { throw .unexpectedCharacter("(") }
            self = try Self.national(digits)
        }
    }

    /// Parses a number and requires a mobile (SMS rules N2).
    public static func mobile(_ input: String) throws(PhoneNumberError) -> PhoneNumber {
        let number = try PhoneNumber(parsing: input)
        guard number.isMobile else { throw .notMobile(number.kind) }
        return number
    }

    /// `0` + 9 digits, read in every 10-digit French plan at once: the prefix tells the territory (N1).
    private static func national(_ digits: String) throws(PhoneNumberError) -> PhoneNumber {
        if !digits.hasPrefix("0"), (2...6).contains(digits.count) { throw .shortCode(digits) }
        guard digits.hasPrefix("0") else { throw .wrongLength(digits: digits.count, expected: "10 starting with 0") }
        guard digits.count == 10 else {
            throw .wrongLength(digits: digits.count, expected: "10 (Saint-Pierre-et-Miquelon: +508 and 6 digits)")
        }
        let number = String(digits.dropFirst())
        guard let entry = NumberingPlan.lookup(number, where: { $0.territory != .saintPierreEtMiquelon }) else {
            throw .unallocated("0" + number.prefix(2))
        }
        return PhoneNumber(territory: entry.territory, nationalNumber: number, kind: entry.kind)
    }

    private static func international(_ digits: String, trunkZeroAt: Int?) throws(PhoneNumberError) -> PhoneNumber {
        if let outside = NumberingPlan.outsideCoverage.first(where: { digits.hasPrefix($0.key) }) {
            throw .outsideCoverage(outside.value)
        }
        guard let code = NumberingPlan.countryCodes.first(where: { digits.hasPrefix($0) }) else { throw .foreign }
        guard trunkZeroAt == nil || trunkZeroAt == code.count else { throw .unexpectedCharacter("(") }
        var number = Substring(digits.dropFirst(code.count))
        // `+33 06…` means `+33 6…`: no French national number starts with 0, so the 0 can only be a trunk prefix.
        if trunkZeroAt == nil, number.hasPrefix("0") { number = number.dropFirst() }
        let national = String(number)
        let expected = code == "508" ? [6, 9] : [9]
        guard expected.contains(national.count) else {
            throw .wrongLength(digits: national.count, expected: expected.map(String.init).joined(separator: " or ")
                + " after +\(code)")
        }
        if let entry = NumberingPlan.lookup(national, where: { $0.territory.countryCode == code }) {
            return PhoneNumber(territory: entry.territory, nationalNumber: national, kind: entry.kind)
        }
        // Saint-Pierre-et-Miquelon's short numbers are left out: they would match the start of any 9-digit number.
        if let elsewhere = NumberingPlan.lookup(national, where: {
            $0.territory.countryCode != code && $0.territory != .saintPierreEtMiquelon
        }) {
            throw .wrongCountryCode(given: code, territory: elsewhere.territory)
        }
        throw .unallocated("+\(code) \(national.prefix(2))")
    }
}
