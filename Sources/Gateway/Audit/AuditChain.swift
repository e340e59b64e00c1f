import Crypto
import Foundation

/// The hash chain over audit entries: each hash covers the previous hash and the canonical record.
public enum AuditChain {
    /// The predecessor of the first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Seals a draft as entry `seq` after the entry whose hash is `prevHash`.
    public static func seal(_ draft: AuditDraft, seq: Int64, at: Int64, prevHash: String) -> AuditEntry {
        var entry = AuditEntry(seq: seq, at: at, draft: draft, prevHash: prevHash, hash: "")
        entry.hash = hash(of: entry)
        return entry
    }

    /// SHA-256 over the previous hash and every field of the record but its own hash, in a fixed order.
    public static func hash(of entry: AuditEntry) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(entry.prevHash.utf8))
        hasher.update(data: canonical(entry))
        return Hex.lowercase(hasher.finalize())
    }

    /// A deterministic encoding: length-prefixed fields, so no field can bleed into the next.
    static func canonical(_ entry: AuditEntry) -> [UInt8] {
        var out: [UInt8] = []
        func put(_ value: String?) {
            guard let value else { out.append(contentsOf: Array("-;".utf8)); return }
            let bytes = Array(value.utf8)
            out.append(contentsOf: Array("\(bytes.count):".utf8))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: ";"))
        }
        func put(_ values: [String]) {
            put(String(values.count))
            values.forEach { put($0) }
        }
        put(String(entry.seq))
        put(String(entry.at))
        put(entry.operation.rawValue)
        put(entry.actor)
        put(entry.actorFunction)
        put(entry.purpose)
        put(entry.subject)
        put(entry.categories)
        put(entry.fields)
        put(entry.recipients)
        put(entry.outcome)
        put(entry.messageId)
        put(entry.correlationId)
        put(entry.origin)
        put(entry.detail)
        return out
    }
}

/// Walks a log in sequence order and says whether it is intact, naming the first entry that is not.
public struct AuditVerifier {
    public private(set) var checked: Int64 = 0
    public private(set) var lastHash = AuditChain.genesisHash
    public private(set) var failure: AuditFailure?
    private var expectedSeq: Int64 = 1

    public init() {}

    /// Feeds the next entry; returns false once the chain is broken.
    @discardableResult
    public mutating func check(_ entry: AuditEntry) -> Bool {
        guard failure == nil else { return false }
        if entry.seq != expectedSeq {
            failure = AuditFailure(seq: entry.seq, reason: "sequence gap: expected entry \(expectedSeq), found \(entry.seq)")
        } else if entry.prevHash != lastHash {
            failure = AuditFailure(seq: entry.seq, reason: "link broken: previous hash does not match entry \(entry.seq - 1)")
        } else if AuditChain.hash(of: entry) != entry.hash {
            failure = AuditFailure(seq: entry.seq, reason: "content altered: the stored hash does not match the record")
        }
        guard failure == nil else { return false }
        checked += 1
        expectedSeq += 1
        lastHash = entry.hash
        return true
    }
}

/// The first place an audit log stops being intact.
public struct AuditFailure: Sendable, Equatable, CustomStringConvertible {
    public var seq: Int64
    public var reason: String
    public var description: String { "audit entry \(seq): \(reason)" }
}
