import CaseModel

/// A recipient of messages: an adapter instance pointed at one endpoint, with the role that bounds what it receives.
public struct Destination: Sendable, Equatable, Codable {
    public var name: String
    public var adapter: String
    public var role: RecipientRole
    public var url: String
    /// Optional narrowing of the role's categories; can never widen it.
    public var categories: Set<DataCategory>?
    public var retry: RetryPolicy
    /// Deadline for one delivery attempt.
    public var timeoutMilliseconds: Int
    /// Deliveries sent at once to this destination (different subjects only).
    public var concurrency: Int
    /// When to stop sending to a destination that keeps failing, and for how long.
    public var circuit: CircuitBreaker

    public init(name: String, adapter: String, role: RecipientRole, url: String, categories: Set<DataCategory>? = nil,
                retry: RetryPolicy = .standard, timeoutMilliseconds: Int = 10_000, concurrency: Int = 8,
                circuit: CircuitBreaker = CircuitBreaker()) {
        self.name = name
        self.adapter = adapter
        self.role = role
        self.url = url
        self.categories = categories
        self.retry = retry
        self.timeoutMilliseconds = timeoutMilliseconds
        self.concurrency = concurrency
        self.circuit = circuit
    }
}
