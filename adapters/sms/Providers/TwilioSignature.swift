import Crypto
import Foundation
import Gateway

/// Twilio's webhook signature (SMS rules §13.1): Base64 of HMAC-SHA1, keyed with the auth token, over the exact
/// public URL followed by every POST parameter, sorted by name, as `name + value` (decoded). Compared in constant time.
public struct TwilioSignature: Sendable {
    public static let header = "x-twilio-signature"
    private let key: SymmetricKey

    public init(authToken: Secret) {
        key = SymmetricKey(data: Array(authToken.reveal().utf8))
    }

    /// The header value Twilio sends for this URL and form: what a stand-in provider signs with.
    public func sign(url: String, form: [(String, String)]) -> String {
        Data(HMAC<Insecure.SHA1>.authenticationCode(for: Self.signed(url: url, form: form), using: key)).base64EncodedString()
    }

    /// Whether `header` is the signature of this URL and form.
    public func isValid(_ header: String, url: String, form: [(String, String)]) -> Bool {
        guard header.utf8.count <= 64, let code = Data(base64Encoded: header), code.count == Insecure.SHA1.byteCount else {
            return false
        }
        return HMAC<Insecure.SHA1>.isValidAuthenticationCode(code, authenticating: Self.signed(url: url, form: form), using: key)
    }

    private static func signed(url: String, form: [(String, String)]) -> [UInt8] {
        var text = url
        for (name, value) in form.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) { text += name + value }
        return Array(text.utf8)
    }
}
