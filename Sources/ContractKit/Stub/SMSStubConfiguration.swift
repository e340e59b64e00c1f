import Gateway

/// How the SMS provider stub is set up: the credentials it expects and signs with, where it posts callbacks, and
/// its faults. The defaults are synthetic test values, the same as `contracts/sms/system.yaml`'s.
public struct SMSStubConfiguration: Sendable {
    /// The Twilio-profile account the stub accepts (Basic auth user and the path's account).
    public var twilioAccountSid = "AC00000000000000000000000000000001"
    /// Basic auth password and the key of the `X-Twilio-Signature` the stub puts on its callbacks.
    public var twilioAuthToken = Secret("contract-test-twilio-token-synthetic")
    /// The bearer key the JSON profile expects.
    public var jsonAPIKey = Secret("contract-test-json-api-key-synthetic")
    /// The key of the JSON profile's `X-Signature` on its callbacks.
    public var jsonWebhookSecret = Secret("contract-test-json-webhook-secret-synthetic")
    /// Where JSON-profile receipts and replies are posted; none are posted without it.
    public var eventsURL: String?
    /// Where Twilio-profile inbound replies are posted (Twilio's per-number messaging webhook).
    public var replyURL: String?
    /// The wait before each receipt.
    public var receiptDelayMilliseconds = 200
    /// Faults on the provider API's requests, as in `--fault` (`accept-hang` included).
    public var faults = SMSStubFaults()
    /// Printed at start-up: the same seed draws the same faults in the same order.
    public var seed = UInt64.random(in: 1...UInt64.max)

    public init() {}

    /// The defaults with the credentials read from the named environment variables, where names are given.
    public init(environment: [String: String], twilioTokenEnv: String?, jsonAPIKeyEnv: String?, jsonWebhookSecretEnv: String?)
        throws(ContractError) {
        func secret(_ variable: String?, _ what: String) throws(ContractError) -> Secret? {
            guard let variable else { return nil }
            guard let value = environment[variable], !value.isEmpty else {
                throw ContractError("environment variable \(variable) (\(what)) is not set")
            }
            return Secret(value)
        }
        if let token = try secret(twilioTokenEnv, "Twilio auth token") { twilioAuthToken = token }
        if let key = try secret(jsonAPIKeyEnv, "JSON API key") { jsonAPIKey = key }
        if let key = try secret(jsonWebhookSecretEnv, "JSON webhook secret") { jsonWebhookSecret = key }
    }
}

/// The stub's faults: the contract stubs' own (`StubFaults`) plus `accept-hang` / `accept-hang=30s`, which accepts and
/// keeps the message, then leaves the answer hanging until the client gives up (at most that long, default 120 s).
public struct SMSStubFaults: Sendable, Equatable, CustomStringConvertible {
    public var common = StubFaults.none
    /// Milliseconds to hang after accepting, at most.
    public var acceptThenHang: Int?

    public init() {}

    public init(parsing spec: String) throws(ContractError) {
        var rest: [String] = []
        for item in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if item == "accept-hang" {
                acceptThenHang = 120_000
            } else if item.hasPrefix("accept-hang=") {
                let value = item.dropFirst("accept-hang=".count)
                guard value.hasSuffix("s"), !value.hasSuffix("ms") || Int(value.dropLast(2)) != nil else {
                    throw ContractError("fault \"\(item)\" not understood; write accept-hang or accept-hang=30s")
                }
                let milliseconds = value.hasSuffix("ms") ? Int(value.dropLast(2)) : Int(value.dropLast()).map { $0 * 1000 }
                guard let milliseconds, milliseconds >= 0 else {
                    throw ContractError("fault \"\(item)\" not understood; write accept-hang or accept-hang=30s")
                }
                acceptThenHang = milliseconds
            } else {
                rest.append(item)
            }
        }
        common = try StubFaults(parsing: rest.joined(separator: ","))
    }

    public var description: String {
        let hang = acceptThenHang.map { "accept-hang=\($0)ms" }
        if common == .none { return hang ?? "none" }
        return ([common.description] + [hang].compactMap { $0 }).joined(separator: ",")
    }
}
