/// The outcome of replaying one contract case.
public struct CaseResult: Sendable {
    public let system: String
    public let name: String
    /// What did not hold, one line each (a field path and both values where it is a difference).
    public let problems: [String]
    public let seconds: Double

    public init(system: String, name: String, problems: [String], seconds: Double) {
        self.system = system
        self.name = name
        self.problems = problems
        self.seconds = seconds
    }

    public var passed: Bool { problems.isEmpty }

    /// `system/case`, as printed and as in the JUnit report.
    public var fullName: String { "\(system)/\(name)" }
}
