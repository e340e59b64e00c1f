/// The shapes of identifiers that cross the provider boundary, checked before they are used or stored.
enum ProviderIdentifiers {
    /// Our reference: 1 to 40 of `[A-Za-z0-9-]` (it fits Vonage's `client-ref` and a URL query unescaped).
    static func isReference(_ text: String) -> Bool {
        (1...40).contains(text.utf8.count) && text.utf8.allSatisfy { isAlphanumeric($0) || $0 == 0x2D }
    }

    /// A provider's message id or event id: 1 to 64 of `[A-Za-z0-9_.-]`.
    static func isProviderId(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { isAlphanumeric($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    }

    /// A provider error code: 1 to 32 letters, digits or underscores.
    static func isErrorCode(_ text: String) -> Bool {
        (1...32).contains(text.utf8.count) && text.utf8.allSatisfy { isAlphanumeric($0) || $0 == 0x5F }
    }

    /// An E.164 number: `+` then 8 to 15 digits.
    static func isE164(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.first == 0x2B && (9...16).contains(bytes.count) && bytes.dropFirst().allSatisfy { (0x30...0x39).contains($0) }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
