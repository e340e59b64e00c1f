import Crypto
import Foundation
import Gateway

/// SAPHIR's webhook signature: HMAC-SHA256 over `<timestamp>.<delivery id>.<body>`, sent as
/// `X-Saphir-Signature: v1=<hex>` with `X-Saphir-Timestamp` (Unix seconds) and `X-Saphir-Delivery`.
///
/// The delivery id is signed too, so that a captured request cannot be replayed under a new id to slip past
/// the replay guard; the timestamp bounds how long a captured request stays usable at all.
public struct WebhookSignature: Sendable {
    public static let signatureHeader = "x-saphir-signature"
    public static let timestampHeader = "x-saphir-timestamp"
    public static let deliveryHeader = "x-saphir-delivery"

    private let key: SymmetricKey
    /// How far the sender's timestamp may be from the gateway's clock, either way.
    public let toleranceSeconds: Int

    public init(secret: Secret, toleranceSeconds: Int) {
        self.key = SymmetricKey(data: Array(secret.reveal().utf8))
        self.toleranceSeconds = toleranceSeconds
    }

    /// The header value for a body: what SAPHIR (or a test standing in for it) sends.
    public func sign(body: [UInt8], timestamp: Int, deliveryId: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Self.signed(body: body, timestamp: timestamp, deliveryId: deliveryId),
                                                  using: key)
        return "v1=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Checks headers, signature and clock window; returns the delivery id the replay guard must see once.
    /// The signature is checked before the clock, so a caller without the key learns nothing about the window.
    public func verify(_ request: InboundRequest, now: Date) throws(InboundRejection) -> String {
        guard let header = request.headers[Self.signatureHeader], let stamp = request.headers[Self.timestampHeader],
              let deliveryId = request.headers[Self.deliveryHeader] else {
            throw InboundRejection(status: 401, errorClass: "signature-missing",
                                   message: "X-Saphir-Signature, X-Saphir-Timestamp and X-Saphir-Delivery are required")
        }
        guard Self.isDeliveryId(deliveryId) else {
            throw InboundRejection(status: 401, errorClass: "signature-invalid",
                                   message: "X-Saphir-Delivery must be 1 to 64 letters, digits or hyphens")
        }
        guard stamp.utf8.count <= 12, stamp.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let timestamp = Int(stamp) else {
            throw InboundRejection(status: 401, errorClass: "signature-invalid",
                                   message: "X-Saphir-Timestamp must be Unix seconds")
        }
        guard let code = Self.hexBytes(header), code.count == SHA256.byteCount,
              HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: Self.signed(body: request.body, timestamp: timestamp,
                                                                                         deliveryId: deliveryId), using: key)
        else {
            throw InboundRejection(status: 401, errorClass: "signature-invalid",
                                   message: "the signature does not match the body, timestamp and delivery id")
        }
        guard abs(Int(now.timeIntervalSince1970.rounded(.down)) - timestamp) <= toleranceSeconds else {
            throw InboundRejection(status: 401, errorClass: "stale-timestamp",
                                   message: "X-Saphir-Timestamp is more than \(toleranceSeconds) s from the gateway's clock; "
                                       + "sign the request again with the current time")
        }
        return deliveryId
    }

    private static func signed(body: [UInt8], timestamp: Int, deliveryId: String) -> [UInt8] {
        Array("\(timestamp).\(deliveryId).".utf8) + body
    }

    private static func isDeliveryId(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy {
            (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D
        }
    }

    /// `v1=` then lower- or upper-case hex; nil for anything else.
    private static func hexBytes(_ header: String) -> [UInt8]? {
        guard header.hasPrefix("v1=") else { return nil }
        let digits = Array(header.utf8.dropFirst(3))
        guard digits.count % 2 == 0, digits.count <= 128 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hex(digits[index]), let low = hex(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        case 0x41...0x46: byte - 0x41 + 10
        default: nil
        }
    }
}
