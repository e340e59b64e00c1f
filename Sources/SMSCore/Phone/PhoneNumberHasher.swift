import Crypto
import Foundation

/// A stable, keyed hash of a phone number for audit entries and logs: the same number always gives the same hash
/// under one key, and the hash cannot be reversed by trying every French mobile without the key.
public struct PhoneNumberHasher: Sendable {
    /// Why a key was refused.
    public enum KeyError: Error, Equatable, CustomStringConvertible {
        case tooShort(bytes: Int)

        public var description: String {
            switch self {
            case .tooShort(let bytes):
                "the phone hash key has \(bytes) bytes, at least 32 are needed: generate one with `openssl rand -base64 32`"
            }
        }
    }

    private let key: SymmetricKey

    /// A hasher with the caller's secret key, at least 32 bytes: with a short key, one known number and its hash
    /// would let someone find the key, then reverse every hash by trying the few hundred million French mobiles.
    public init(key: some DataProtocol) throws(KeyError) {
        guard key.count >= 32 else { throw .tooShort(bytes: key.count) }
        self.key = SymmetricKey(data: Data(key))
    }

    /// HMAC-SHA256 of the E.164 form, in lower-case hex.
    public func hash(_ number: PhoneNumber) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(number.e164.utf8), using: key)
            .map { String(format: "%02x", $0) }.joined()
    }
}
