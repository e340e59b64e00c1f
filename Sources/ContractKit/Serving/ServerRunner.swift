import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Runs a Hummingbird router on a host and port in a task of its own; reports the bound port (useful with port 0)
/// and shuts down gracefully: in-flight requests finish, new connections are refused.
///
/// It lives here rather than in `Server` because stubs and the recording proxy need it too, and the gateway's
/// server already depends on ContractKit for its in-process stubs.
public final class ServerRunner: Sendable {
    private struct Running {
        var group: ServiceGroup
        var task: Task<Void, any Error>
    }
    private let running = Mutex<Running?>(nil)

    public init() {}

    /// Starts serving and returns once the socket is bound, with the port it is bound to.
    public func start<Context: RequestContext>(router: Router<Context>, host: String, port: Int, logger: Logger) async throws -> Int
    where Context.Source == ApplicationRequestContextSource {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "passerelle"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? port)
                continuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        running.withLock { $0 = Running(group: group, task: task) }
        for await bound in stream { return bound }
        // The stream ended without a port: the server failed to start; surface its error.
        try await task.value
        throw ServerStartError(host: host, port: port)
    }

    /// Asks the server to stop gracefully and waits until it has.
    public func stop() async {
        guard let current = running.withLock({ $0 }) else { return }
        await current.group.triggerGracefulShutdown()
        _ = try? await current.task.value
    }

    /// Waits until the server has stopped.
    public func wait() async throws {
        try await running.withLock { $0 }?.task.value
    }
}

/// The server could not bind its address.
public struct ServerStartError: Error, CustomStringConvertible {
    let host: String
    let port: Int
    public var description: String { "could not listen on \(host):\(port) (is the port in use?)" }
}
