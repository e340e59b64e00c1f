import SMSCore
import Testing

@Suite struct ComposerTests {
    @Test func worksOnTheExamplesOfTheSMSRules() throws {
        let text = "Rappel : vous êtes convoqué(e) le 12/03/2026 à 14h30 au SPIP, 12 rue de la Paix, 75002 Paris. "
            + "Merci de venir avec une pièce d'identité. Contact : 01 23 45 67 89"
        #expect(SMSMeasure(text).segments == 3)
        let sms = try SMSComposer.compose(text)
        #expect(sms.transliterated)
        #expect(sms.encoding == .gsm7)
        #expect(sms.segments == 1)
        #expect(sms.units == 160)
        #expect(sms.sentText.contains("vous etes convoqué(e)"))
    }

    @Test func transliterationOnlyWhenItSavesSegments() throws {
        // Short UCS-2 text: one segment either way, the original is kept with its accents.
        let short = try SMSComposer.compose("À bientôt, ’Loïc’")
        #expect(!short.transliterated)
        #expect(short.sentText == "À bientôt, ’Loïc’")
        #expect(short.encoding == .ucs2)
        // 100 characters with one ç: UCS-2 needs 2 segments, GSM-7 one, so it is transliterated.
        let long = try SMSComposer.compose("Garçon " + String(repeating: "a", count: 93))
        #expect(long.transliterated)
        #expect(long.sentText.hasPrefix("Garcon "))
        #expect(long.segments == 1)
        // Ellipses grow in GSM-7: 60 of them stay one UCS-2 segment rather than two GSM-7 ones.
        let dots = try SMSComposer.compose(String(repeating: "…", count: 60) + "ç")
        #expect(!dots.transliterated)
        #expect(dots.segments == 1)
    }

    @Test func transliterationFollowsTheFrenchTable() {
        #expect(Transliteration.apply("’‘‛´`") == "'''''")
        #expect(Transliteration.apply("“”«»„") == "\"\"\"\"\"")
        #expect(Transliteration.apply("–—…") == "--...")
        #expect(Transliteration.apply("n°\u{00A0}5\u{202F}!") == "no 5 !")
        #expect(Transliteration.apply("œuvre Œdipe") == "oeuvre OEdipe")
        #expect(Transliteration.apply("âêîôûëïÿç") == "aeioueiyc")
        #expect(Transliteration.apply("ÀÂÈÊËÎÏÔÙÛŸ") == "AAEEEIIOUUY")
        #expect(Transliteration.apply("àéèùÉÇæÆ") == "àéèùÉÇæÆ")
        #expect(Transliteration.apply("È") != "É")
        #expect(Transliteration.apply("Sainte-Geneviève-des-Bois, Loïc") == "Sainte-Geneviève-des-Bois, Loic")
        #expect(Transliteration.apply("😀") == "😀")
    }

    @Test func overBudgetIsRejectedWithTheCount() {
        let text = String(repeating: "a", count: 307)
        #expect(throws: SMSTextError.overBudget(segments: 3, allowed: 2, encoding: .gsm7, units: 307)) {
            try SMSComposer.compose(text)
        }
        #expect(throws: SMSTextError.overBudget(segments: 2, allowed: 1, encoding: .gsm7, units: 161)) {
            try SMSComposer.compose(String(repeating: "a", count: 161), maxSegments: Territory.saintPierreEtMiquelon.segmentBudget)
        }
        #expect((try? SMSComposer.compose(text, maxSegments: nil))?.segments == 3)
    }

    @Test func nonGSMCharacterInA150CharacterText() throws {
        // security S3: UCS-2 or transliterated by policy, with an exact count.
        let base = String(repeating: "a", count: 149)
        let withEmoji = try SMSComposer.compose(base + "😀", maxSegments: nil)
        #expect(withEmoji.encoding == .ucs2)
        #expect(withEmoji.units == 151)
        #expect(withEmoji.segments == 3)
        let withQuote = try SMSComposer.compose(base + "’")
        #expect(withQuote.encoding == .gsm7)
        #expect(withQuote.units == 150)
        #expect(withQuote.segments == 1)
    }
}
