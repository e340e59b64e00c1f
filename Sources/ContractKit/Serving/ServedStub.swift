/// A stand-in for an external system that the gateway can start in-process (`stubs:` in the configuration).
public protocol ServedStub: Sendable {
    /// The system it stands for, e.g. `home` or `sms`.
    var systemName: String { get }
    /// The seed of its random faults, printed so that a run can be replayed.
    var seed: UInt64 { get }
    /// Starts listening; returns the bound port.
    func start(host: String, port: Int) async throws -> Int
    func stop() async
}

extension ContractStub: ServedStub {
    public var systemName: String { system.name }
}

extension SMSProviderStub: ServedStub {
    public var systemName: String { "sms" }
}
