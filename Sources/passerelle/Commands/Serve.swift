import ArgumentParser
import Dispatch
import Foundation
import Logging
import Server

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the gateway: HTTP API, delivery workers, and the stubs the configuration asks for.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default: info, or $PASSERELLE_LOG_LEVEL).")
    var logLevel: String?

    func run() async throws {
        let levelText = logLevel ?? ProcessInfo.processInfo.environment["PASSERELLE_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelText) else {
            throw ValidationError("unknown log level \"\(levelText)\"; use trace, debug, info, notice, warning, error or critical")
        }
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        let config = try options.load()
        let app: GatewayApp
        do {
            app = try await GatewayApp(config: config)
        } catch {
            throw ValidationError("\(error)")
        }
        let port = try await app.start()
        print("passerelle listening on http://\(config.server.host):\(port) (store \(config.store.description))")
        let stop = SignalStop()
        await stop.wait()
        print("passerelle stopping")
        await app.stop()
    }
}

/// Waits for SIGINT or SIGTERM.
final class SignalStop: Sendable {
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = Once(continuation)
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { once.fire() }
                source.resume()
                SignalSources.keep(source)
            }
        }
    }
}

/// Resumes a continuation exactly once, from whichever signal comes first.
private final class Once: @unchecked Sendable {
    // Unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?
    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }
    func fire() {
        lock.lock()
        let c = continuation
        continuation = nil
        lock.unlock()
        c?.resume()
    }
}

/// Keeps signal sources alive for the life of the process.
private enum SignalSources {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
    private static let lock = NSLock()
    static func keep(_ source: any DispatchSourceSignal) {
        lock.lock()
        sources.append(source)
        lock.unlock()
    }
}
