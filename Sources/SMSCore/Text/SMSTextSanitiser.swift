import Foundation

/// Cleans a text before it is encoded (security reference §9.3, SMS rules §4 steps 1 and 4).
///
/// Invisible or dangerous characters are removed: C0 and C1 controls other than line breaks, DEL, ESC (the GSM-7
/// escape code), bidi overrides and marks, zero-width characters and the soft hyphen. Characters that prove the text
/// is broken are rejected: NUL, lone surrogates, U+FFFD, dangling combining marks; so is an empty text.
public enum SMSTextSanitiser {
    /// The cleaned text in NFC, with line breaks as LF.
    public static func sanitise(_ text: String) throws(SMSTextError) -> String {
        var kept = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for (index, scalar) in text.unicodeScalars.enumerated() {
            switch scalar.value {
            case 0x00: throw .nul(at: index)
            case 0xFFFD: throw .replacementCharacter(at: index)
            default: break
            }
            // CR LF and a lone CR become LF: handsets disagree on a bare CR, and it costs a septet.
            if scalar == "\r" {
                kept.append("\n")
            } else if scalar == "\n" {
                if previous != "\r" { kept.append("\n") }
            } else if scalar == "\t" || isLineOrParagraphSeparator(scalar) {
                kept.append(scalar == "\t" ? " " : "\n")
            } else if !isRemoved(scalar) {
                kept.append(scalar)
            }
            previous = scalar
        }
        let normalised = String(kept).precomposedStringWithCanonicalMapping
        var before: Unicode.Scalar?
        for (index, scalar) in normalised.unicodeScalars.enumerated() {
            if isCombiningMark(scalar), before.map({ $0.properties.isWhitespace }) ?? true {
                throw .danglingCombiningMark(at: index)
            }
            before = scalar
        }
        guard normalised.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw .empty }
        return normalised
    }

    /// Decodes UTF-16 code units, rejecting a lone surrogate instead of replacing it, then sanitises.
    public static func sanitise(utf16 units: some Collection<UInt16>) throws(SMSTextError) -> String {
        var scalars = String.UnicodeScalarView()
        var decoder = UTF16()
        var iterator = units.makeIterator()
        var position = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                position += scalar.utf16.count
            case .emptyInput: break loop
            case .error: throw .loneSurrogate(at: position)
            }
        }
        return try sanitise(String(scalars))
    }

    /// Decodes UTF-8 bytes, rejecting invalid sequences instead of replacing them, then sanitises.
    public static func sanitise(utf8 bytes: some Collection<UInt8>) throws(SMSTextError) -> String {
        var scalars = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var position = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                position += scalar.utf8.count
            case .emptyInput: break loop
            case .error: throw .invalidUTF8(at: position)
            }
        }
        return try sanitise(String(scalars))
    }

    /// A template value: sanitised like a text, then every line break and run of spaces becomes one space, so a
    /// value can never add lines or hide content (SMS rules C7).
    public static func sanitiseField(_ value: String) throws(SMSTextError) -> String {
        let clean = try sanitise(value)
        return clean.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x01...0x1F, 0x7F...0x9F: true  // C0 (LF, CR and TAB are handled before), DEL, C1
        case 0x200B...0x200F: true  // zero-width space, non-joiner, joiner; LRM, RLM
        case 0x202A...0x202E, 0x2066...0x2069, 0x061C: true  // bidi embeddings, overrides, isolates; Arabic mark
        case 0x2060, 0xFEFF, 0x00AD: true  // word joiner, BOM / zero-width no-break space, soft hyphen
        default: false
        }
    }

    static func isLineOrParagraphSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x2028 || scalar.value == 0x2029
    }

    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }
}
