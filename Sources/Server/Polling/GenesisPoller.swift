import CaseModel
import Foundation
import Gateway
import GenesisAdapter
import Logging

/// Polls GENESIS's movements feed (GENESIS does not push): reads the page after the committed cursor, fetches the
/// fiche pénale of each person the page concerns, and stores the page's envelopes, the snapshots and the move of the
/// cursor in one transaction through the engine. A crash before the commit reads the same page again; after it, the
/// next one: no movement is lost or stored twice. Several instances may poll at once: the cursor's compare-and-set
/// lets one store each page. Stops while the adapter is disabled and resumes from the stored cursor; backs off with
/// jitter while GENESIS fails, and says so in `health`.
public final class GenesisPoller: Sendable {
    /// What one round did.
    enum Round: Equatable {
        case more
        case caughtUp
    }

    private let adapter: GenesisAdapter
    private let engine: GatewayEngine
    private let modes: AdapterModes
    private let transport: any Transport
    private let health: PollingHealth
    private let logger: Logger
    private let actor = AuditActor(id: "genesis-poller", function: "poller")

    public init(adapter: GenesisAdapter, engine: GatewayEngine, modes: AdapterModes, transport: any Transport,
                health: PollingHealth, logger: Logger) {
        self.adapter = adapter
        self.engine = engine
        self.modes = modes
        self.transport = transport
        self.health = health
        self.logger = logger
    }

    /// Fiches requested in parallel: enough to hide GENESIS's latency, few enough not to flood it.
    static let fetchesAtOnce = 16

    private var store: any Store { engine.store }
    private var polling: GenesisPolling { adapter.polling }

    /// Polls until the task is cancelled.
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            let pause: Int
            do {
                guard try await modes.mode(of: adapter.name) != .disabled else {
                    health.set(adapter.name, .stopped)
                    try await Task.sleep(for: .milliseconds(polling.pollIntervalMilliseconds))
                    continue
                }
                let round = try await pollOnce()
                if failures > 0 { logger.info("GENESIS polling recovered", metadata: ["failures": "\(failures)"]) }
                failures = 0
                health.set(adapter.name, .polling)
                pause = round == .caughtUp ? polling.pollIntervalMilliseconds : 0
            } catch is CancellationError {
                return
            } catch let moved as CursorMoved {
                // Another instance stored this page first: read on from where it left the cursor.
                logger.debug("GENESIS page stored by another poller", metadata: ["cursor": "\(moved.found ?? "start")"])
                continue
            } catch {
                failures += 1
                let reason = Self.reason(error)
                health.set(adapter.name, .degraded(reason))
                pause = Self.backoff(failures: failures, base: polling.backoffBaseMilliseconds, max: polling.backoffMaxMilliseconds)
                logger.warning("GENESIS polling failed; will retry", metadata: [
                    "reason": "\(reason)", "failures": "\(failures)", "retry_in_ms": "\(pause)"])
            }
            if pause > 0 {
                do { try await Task.sleep(for: .milliseconds(pause)) } catch { return }
            }
        }
    }

    /// One page: read, translate, store with the cursor. Throws what failed; nothing is stored then.
    func pollOnce() async throws -> Round {
        let from = try await store.pollCursor(adapter: adapter.name)
        var answer = try await page(cursor: from, since: nil)
        if case .expired(_, let since) = answer {
            logger.notice("GENESIS cursor expired; reading again from the instant GENESIS gave", metadata: ["since": "\(since)"])
            try await store.appendAudit([AuditDraft(
                operation: .interconnect, actor: actor.id, actorFunction: actor.function, outcome: "resync",
                origin: "GENESIS", detail: "cursor expired; feed read again from \(since)")])
            answer = try await page(cursor: nil, since: since)
        }
        guard case .page(let page) = answer else {
            throw PollFailure.unusable("GENESIS answered an expired cursor to a re-sync")
        }
        if page.movements.isEmpty, page.next == from { return .caughtUp }

        let fiches = try await fiches(for: page.movements.map(\.numeroEcrou))
        let previous = try await store.penalRecords(personKeys: Array(Set(fiches.values.map(\.personKey))))
        let translation = try adapter.translate(page, fiches: fiches, previous: previous)
        _ = try await engine.acceptPage(translation.envelopes, via: adapter.name, actor: actor,
                                        cursor: CursorAdvance(adapter: adapter.name, from: from, to: page.next),
                                        penalRecords: translation.penalRecords)
        return page.last || page.movements.isEmpty ? .caughtUp : .more
    }

    private func page(cursor: String?, since: String?) async throws -> FeedAnswer {
        guard let request = polling.pageRequest(cursor: cursor, since: since) else {
            throw PollFailure.unusable("adapters.genesis.settings.url is not set")
        }
        let body = try await fetch(request, what: "feed")
        do {
            return try adapter.readFeed(body)
        } catch {
            try await refused(error, what: "page")
        }
    }

    /// The fiche of each écrou number, fetched `fetchesAtOnce` at a time. A number GENESIS does not know (404) has none.
    private func fiches(for numbers: [String]) async throws -> [String: FichePenale] {
        var unique: [String] = []
        var seen: Set<String> = []
        for number in numbers where seen.insert(number).inserted { unique.append(number) }
        var fiches: [String: FichePenale] = [:]
        for start in stride(from: 0, to: unique.count, by: Self.fetchesAtOnce) {
            let batch = unique[start..<min(start + Self.fetchesAtOnce, unique.count)]
            try await withThrowingTaskGroup(of: (String, FichePenale?).self) { group in
                for number in batch {
                    group.addTask { (number, try await self.fiche(number)) }
                }
                for try await (number, fiche) in group {
                    if let fiche { fiches[number] = fiche }
                }
            }
        }
        return fiches
    }

    private func fiche(_ number: String) async throws -> FichePenale? {
        guard let request = polling.ficheRequest(numeroEcrou: number) else {
            throw PollFailure.unusable("adapters.genesis.settings.url is not set")
        }
        let result = await transport.send(request, timeoutMilliseconds: polling.timeoutMilliseconds)
        if case .response(404, _) = result { return nil }
        let body = try Self.body(of: result, what: "fiche pénale")
        do {
            return try adapter.readFiche(body)
        } catch {
            try await refused(error, what: "fiche pénale")
        }
    }

    private func fetch(_ request: OutboundRequest, what: String) async throws -> [UInt8] {
        try Self.body(of: await transport.send(request, timeoutMilliseconds: polling.timeoutMilliseconds), what: what)
    }

    private static func body(of result: TransportResult, what: String) throws -> [UInt8] {
        switch result {
        case .response(let status, let body) where (200..<300).contains(status): return body
        case .response(let status, _): throw PollFailure.unavailable("GENESIS answered HTTP \(status) for the \(what)")
        case .failure(let error, _): throw PollFailure.unavailable("GENESIS unreachable (\(what)): \(error)")
        }
    }

    /// A document GENESIS sent that the contract refuses: audited, nothing stored, the cursor stays.
    private func refused(_ rejection: InboundRejection, what: String) async throws -> Never {
        try await store.appendAudit([AuditDraft(
            operation: .reject, actor: actor.id, actorFunction: actor.function, outcome: rejection.errorClass,
            origin: "GENESIS", detail: "\(what) refused, nothing stored, cursor kept: \(rejection.message)")])
        throw PollFailure.refused("GENESIS \(what) refused: \(rejection.message)")
    }

    /// Why a round failed, for logs and `/health/ready` (which anyone may read): never an id from the page.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let failure as PollFailure: return failure.description
        case AcceptError.conflict: return "page not stored: a GENESIS id was already stored with other content (audited)"
        case AcceptError.invalid: return "page not stored: the page made an invalid envelope"
        case AcceptError.unavailable: return "page not stored: the store is unavailable"
        default: return "page not stored: \(type(of: error))"
        }
    }

    /// base × 2^(failures−1), capped, then drawn in its upper half so that instances do not retry in step.
    static func backoff(failures: Int, base: Int, max: Int) -> Int {
        let exponent = Swift.min(failures - 1, 30)
        let ceiling = Swift.min(max, base.multipliedReportingOverflow(by: 1 << exponent).overflow ? max : base << exponent)
        return Int.random(in: (ceiling / 2)...Swift.max(ceiling / 2, ceiling))
    }
}

/// Why a round of polling stored nothing; never holds data from GENESIS.
enum PollFailure: Error, CustomStringConvertible {
    case unavailable(String)
    case refused(String)
    case unusable(String)

    var description: String {
        switch self {
        case .unavailable(let why), .refused(let why), .unusable(let why): why
        }
    }
}
