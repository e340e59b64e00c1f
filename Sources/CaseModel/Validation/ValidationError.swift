/// Why an envelope breaks a semantic rule: each issue names the field and the rule, never the value.
public struct ValidationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// One broken rule, e.g. `payload.appointment.timeZone: not a known IANA time zone`.
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        /// Path of the field from the envelope, e.g. `subject.caseId`.
        public let field: String
        public let reason: String

        public init(field: String, reason: String) {
            self.field = field
            self.reason = reason
        }

        public var description: String { "\(field): \(reason)" }
    }

    /// Every rule broken, in envelope order; never empty.
    public let issues: [Issue]

    public init(issues: [Issue]) {
        self.issues = issues
    }

    public var description: String {
        "invalid envelope: " + issues.map(\.description).joined(separator: "; ")
    }
}
