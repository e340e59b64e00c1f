import Crypto
import Foundation
import SMSCore

/// Keeps phone numbers unreadable at rest: AES-GCM with the service's key for the stored number, and a keyed hash
/// to find a person from a reply without decrypting every row.
public struct PhoneVault: Sendable {
    /// Why the vault cannot be built or a stored number read; never holds a key or a number.
    public enum VaultError: Error, Equatable, CustomStringConvertible {
        case badEncryptionKey
        case unreadable

        public var description: String {
            switch self {
            case .badEncryptionKey:
                "the phone encryption key must be 32 bytes in base64: generate one with `openssl rand -base64 32`"
            case .unreadable: "a stored phone number cannot be decrypted with the configured key"
            }
        }
    }

    private let key: SymmetricKey
    private let hasher: PhoneNumberHasher

    /// `encryptionKey` is base64 of 32 bytes; `hashKey` at least 32 bytes of any text.
    public init(encryptionKey: String, hashKey: String) throws {
        guard let raw = Data(base64Encoded: encryptionKey), raw.count == 32 else { throw VaultError.badEncryptionKey }
        key = SymmetricKey(data: raw)
        hasher = try PhoneNumberHasher(key: Array(hashKey.utf8))
    }

    /// The E.164 form, sealed with a fresh nonce: nonce, ciphertext and tag together.
    public func seal(_ number: PhoneNumber) throws -> [UInt8] {
        guard let combined = try AES.GCM.seal(Data(number.e164.utf8), using: key).combined else {
            throw VaultError.unreadable
        }
        return Array(combined)
    }

    public func open(_ sealed: [UInt8]) throws -> PhoneNumber {
        do {
            let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: Data(sealed)), using: key)
            return try PhoneNumber(parsing: String(decoding: plain, as: UTF8.self))
        } catch {
            throw VaultError.unreadable
        }
    }

    public func hash(_ number: PhoneNumber) -> String { hasher.hash(number) }
}
