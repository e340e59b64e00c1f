/// Why a text cannot be sent as an SMS; nothing is sent.
public enum SMSTextError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    /// NUL at this position (counted in Unicode scalars).
    case nul(at: Int)
    /// A UTF-16 surrogate without its pair at this position (counted in code units).
    case loneSurrogate(at: Int)
    /// U+FFFD at this position: the text was damaged by a wrong decoding upstream.
    case replacementCharacter(at: Int)
    /// Bytes that are not UTF-8 at this offset.
    case invalidUTF8(at: Int)
    /// A combining mark with nothing to combine with, at this position (counted in Unicode scalars).
    case danglingCombiningMark(at: Int)
    case overBudget(segments: Int, allowed: Int, encoding: SMSEncoding, units: Int)

    public var description: String {
        switch self {
        case .empty:
            "the text is empty or only spaces: write the message"
        case .nul(let at):
            "the text holds a NUL character at position \(at): remove it"
        case .loneSurrogate(let at):
            "the text holds a lone UTF-16 surrogate at code unit \(at): fix the encoding of the source"
        case .replacementCharacter(let at):
            "the text holds U+FFFD at position \(at), a sign of a wrong decoding upstream: fix the source text"
        case .invalidUTF8(let at):
            "the text is not valid UTF-8 (byte \(at)): send UTF-8"
        case .danglingCombiningMark(let at):
            "the text holds a combining mark with no letter before it at position \(at): remove it"
        case .overBudget(let segments, let allowed, let encoding, let units):
            "the text needs \(segments) SMS segments (\(encoding.rawValue), \(units) units) but at most \(allowed) "
                + "\(allowed == 1 ? "is" : "are") allowed: shorten it"
        }
    }
}
