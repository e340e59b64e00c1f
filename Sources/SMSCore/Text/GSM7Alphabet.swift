/// The GSM 03.38 default alphabet (3GPP TS 23.038): the basic table and the extension table reached through ESC.
public enum GSM7Alphabet {
    /// Characters of the basic table, one septet each. ESC (0x1B) is left out: it is the escape code, never text.
    public static let basicTable: Set<Unicode.Scalar> = {
        let table: [Unicode.Scalar] = [
            "@", "£", "$", "¥", "è", "é", "ù", "ì", "ò", "Ç", "\n", "Ø", "ø", "\r", "Å", "å",
            "Δ", "_", "Φ", "Γ", "Λ", "Ω", "Π", "Ψ", "Σ", "Θ", "Ξ", "Æ", "æ", "ß", "É",
            " ", "!", "\"", "#", "¤", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/",
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?",
            "¡", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
            "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "Ä", "Ö", "Ñ", "Ü", "§",
            "¿", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
            "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "ä", "ö", "ñ", "ü", "à",
        ]
        return Set(table)
    }()

    /// Characters of the extension table, sent as ESC + code: two septets each.
    public static let extensionTable: Set<Unicode.Scalar> = ["\u{0C}", "^", "{", "}", "\\", "[", "~", "]", "|", "€"]

    /// Septets needed for one character, or nil when it is in neither table.
    public static func septets(_ scalar: Unicode.Scalar) -> Int? {
        if basicTable.contains(scalar) { return 1 }
        if extensionTable.contains(scalar) { return 2 }
        return nil
    }

    /// Whether every character of `text` can be sent in GSM-7.
    public static func canEncode(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { septets($0) != nil }
    }
}
