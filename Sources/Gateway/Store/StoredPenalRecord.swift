/// The latest penal-record snapshot the gateway holds for one person, kept to tell what changed in the next one.
/// The body is the canonical JSON of the snapshot; the store does not read it.
public struct StoredPenalRecord: Sendable, Equatable {
    /// The person as the polling adapter keys them, e.g. `genesis:31004@MA-NANCY-MAXEVILLE`.
    public var personKey: String
    public var version: Int
    public var body: [UInt8]

    public init(personKey: String, version: Int, body: [UInt8]) {
        self.personKey = personKey
        self.version = version
        self.body = body
    }
}
