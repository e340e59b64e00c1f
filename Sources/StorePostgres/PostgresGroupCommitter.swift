import Foundation
import Gateway
import Logging
import PostgresNIO

/// What a write job did: its result for the caller, and the audit entries to append when its work commits.
struct Staged<R: Sendable>: Sendable {
    var result: R
    var audit: [AuditDraft]
}

/// Runs concurrent write jobs of this instance together in one transaction (group commit), each in its own
/// savepoint, then appends every kept job's audit entries at the end under the chain's lock. One commit (one WAL
/// flush) and one hold of the audit lock cover many callers; a job's caller resumes only after commit.
actor PostgresGroupCommitter {
    private let client: PostgresClient
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let maxBatch: Int
    private var queue: [Job] = []
    private var flushing = false
    private var figures = AuditLockFigures()

    init(client: PostgresClient, clock: @escaping @Sendable () -> Date, logger: Logger, maxBatch: Int = 256) {
        self.client = client
        self.clock = clock
        self.logger = logger
        self.maxBatch = maxBatch
    }

    func submit<R: Sendable>(_ work: @escaping @Sendable (PostgresConnection) async throws -> Staged<R>) async throws -> R {
        let slot = ResultSlot<R>()
        return try await withCheckedThrowingContinuation { continuation in
            queue.append(Job(
                execute: { connection in
                    let staged = try await work(connection)
                    slot.result = .success(staged.result)
                    return staged.audit
                },
                fail: { error in slot.result = .failure(error) },
                complete: { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else {
                        continuation.resume(with: slot.result ?? .failure(CommitFailure.lostResult))
                    }
                }))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            do {
                try await client.withConnection { connection in
                    try await self.commit(batch, on: connection)
                }
                batch.forEach { $0.complete(nil) }
            } catch {
                batch.forEach { $0.complete(error) }
            }
        }
        flushing = false
    }

    private func commit(_ batch: [Job], on connection: PostgresConnection) async throws {
        try await connection.query("BEGIN", logger: logger)
        do {
            var audit: [AuditDraft] = []
            for job in batch {
                try await connection.query("SAVEPOINT job", logger: logger)
                do {
                    audit += try await job.execute(connection)
                    try await connection.query("RELEASE SAVEPOINT job", logger: logger)
                } catch {
                    // A failing job (a conflict, a refused transition) undoes only its own writes.
                    try await connection.query("ROLLBACK TO SAVEPOINT job", logger: logger)
                    job.fail(error)
                }
            }
            let asked = ContinuousClock.now
            let locked = try await PostgresAuditWriter.append(audit, connection: connection, now: clock(), logger: logger)
            try await connection.query("COMMIT", logger: logger)
            if let locked {
                figures.add(waited: locked - asked, held: ContinuousClock.now - locked, jobs: batch.count)
            }
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// What serialising the audit chain has cost this instance so far.
    func auditLockFigures() -> AuditLockFigures { figures }
}

/// The cost of the audit chain's lock for one instance: how many commits took it, how long they waited for it, and
/// how long they held it (tail read, append and the commit's WAL flush).
public struct AuditLockFigures: Sendable, Equatable {
    public private(set) var commits = 0
    public private(set) var jobs = 0
    public private(set) var waited = Duration.zero
    public private(set) var held = Duration.zero

    public init() {}

    mutating func add(waited: Duration, held: Duration, jobs: Int) {
        commits += 1
        self.jobs += jobs
        self.waited += waited
        self.held += held
    }

    /// Adds another instance's figures.
    public static func + (left: Self, right: Self) -> Self {
        var sum = left
        sum.commits += right.commits
        sum.jobs += right.jobs
        sum.waited += right.waited
        sum.held += right.held
        return sum
    }
}

private struct Job: Sendable {
    let execute: @Sendable (PostgresConnection) async throws -> [AuditDraft]
    let fail: @Sendable (any Error) -> Void
    let complete: @Sendable ((any Error)?) -> Void
}

/// Carries a job's result from the batch's transaction to its caller.
/// Unchecked Sendable: written by the one flushing task before commit, read once after it, never concurrently.
private final class ResultSlot<R>: @unchecked Sendable {
    var result: Result<R, any Error>?
}

enum CommitFailure: Error, CustomStringConvertible {
    case lostResult

    var description: String { "internal error: a write job finished without a result" }
}
