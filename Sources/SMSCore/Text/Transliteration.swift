import Foundation

/// The French transliteration of SMS rules §4 steps 2 and 3: typography and accents outside GSM-7 become their
/// closest GSM-7 spelling. Characters with no such spelling (emoji, other scripts) are kept.
public enum Transliteration {
    /// `text` with every character that has a GSM-7 spelling rewritten; the rest unchanged.
    public static func apply(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if GSM7Alphabet.septets(scalar) != nil {
                result.append(scalar)
            } else if let replacement = replacements[scalar] ?? strippedAccent(scalar) {
                result.append(contentsOf: replacement.unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// The explicit table. `È` maps to `E`, never to `É`: an accent that changes is worse than one that goes.
    static let replacements: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [:]
        func map(_ from: String, to: String) { for scalar in from.unicodeScalars { table[scalar] = to } }
        map("\u{2019}\u{2018}\u{201B}\u{00B4}`\u{02BC}", to: "'")
        map("\u{201C}\u{201D}\u{00AB}\u{00BB}\u{201E}", to: "\"")
        map("\u{2013}\u{2014}\u{2010}\u{2011}\u{2212}", to: "-")
        map("\u{2026}", to: "...")
        map("\u{00A0}\u{202F}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200A}\u{3000}",
            to: " ")
        map("°", to: "o")
        map("œ", to: "oe")
        map("Œ", to: "OE")
        map("â", to: "a"); map("ê", to: "e"); map("î", to: "i"); map("ô", to: "o"); map("û", to: "u")
        map("ë", to: "e"); map("ï", to: "i"); map("ÿ", to: "y"); map("ç", to: "c")
        map("ÀÂ", to: "A"); map("ÈÊË", to: "E"); map("ÎÏ", to: "I"); map("Ô", to: "O"); map("ÙÛ", to: "U")
        map("Ÿ", to: "Y")
        return table
    }()

    /// A letter outside the table (`á`, `ō`, `Ł` has none) without its accents, if that is GSM-7.
    static func strippedAccent(_ scalar: Unicode.Scalar) -> String? {
        let parts = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
        let base = parts.filter { !SMSTextSanitiser.isCombiningMark($0) }
        guard !base.isEmpty, base.count < parts.count, base.allSatisfy({ GSM7Alphabet.septets($0) != nil }) else {
            return nil
        }
        return String(String.UnicodeScalarView(base))
    }
}
