import Testing

@testable import SafeXML

@Suite("The pre-parse gate")
struct GateTests {
    @Test func sizeLimitIsInclusive() {
        let document = utf8("<r>" + String(repeating: "x", count: 93) + "</r>")
        #expect(document.count == 100)
        #expect(rejection(of: document, limits: XMLLimits(maxBytes: 100)) == nil)
        #expect(rejection(of: document, limits: XMLLimits(maxBytes: 99)) == .tooLarge(limit: 99))
    }

    @Test(arguments: [
        ([0xC0, 0xAF], "overlong slash"),
        ([0xE0, 0x80, 0xAF], "overlong three bytes"),
        ([0xED, 0xA0, 0x80], "UTF-16 surrogate"),
        ([0xF4, 0x90, 0x80, 0x80], "above U+10FFFF"),
        ([0xE2, 0x82], "truncated sequence"),
        ([0x80], "lone continuation byte"),
    ] as [([UInt8], String)])
    func invalidUTF8IsLocated(sequence: [UInt8], label: String) {
        #expect(rejection(of: utf8("<r>") + sequence + utf8("</r>")) == .invalidUTF8(offset: 3), "\(label)")
    }

    @Test func validMultibyteUTF8Passes() throws {
        let root = try SafeXML.parse(utf8("<r>é € 𝄞 \u{FEFF}</r>"))
        #expect(root.text == "é € 𝄞 \u{FEFF}")
    }

    @Test func nulBytesAreLocated() {
        #expect(rejection(of: utf8("<r>a") + [0] + utf8("</r>")) == .nulByte(offset: 4))
    }

    @Test func declarationsAreChecked() {
        #expect(rejection(of: utf8(#"<?xml version="1.0" standalone="yes"?><r/>"#)) == nil)
        #expect(rejection(of: utf8("<?xml version='1.0' encoding='UTF-8' ?>\n<r/>")) == nil)
        #expect(rejection(of: utf8(#"<?xml encoding="UTF-8"?><r/>"#)) == .unsupportedVersion)
        #expect(rejection(of: utf8(#"<?xml version="1.0" encoding="UTF-8"<r/>"#))
            == .malformed(line: 1, message: "the XML declaration is not closed with ?>"))
        #expect(rejection(of: utf8(#"<?xml version=1.0?><r/>"#))
            == .malformed(line: 1, message: "the XML declaration is not well-formed"))
        #expect(rejection(of: utf8(#"<?xml-stylesheet href="a.xsl"?><r/>"#))
            == .forbiddenConstruct("a processing instruction", line: 1))
        #expect(rejection(of: utf8(#" <?xml version="1.0"?><r/>"#))
            == .forbiddenConstruct("a processing instruction", line: 1))
    }

    @Test func markupDeclarationsAreNamedAndLocated() {
        #expect(rejection(of: utf8("<?xml version=\"1.0\"?>\n\n<!DOCTYPE r>\n<r/>")) == .forbiddenConstruct("DOCTYPE", line: 3))
        #expect(rejection(of: utf8("<r>\n<!ENTITY x \"y\"></r>")) == .forbiddenConstruct("ENTITY", line: 2))
        #expect(rejection(of: utf8("<r><!ATTLIST r a CDATA #IMPLIED></r>")) == .forbiddenConstruct("ATTLIST", line: 1))
        #expect(rejection(of: utf8("<r><!something></r>")) == .forbiddenConstruct("a markup declaration (<!)", line: 1))
    }

    @Test func declarationsAndInstructionsNeverReachTheReader() {
        let limits = XMLLimits()
        #expect(throws: XMLRejection.forbiddenConstruct("DOCTYPE", line: 1)) {
            try InputGate.check(utf8("<!DOCTYPE r><r/>"), limits: limits)
        }
        #expect(throws: XMLRejection.forbiddenConstruct("a processing instruction", line: 2)) {
            try InputGate.check(utf8("<r>\n<?php echo 1; ?></r>"), limits: limits)
        }
        #expect(throws: Never.self) { try InputGate.check(utf8("<r><!--c--><![CDATA[d]]></r>"), limits: limits) }
    }

    @Test func commentsAndCDATAMayMentionMarkup() throws {
        let root = try SafeXML.parse(utf8("<r><!-- <!DOCTYPE r> <?pi?> --><![CDATA[<!ENTITY x> <?pi?>]]></r>"))
        #expect(root.text == "<!ENTITY x> <?pi?>")
    }
}
