import Foundation
import GRDB

/// Runs concurrent write jobs together in one transaction (group commit), each in its own savepoint, so that one
/// fsync covers many callers and one failing job does not undo the others. A job's caller resumes only after commit.
actor GroupCommitter {
    private let writer: any DatabaseWriter
    private var queue: [Job] = []
    private var flushing = false
    private let maxBatch: Int

    init(writer: any DatabaseWriter, maxBatch: Int = 512) {
        self.writer = writer
        self.maxBatch = maxBatch
    }

    func submit<R: Sendable>(_ work: @escaping @Sendable (Database) throws -> R) async throws -> R {
        let slot = ResultSlot<R>()
        return try await withCheckedThrowingContinuation { continuation in
            queue.append(Job(
                execute: { db in
                    do {
                        try db.inSavepoint {
                            slot.result = .success(try work(db))
                            return .commit
                        }
                    } catch {
                        slot.result = .failure(error)
                    }
                },
                complete: { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else {
                        continuation.resume(with: slot.result ?? .failure(StoreFailure.lostResult))
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
                try await writer.write { db in
                    for job in batch { job.execute(db) }
                }
                batch.forEach { $0.complete(nil) }
            } catch {
                batch.forEach { $0.complete(error) }
            }
        }
        flushing = false
    }
}

private struct Job: Sendable {
    let execute: @Sendable (Database) -> Void
    let complete: @Sendable ((any Error)?) -> Void
}

/// Carries a job's result from the writer's transaction to its caller.
/// Unchecked Sendable: written once inside the write transaction, read once after it returned, never concurrently.
private final class ResultSlot<R>: @unchecked Sendable {
    var result: Result<R, any Error>?
}

enum StoreFailure: Error, CustomStringConvertible {
    case lostResult
    case unsafeConfiguration(String)

    var description: String {
        switch self {
        case .lostResult: return "internal error: a write job finished without a result"
        case .unsafeConfiguration(let why): return why
        }
    }
}
