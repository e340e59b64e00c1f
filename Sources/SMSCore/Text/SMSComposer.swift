/// A text ready to hand to a provider, with what it costs.
public struct ComposedSMS: Sendable, Equatable {
    /// The text to send: the sanitised original, or its transliteration when that needs fewer segments.
    public let sentText: String
    public let measure: SMSMeasure
    /// Whether `sentText` is the transliteration of the original.
    public let transliterated: Bool

    public var encoding: SMSEncoding { measure.encoding }
    public var units: Int { measure.units }
    public var segments: Int { measure.segments }
}

/// The text pipeline of SMS rules §4: sanitise, choose between the original and its GSM-7 transliteration, then
/// hold the segment budget.
public enum SMSComposer {
    /// The default budget: reminders are capped at two segments (SMS rules §4 step 6).
    public static let defaultMaxSegments = 2

    /// Composes `text` for sending, or throws when it is unusable or needs more than `maxSegments` segments
    /// (`nil`: no limit, for inspection).
    public static func compose(_ text: String, maxSegments: Int? = defaultMaxSegments) throws(SMSTextError) -> ComposedSMS {
        try choose(SMSTextSanitiser.sanitise(text), maxSegments: maxSegments)
    }

    /// Picks what to send from an already sanitised text.
    static func choose(_ clean: String, maxSegments: Int?) throws(SMSTextError) -> ComposedSMS {
        let original = SMSMeasure(clean)
        var chosen = ComposedSMS(sentText: clean, measure: original, transliterated: false)
        if original.encoding == .ucs2 {
            let rewritten = Transliteration.apply(clean)
            let candidate = SMSMeasure(rewritten)
            // Same number of segments: the original wins, accents and typography intact (§4 step 5).
            if candidate.encoding == .gsm7, candidate.segments < original.segments {
                chosen = ComposedSMS(sentText: rewritten, measure: candidate, transliterated: true)
            }
        }
        if let maxSegments, chosen.segments > maxSegments {
            throw .overBudget(segments: chosen.segments, allowed: maxSegments, encoding: chosen.encoding,
                              units: chosen.units)
        }
        return chosen
    }
}
