/// A contract folder that cannot be used as it is; the message says which file and what to fix.
public struct ContractError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
