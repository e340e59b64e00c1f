import Foundation

/// UUID version 7 (RFC 9562): a 48-bit Unix millisecond timestamp, then randomness, so ids sort by time.
enum UUIDv7 {
    /// A new id for `now`; 12 bits of sub-millisecond time (RFC 9562 §6.2, method 3) keep ids
    /// made within one millisecond in order too.
    static func make(now: Date, using generator: inout some RandomNumberGenerator) -> UUID {
        let milliseconds = max(0, now.timeIntervalSince1970 * 1_000)
        let wholeMilliseconds = UInt64(min(milliseconds, Double(UInt64(1) << 48 - 1)))
        let subMillisecond = UInt16(min(4095, (milliseconds - milliseconds.rounded(.down)) * 4096))
        let random = generator.next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 {
            bytes[index] = UInt8(truncatingIfNeeded: wholeMilliseconds >> (8 * (5 - index)))
        }
        bytes[6] = 0x70 | UInt8(subMillisecond >> 8)
        bytes[7] = UInt8(truncatingIfNeeded: subMillisecond)
        bytes[8] = 0x80 | UInt8(truncatingIfNeeded: random >> 56) & 0x3F
        for index in 9..<16 {
            bytes[index] = UInt8(truncatingIfNeeded: random >> (8 * (15 - index)))
        }
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }

    /// The version number of `uuid` (7 for ids made here).
    static func version(of uuid: UUID) -> Int {
        Int(uuid.uuid.6 >> 4)
    }
}
