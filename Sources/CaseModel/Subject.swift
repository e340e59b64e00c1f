import Foundation

/// Whom or what a message is about: the person, the case, or both.
public struct Subject: Codable, Sendable, Hashable {
    public var personId: UUID?
    public var caseId: String?
    public var refs: [ExternalRef]?

    public init(personId: UUID? = nil, caseId: String? = nil, refs: [ExternalRef]? = nil) {
        self.personId = personId
        self.caseId = caseId
        self.refs = refs
    }

    /// The key deliveries are ordered by: `person:<uuid>` if the person is known, else `case:<id>`.
    ///
    /// `none` for a subject with neither, which `Envelope.validate()` rejects.
    public var orderingKey: String {
        if let personId { return "person:" + personId.uuidString.lowercased() }
        if let caseId { return "case:" + caseId }
        return "none"
    }
}
