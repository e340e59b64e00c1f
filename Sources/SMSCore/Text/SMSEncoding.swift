/// The two encodings an SMS can travel in.
public enum SMSEncoding: String, Sendable, Codable, Equatable {
    case gsm7 = "GSM-7"
    case ucs2 = "UCS-2"

    /// Units in a message that fits in one SMS (septets for GSM-7, UTF-16 code units for UCS-2).
    public var singleCapacity: Int {
        switch self {
        case .gsm7: 160
        case .ucs2: 70
        }
    }

    /// Units per part of a concatenated message: the 6-octet concatenation header takes the rest.
    public var partCapacity: Int {
        switch self {
        case .gsm7: 153
        case .ucs2: 67
        }
    }
}

/// How a text travels: its encoding, its size in units and the parts it is cut into.
public struct SMSMeasure: Sendable, Equatable {
    public let encoding: SMSEncoding
    /// Septets (extension characters count 2) for GSM-7, UTF-16 code units for UCS-2.
    public let units: Int
    /// The parts as sent, in order; one part when the text fits in a single SMS.
    public let parts: [String]

    public var segments: Int { parts.count }

    /// Measures `text` as is: GSM-7 if every character is in the GSM 03.38 tables, UCS-2 otherwise.
    public init(_ text: String) {
        if GSM7Alphabet.canEncode(text) {
            let costs = text.unicodeScalars.map { (scalar: $0, units: GSM7Alphabet.septets($0) ?? 2) }
            self.init(encoding: .gsm7, costs: costs)
        } else {
            // A scalar outside the BMP is a surrogate pair: two code units that must stay in one part.
            let costs = text.unicodeScalars.map { (scalar: $0, units: $0.utf16.count) }
            self.init(encoding: .ucs2, costs: costs)
        }
    }

    private init(encoding: SMSEncoding, costs: [(scalar: Unicode.Scalar, units: Int)]) {
        self.encoding = encoding
        units = costs.reduce(0) { $0 + $1.units }
        guard units > encoding.singleCapacity else {
            parts = [String(String.UnicodeScalarView(costs.map(\.scalar)))]
            return
        }
        // Cut greedily, never inside an escape pair or a surrogate pair: a part may then carry one unit less.
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var used = 0
        for (scalar, cost) in costs {
            if used + cost > encoding.partCapacity {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                used = 0
            }
            current.append(scalar)
            used += cost
        }
        if !current.isEmpty { parts.append(String(current)) }
        self.parts = parts
    }
}
