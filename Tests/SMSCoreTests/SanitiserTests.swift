import SMSCore
import Testing

/// Every row of security reference §9.3.
@Suite struct SanitiserTests {
    @Test func controlCharactersAreRemovedAndESCIsNeverSent() throws {
        let text = "A\u{01}B\u{1B}C\u{7F}D\u{85}E\u{9F}F\u{0C}G"
        let clean = try SMSTextSanitiser.sanitise(text)
        #expect(clean == "ABCDEFG")
        #expect(!clean.unicodeScalars.contains("\u{1B}"))
        let sms = try SMSComposer.compose("Rappel\u{1B}[31m demain")
        #expect(!sms.sentText.unicodeScalars.contains("\u{1B}"))
    }

    @Test func lineBreaksAreKeptAsLF() throws {
        #expect(try SMSTextSanitiser.sanitise("a\r\nb\rc\nd") == "a\nb\nc\nd")
        #expect(try SMSTextSanitiser.sanitise("a\tb") == "a b")
    }

    @Test func bidiOverridesAndZeroWidthCharactersAreRemoved() throws {
        let hidden = "Rendez-vous\u{202E}suov-zedneR\u{2066}\u{2067}\u{2068}\u{2069} le\u{200B}\u{200C}\u{200D}\u{FEFF} lundi"
        #expect(try SMSTextSanitiser.sanitise(hidden) == "Rendez-voussuov-zedneR le lundi")
    }

    @Test func brokenTextIsRejected() {
        #expect(throws: SMSTextError.nul(at: 1)) { try SMSTextSanitiser.sanitise("a\u{0}b") }
        #expect(throws: SMSTextError.replacementCharacter(at: 1)) { try SMSTextSanitiser.sanitise("a\u{FFFD}") }
        #expect(throws: SMSTextError.loneSurrogate(at: 1)) {
            try SMSTextSanitiser.sanitise(utf16: [0x0061, 0xD800, 0x0062])
        }
        #expect(throws: SMSTextError.loneSurrogate(at: 1)) { try SMSTextSanitiser.sanitise(utf16: [0x0061, 0xDC00]) }
        #expect(throws: SMSTextError.invalidUTF8(at: 1)) { try SMSTextSanitiser.sanitise(utf8: [0x61, 0xC3, 0x28]) }
        #expect(throws: SMSTextError.danglingCombiningMark(at: 0)) { try SMSTextSanitiser.sanitise("\u{0301}abc") }
        #expect(throws: SMSTextError.danglingCombiningMark(at: 2)) { try SMSTextSanitiser.sanitise("a \u{0301}") }
        #expect(throws: SMSTextError.danglingCombiningMark(at: 2)) { try SMSTextSanitiser.sanitise("a\n\u{0301}") }
    }

    @Test func aCombiningMarkOnALetterIsComposed() throws {
        #expect(try SMSTextSanitiser.sanitise("e\u{0301}te\u{0301}") == "été")
        #expect(try SMSTextSanitiser.sanitise(utf16: Array("😀 ok".utf16)) == "😀 ok")
    }

    @Test func emptyAndWhitespaceOnlyAreRejected() {
        for text in ["", "   ", "\n\r\n", "\u{200B}\u{202E}", "\u{1B}", "\u{00A0}\u{202F}"] {
            #expect(throws: SMSTextError.empty) { try SMSComposer.compose(text) }
        }
    }

    @Test func fieldsCannotAddLines() throws {
        #expect(try SMSTextSanitiser.sanitiseField("12 rue\r\nde la Paix\n\nSTOP") == "12 rue de la Paix STOP")
    }
}
