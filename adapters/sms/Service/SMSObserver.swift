/// What the SMS service tells the gateway's metrics: sends and failures by provider and encoding, receipts by status.
public struct SMSObserver: Sendable {
    public var sent: @Sendable (_ provider: String, _ encoding: String) -> Void
    public var failed: @Sendable (_ provider: String, _ encoding: String) -> Void
    public var receipt: @Sendable (_ status: String) -> Void

    public init(sent: @escaping @Sendable (String, String) -> Void = { _, _ in },
                failed: @escaping @Sendable (String, String) -> Void = { _, _ in },
                receipt: @escaping @Sendable (String) -> Void = { _ in }) {
        self.sent = sent
        self.failed = failed
        self.receipt = receipt
    }
}
