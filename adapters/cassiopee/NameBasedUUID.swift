import Foundation

/// Name-based UUIDs (RFC 9562 version 5): the same Cassiopée identifier always gives the same canonical id.
///
/// The gateway keeps no registry of persons or measures, so a re-sent or corrected transmission must name the
/// same person, decision and measure as the first one did; the home system links these ids to its own through
/// the CASSIOPEE external references. SHA-1 is the hash version 5 prescribes; it serves as a stable name
/// digest here, not as a security measure.
enum NameBasedUUID {
    /// The namespace of every id this adapter derives (a fixed random UUID, never reused elsewhere).
    static let cassiopee = UUID(uuidString: "8d4f3a61-5c2e-4b7a-9f1d-2e6c0b9a7d53")!

    /// The version 5 UUID of `name` in `namespace`.
    static func make(_ name: String, in namespace: UUID = cassiopee) -> UUID {
        let space = namespace.uuid
        let prefix: [UInt8] = [space.0, space.1, space.2, space.3, space.4, space.5, space.6, space.7,
                               space.8, space.9, space.10, space.11, space.12, space.13, space.14, space.15]
        var digest = SHA1.hash(prefix + Array(name.utf8))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        return UUID(uuid: (digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
                           digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]))
    }
}

/// SHA-1 (FIPS 180-4), only for version 5 UUIDs: the adapter may not depend on a crypto library.
private enum SHA1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var padded = message
        padded.append(0x80)
        while padded.count % 64 != 56 { padded.append(0) }
        let bitLength = UInt64(message.count) * 8
        for shift in stride(from: 56, through: 0, by: -8) { padded.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var w = [UInt32](repeating: 0, count: 80)
        for block in stride(from: 0, to: padded.count, by: 64) {
            for t in 0..<16 {
                let i = block + t * 4
                w[t] = UInt32(padded[i]) << 24 | UInt32(padded[i + 1]) << 16 | UInt32(padded[i + 2]) << 8 | UInt32(padded[i + 3])
            }
            for t in 16..<80 { w[t] = rotate(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for t in 0..<80 {
                let (f, k): (UInt32, UInt32) = switch t {
                case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = rotate(a, 5) &+ f &+ e &+ k &+ w[t]
                (e, d, c, b, a) = (d, c, rotate(b, 30), a, temp)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.flatMap { word in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) } }
    }

    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        value << count | value >> (32 - count)
    }
}
