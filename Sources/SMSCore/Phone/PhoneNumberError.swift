/// Why an entry is not a number Passerelle can send to; each case says what to do next.
public enum PhoneNumberError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    /// More than 15 digits (the E.164 maximum) or an absurdly long entry.
    case tooLong
    case letters
    /// Fullwidth, Arabic-Indic or other non-ASCII digits: refused rather than guessed.
    case nonASCIIDigits
    case unexpectedCharacter(Character)
    case misplacedPlus
    case telURIWithParameters
    case localTelURI
    case shortCode(String)
    case wrongLength(digits: Int, expected: String)
    /// A country code outside the French numbering plans.
    case foreign
    /// New Caledonia, French Polynesia, Wallis-et-Futuna: their own plans and operators.
    case outsideCoverage(String)
    /// An overseas prefix under another country code, e.g. `+33 6 90…` for a Guadeloupe mobile.
    case wrongCountryCode(given: String, territory: Territory)
    /// A prefix that is not allocated, e.g. 070–072.
    case unallocated(String)
    case notMobile(PhoneNumberKind)

    public var description: String {
        switch self {
        case .empty:
            "no number given: type a mobile number such as 06 12 34 56 78"
        case .tooLong:
            "too many digits (E.164 numbers have at most 15): check the number"
        case .letters:
            "the number holds letters: type digits only (spaces, dots and dashes are fine)"
        case .nonASCIIDigits:
            "the number holds non-ASCII digits (fullwidth or Arabic-Indic): retype it with the digits 0-9"
        case .unexpectedCharacter(let character):
            "unexpected character \"\(character)\" in the number: use digits, spaces, dots, dashes and a leading +"
        case .misplacedPlus:
            "a + may only start the number: write +33 6 12 34 56 78 or 06 12 34 56 78"
        case .telURIWithParameters:
            "tel: URIs with parameters (;ext=, ;phone-context=) are refused: give the number alone"
        case .localTelURI:
            "a tel: URI must hold a full international number (tel:+33612345678): give the number alone"
        case .shortCode(let digits):
            "\(digits) is a short code or an incomplete number, not a mobile: ask the person for their mobile number"
        case .wrongLength(let digits, let expected):
            "\(digits) digits where \(expected) are expected: check the number"
        case .foreign:
            "not a French number: Passerelle sends to +33, +262, +508, +590, +594 and +596 numbers only"
        case .outsideCoverage(let name):
            "\(name) has its own numbering plan and operators: Passerelle does not send SMS there"
        case .wrongCountryCode(let given, let territory):
            "+\(given) is the wrong country code for this number, which is in \(territory.name): "
                + "write +\(territory.countryCode) or the national form starting with 0"
        case .unallocated(let prefix):
            "numbers starting \(prefix) are not allocated to mobiles or lines: check the number"
        case .notMobile(let kind):
            "this is a \(kind.rawValue) number, not a mobile: SMS go to mobiles only, ask the person for their mobile"
        }
    }
}
