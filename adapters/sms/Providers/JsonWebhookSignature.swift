import Crypto
import Foundation
import Gateway

/// The JSON profile's callback signature: `X-Signature: t=<unix seconds>,v1=<hex>`, the hex being HMAC-SHA256 of
/// `<t>.<body>` under the webhook secret. Compared in constant time; the timestamp bounds replays.
public struct JsonWebhookSignature: Sendable {
    public static let header = "x-signature"
    private let key: SymmetricKey
    /// How far the timestamp may be from our clock, either way.
    public let toleranceSeconds: Int

    public init(secret: Secret, toleranceSeconds: Int = 300) {
        key = SymmetricKey(data: Array(secret.reveal().utf8))
        self.toleranceSeconds = toleranceSeconds
    }

    /// The header value for a body signed at `timestamp`: what the provider (or its stand-in) sends.
    public func sign(body: [UInt8], timestamp: Int) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).".utf8) + body, using: key)
        return "t=\(timestamp),v1=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Checks the header over the body, then the clock window; the signature first, so that a caller without the key
    /// learns nothing about the window.
    public func verify(header: String?, body: [UInt8], now: Date) throws(CallbackRejection) {
        guard let header else {
            throw CallbackRejection(status: 403, errorClass: "signature-missing", message: "X-Signature is required")
        }
        guard let (timestamp, code) = Self.parse(header),
              HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: Array("\(timestamp).".utf8) + body, using: key) else {
            throw CallbackRejection(status: 403, errorClass: "signature-invalid",
                                    message: "X-Signature does not match the body and its timestamp")
        }
        guard abs(Int(now.timeIntervalSince1970.rounded(.down)) - timestamp) <= toleranceSeconds else {
            throw CallbackRejection(status: 403, errorClass: "stale-timestamp",
                                    message: "the signature's timestamp is more than \(toleranceSeconds) s from our clock")
        }
    }

    /// `t=<digits>,v1=<64 hex>`, nothing else.
    private static func parse(_ header: String) -> (Int, [UInt8])? {
        let parts = header.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].hasPrefix("t="), parts[1].hasPrefix("v1=") else { return nil }
        let stamp = parts[0].dropFirst(2), hex = Array(parts[1].dropFirst(3).utf8)
        guard (1...12).contains(stamp.utf8.count), stamp.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let timestamp = Int(stamp),
              hex.count == 2 * SHA256.byteCount else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: hex.count, by: 2) {
            guard let high = nibble(hex[index]), let low = nibble(hex[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return (timestamp, bytes)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
