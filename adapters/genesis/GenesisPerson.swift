import Crypto
import Foundation

/// How the adapter names a detainee: a key from their initial écrou number and establishment, and the canonical
/// person id derived from it (a version 5 UUID), so every movement and record of one person share one ordering lane.
/// The home system links this id to its own person through the GENESIS external references.
public enum GenesisPerson {
    /// The namespace of every id this adapter derives (a fixed random UUID, never reused elsewhere).
    static let namespace = UUID(uuidString: "3b0e7c52-9a41-4f6d-8e2b-5c7d1a9f0e64")!

    public static func key(numero: String, etablissement: String) -> String {
        "genesis:\(numero)@\(etablissement)"
    }

    public static func id(key: String) -> UUID {
        uuid(key)
    }

    /// The id of a conviction followed as a measure, stable across every fiche that lists it.
    static func measureId(conviction: String) -> UUID {
        uuid("genesis-condamnation:\(conviction)")
    }

    /// RFC 9562 version 5: SHA-1 of the namespace and the name; a stable digest here, not a security measure.
    private static func uuid(_ name: String) -> UUID {
        var input = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        input += Array(name.utf8)
        var digest = Array(Insecure.SHA1.hash(data: input))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        return UUID(uuid: (digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
                           digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]))
    }
}
