import CaseModel
import Foundation

/// What GENESIS answered for a page of its movements feed.
public enum FeedAnswer: Sendable, Equatable {
    /// A page: its movements in GENESIS's order and where the next page starts.
    case page(FeedPage)
    /// GENESIS no longer keeps the cursor asked: read again from `resyncFrom` (an instant, as GENESIS wrote it).
    case expired(cursor: String, resyncFrom: String)
}

/// One page of the movements feed.
public struct FeedPage: Sendable, Equatable {
    /// The cursor the page was read from; nil for the first page, or the first page after a re-sync.
    public var requested: String?
    /// The cursor to read the next page from (equal to `requested` when the page is empty).
    public var next: String
    /// True when GENESIS has nothing after this page for now.
    public var last: Bool
    public var movements: [FeedMovement]
}

/// One movement of the feed, as read from the wire.
public struct FeedMovement: Sendable, Equatable {
    /// GENESIS's id of the movement (`MVT-2026-000000101`): the idempotency key.
    public var id: String
    public var at: Date
    public var type: CustodyMovementType
    /// The person's écrou number as the movement gives it, and the establishment where they are held.
    public var numeroEcrou: String
    public var etablissement: String
    public var titreDetention: String?
    public var motif: String?
    public var etablissementDestination: String?
    public var nouveauNumeroEcrou: String?
    public var lieu: String?
    public var mouvementTermine: String?
}
