import Hummingbird
import NIOCore

/// A request context that keeps the connection's channel, so that a stub can reset it on purpose.
public struct StubRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
