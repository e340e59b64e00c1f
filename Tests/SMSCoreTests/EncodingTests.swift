import PropertyBased
import SMSCore
import Testing

@Suite struct EncodingTests {
    @Test func gsm7IsChosenIffEveryCharacterIsInTheTables() async {
        let alphabet = Array(GSM7Alphabet.basicTable) + Array(GSM7Alphabet.extensionTable)
        let outside: [Unicode.Scalar] = ["ç", "ê", "’", "œ", "«", "\u{00A0}", "😀", "À", "\t"]
        await propertyCheck(input: Gen.int(in: 0...(alphabet.count - 1)).array(of: 1...200),
                            Gen.int(in: 0...(outside.count)), Gen.int(in: 0...199)) { indices, pick, position in
            var scalars = indices.map { alphabet[$0] }
            if pick < outside.count { scalars.insert(outside[pick], at: min(position, scalars.count)) }
            let text = String(String.UnicodeScalarView(scalars))
            let measure = SMSMeasure(text)
            #expect((measure.encoding == .gsm7) == (pick == outside.count))
            #expect(measure.parts.joined() == text)
            let limit = measure.segments == 1 ? measure.encoding.singleCapacity : measure.encoding.partCapacity
            for part in measure.parts { #expect(SMSMeasure.units(part, measure.encoding) <= limit) }
        }
    }

    @Test func gsm7SegmentBoundaries() {
        #expect(SMSMeasure(String(repeating: "a", count: 160)).segments == 1)
        #expect(SMSMeasure(String(repeating: "a", count: 161)).segments == 2)
        #expect(SMSMeasure(String(repeating: "a", count: 306)).segments == 2)
        #expect(SMSMeasure(String(repeating: "a", count: 307)).segments == 3)
        let euros = SMSMeasure(String(repeating: "€", count: 80))
        #expect(euros.units == 160)
        #expect(euros.segments == 1)
        #expect(SMSMeasure(String(repeating: "€", count: 80) + "a").segments == 2)
    }

    @Test func anEscapePairIsNeverSplitAcrossSegments() {
        // 152 septets, then € (2 septets) would straddle the 153 boundary: it moves whole to the next part.
        let text = String(repeating: "a", count: 152) + "€" + String(repeating: "b", count: 10)
        let measure = SMSMeasure(text)
        #expect(measure.units == 164)
        #expect(measure.segments == 2)
        #expect(measure.parts[0] == String(repeating: "a", count: 152))
        #expect(measure.parts[1].hasPrefix("€"))
        // 306 septets would fill 153×2 exactly, but the escape pair moved whole leaves one septet for a third part.
        let tight = String(repeating: "a", count: 152) + "€" + String(repeating: "b", count: 152)
        #expect(SMSMeasure(tight).units == 306)
        #expect(SMSMeasure(tight).segments == 3)
    }

    @Test func ucs2SegmentBoundaries() {
        #expect(SMSMeasure(String(repeating: "ê", count: 70)).segments == 1)
        #expect(SMSMeasure(String(repeating: "ê", count: 71)).segments == 2)
        #expect(SMSMeasure(String(repeating: "ê", count: 134)).segments == 2)
        #expect(SMSMeasure(String(repeating: "ê", count: 135)).segments == 3)
        #expect(SMSMeasure(String(repeating: "ê", count: 71)).units == 71)
    }

    @Test func aSurrogatePairIsNeverSplitAcrossSegments() {
        let emoji = SMSMeasure(String(repeating: "😀", count: 35))
        #expect(emoji.units == 70)
        #expect(emoji.segments == 1)
        // 66 units, then an emoji (2 units) would straddle the 67 boundary: it moves whole to the next part.
        let text = String(repeating: "ê", count: 66) + "😀" + String(repeating: "ê", count: 5)
        let measure = SMSMeasure(text)
        #expect(measure.units == 73)
        #expect(measure.segments == 2)
        #expect(measure.parts[0] == String(repeating: "ê", count: 66))
        #expect(measure.parts[1] == "😀êêêêê")
    }

    @Test func lowerCaseCedillaIsNotGSM7ButCapitalIs() {
        #expect(SMSMeasure("Ç").encoding == .gsm7)
        #expect(SMSMeasure("ç").encoding == .ucs2)
    }
}

extension SMSMeasure {
    static func units(_ part: String, _ encoding: SMSEncoding) -> Int {
        switch encoding {
        case .gsm7: part.unicodeScalars.reduce(0) { $0 + (GSM7Alphabet.septets($1) ?? 0) }
        case .ucs2: part.utf16.count
        }
    }
}
