import Foundation
import PropertyBased
import SMSCore
import Testing

/// Every row of security reference §9.4 and the rules of SMS rules §5; synthetic numbers only.
@Suite struct PhoneNumberTests {
    @Test(arguments: ["06 12 34 56 78", "06.12.34.56.78", "0612345678", "+33 6 12 34 56 78", "0033612345678",
                      "+33 (0)6 12 34 56 78", "  06-12-34-56-78  ", "06\u{00A0}12\u{00A0}34\u{00A0}56\u{00A0}78",
                      "tel:+33612345678", "+33 06 12 34 56 78", "0033 (0)6 12 34 56 78"])
    func acceptedSpellingsNormaliseToOneValue(input: String) throws {
        let number = try PhoneNumber.mobile(input)
        #expect(number.e164 == "+33612345678")
        #expect(number.territory == .metropolitanFrance)
        #expect(number.timeZone.identifier == "Europe/Paris")
    }

    @Test(arguments: [
        ("0692123456", "+262692123456", Territory.reunion, "Indian/Reunion"),
        ("+262 692 12 34 56", "+262692123456", .reunion, "Indian/Reunion"),
        ("0693123456", "+262693123456", .reunion, "Indian/Reunion"),
        ("0639123456", "+262639123456", .mayotte, "Indian/Mayotte"),
        ("+262 639 12 34 56", "+262639123456", .mayotte, "Indian/Mayotte"),
        ("0690123456", "+590690123456", .guadeloupe, "America/Guadeloupe"),
        ("+590 691 12 34 56", "+590691123456", .guadeloupe, "America/Guadeloupe"),
        ("0694123456", "+594694123456", .guyane, "America/Cayenne"),
        ("0696123456", "+596696123456", .martinique, "America/Martinique"),
        ("0697123456", "+596697123456", .martinique, "America/Martinique"),
        ("+508 55 12 34", "+508551234", .saintPierreEtMiquelon, "America/Miquelon"),
        ("+508 708 45 12 34", "+508708451234", .saintPierreEtMiquelon, "America/Miquelon"),
        ("0695123456", "+33695123456", .metropolitanFrance, "Europe/Paris"),
        ("0638123456", "+33638123456", .metropolitanFrance, "Europe/Paris"),
        ("0756123456", "+33756123456", .metropolitanFrance, "Europe/Paris"),
    ])
    func overseasMobilesGetTheirOwnCodeAndZone(input: String, e164: String, territory: Territory, zone: String) throws {
        let number = try PhoneNumber.mobile(input)
        #expect(number.e164 == e164)
        #expect(number.territory == territory)
        #expect(number.timeZone.identifier == zone)
        #expect(TimeZone(identifier: zone) != nil)
    }

    @Test func overseasPrefixesUnderPlus33AreRefused() {
        #expect(throws: PhoneNumberError.wrongCountryCode(given: "33", territory: .guadeloupe)) {
            try PhoneNumber.mobile("+33 6 90 12 34 56")
        }
        #expect(throws: PhoneNumberError.wrongCountryCode(given: "33", territory: .mayotte)) {
            try PhoneNumber.mobile("+33639123456")
        }
        #expect(throws: PhoneNumberError.wrongCountryCode(given: "262", territory: .metropolitanFrance)) {
            try PhoneNumber.mobile("+262 6 12 34 56 78")
        }
    }

    @Test func landlinesPremiumShortCodesAnd070To072AreNotMobiles() {
        for landline in ["01 23 45 67 89", "02 23 45 67 89", "03 23 45 67 89", "04 23 45 67 89", "05 23 45 67 89",
                         "0262 12 34 56", "0590 12 34 56"] {
            #expect(throws: PhoneNumberError.notMobile(.fixedLine)) { try PhoneNumber.mobile(landline) }
        }
        #expect(throws: PhoneNumberError.notMobile(.voip)) { try PhoneNumber.mobile("09 37 12 34 56") }
        #expect(throws: PhoneNumberError.notMobile(.freephone)) { try PhoneNumber.mobile("0800 12 34 56") }
        #expect(throws: PhoneNumberError.notMobile(.special)) { try PhoneNumber.mobile("0899 12 34 56") }
        #expect(throws: PhoneNumberError.notMobile(.special)) { try PhoneNumber.mobile("0812 34 56 78") }
        for code in ["36111", "33700", "112", "15", "3615"] {
            #expect(throws: PhoneNumberError.shortCode(code)) { try PhoneNumber.mobile(code) }
        }
        #expect(throws: PhoneNumberError.unallocated("070")) { try PhoneNumber.mobile("0701234567") }
        #expect(throws: PhoneNumberError.unallocated("071")) { try PhoneNumber.mobile("0712345678") }
        #expect(throws: PhoneNumberError.unallocated("072")) { try PhoneNumber.mobile("0721234567") }
        #expect(throws: PhoneNumberError.unallocated("+33 71")) { try PhoneNumber.mobile("+33712345678") }
    }

    @Test func hostileSpellingsAreRefusedByAnExplicitRule() {
        #expect(throws: PhoneNumberError.tooLong) { try PhoneNumber.mobile("+33 6 12 34 56 78 90 12 34 5") }
        #expect(throws: PhoneNumberError.letters) { try PhoneNumber.mobile("06 12 AB 56 78") }
        #expect(throws: PhoneNumberError.letters) { try PhoneNumber.mobile("0612345678 ext 2") }
        #expect(throws: PhoneNumberError.nonASCIIDigits) { try PhoneNumber.mobile("０６１２３４５６７８") }
        #expect(throws: PhoneNumberError.nonASCIIDigits) { try PhoneNumber.mobile("٠٦١٢٣٤٥٦٧٨") }
        #expect(throws: PhoneNumberError.nonASCIIDigits) { try PhoneNumber.mobile("۰۶۱۲۳۴۵۶۷۸") }
        #expect(throws: PhoneNumberError.telURIWithParameters) { try PhoneNumber.mobile("tel:+33612345678;ext=12") }
        #expect(throws: PhoneNumberError.localTelURI) { try PhoneNumber.mobile("tel:0612345678") }
        #expect(throws: PhoneNumberError.misplacedPlus) { try PhoneNumber.mobile("06+12345678") }
        #expect(throws: PhoneNumberError.unexpectedCharacter("(")) { try PhoneNumber.mobile("(0)6 12 34 56 78") }
        #expect(throws: PhoneNumberError.unexpectedCharacter("#")) { try PhoneNumber.mobile("06#12345678") }
        #expect(throws: PhoneNumberError.unexpectedCharacter("\u{0}")) { try PhoneNumber.mobile("06\u{0}12345678") }
        #expect(throws: PhoneNumberError.empty) { try PhoneNumber.mobile("   ") }
        #expect(throws: PhoneNumberError.wrongLength(digits: 9, expected: "10 (Saint-Pierre-et-Miquelon: +508 and 6 digits)")) {
            try PhoneNumber.mobile("061234567")
        }
        #expect(throws: PhoneNumberError.foreign) { try PhoneNumber.mobile("+32 470 12 34 56") }
        #expect(throws: PhoneNumberError.outsideCoverage("New Caledonia (+687)")) { try PhoneNumber.mobile("+687 75 12 34") }
        #expect(throws: PhoneNumberError.outsideCoverage("French Polynesia (+689)")) { try PhoneNumber.mobile("+689 87 12 34 56") }
    }

    @Test func normalisationIsIdempotent() async {
        let prefixes = ["06", "07", "0692", "0639", "0690", "0694", "0696", "+33 6", "+262 692", "+590 690", "0033 7"]
        await propertyCheck(input: Gen.int(in: 0...(prefixes.count - 1)), Gen.int(in: 0...9).array(of: 6...8),
                            Gen.int(in: 0...2)) { prefixIndex, tail, separatorIndex in
            let separator = [" ", ".", ""][separatorIndex]
            let input = prefixes[prefixIndex] + separator + tail.map(String.init).joined(separator: separator)
            guard let once = try? PhoneNumber(parsing: input) else { return }
            let twice = try? PhoneNumber(parsing: once.e164)
            #expect(twice == once)
            #expect((try? PhoneNumber(parsing: once.international)) == once)
            #expect((try? PhoneNumber(parsing: once.national)) == once)
        }
    }

    @Test func maskingShowsOnlyTheEnds() throws {
        #expect(try PhoneNumber.mobile("06 12 34 56 78").masked == "+33 6 •• •• •• 78")
        #expect(try PhoneNumber.mobile("0692 12 34 56").masked == "+262 692 •• •• 56")
        #expect(try PhoneNumber.mobile("+508 55 12 34").masked == "+508 55 •• 34")
        let number = try PhoneNumber.mobile("06 12 34 56 78")
        #expect("\(number)" == number.masked)
        #expect(number.national == "06 12 34 56 78")
        #expect(try PhoneNumber(parsing: "0262 12 34 56").national == "02 62 12 34 56")
    }

    @Test func theAuditHashIsStableKeyedAndOpaque() throws {
        let key = Data(repeating: 7, count: 32)
        let hasher = try PhoneNumberHasher(key: key)
        let a = try PhoneNumber.mobile("06 12 34 56 78")
        let b = try PhoneNumber.mobile("+33 (0)6 12 34 56 78")
        #expect(hasher.hash(a) == hasher.hash(b))
        #expect(hasher.hash(a).count == 64)
        #expect(!hasher.hash(a).contains("612345678"))
        #expect(try PhoneNumberHasher(key: Data(repeating: 8, count: 32)).hash(a) != hasher.hash(a))
        #expect(hasher.hash(a) != hasher.hash(try PhoneNumber.mobile("06 12 34 56 79")))
        #expect(throws: PhoneNumberHasher.KeyError.tooShort(bytes: 16)) { try PhoneNumberHasher(key: Data(count: 16)) }
    }

    @Test func theHashIsHMACSHA256OfTheE164Form() throws {
        // Computed with Python's hmac module: HMAC-SHA256(key = 32 × 0x0b, "+33612345678").
        let hasher = try PhoneNumberHasher(key: Data(repeating: 0x0b, count: 32))
        #expect(hasher.hash(try PhoneNumber.mobile("0612345678")) == Self.expectedHash)
    }

    static let expectedHash = "221bc0e5259bf0e7d55d8dfea2169a8cc0541bf795375f50230a9f47cc8deae2"
}
