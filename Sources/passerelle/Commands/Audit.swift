import ArgumentParser
import Foundation
import Gateway

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The tamper-evident audit log (Directive 2016/680 art. 25).", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain over every entry; exit 1 naming the first entry that was altered.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let store = try await options.openStore()
            var verifier = AuditVerifier()
            var after: Int64 = 0
            while true {
                let page = try await store.auditEntries(afterSeq: after, limit: 5_000)
                for entry in page where !verifier.check(entry) { break }
                guard verifier.failure == nil, let last = page.last else { break }
                after = last.seq
            }
            if let failure = verifier.failure {
                print("audit log BROKEN at \(failure)")
                throw ExitCode(1)
            }
            print("audit log intact: \(verifier.checked) entries, last hash \(verifier.lastHash)")
        }
    }
}
