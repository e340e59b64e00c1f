import ArgumentParser
import Foundation
import Gateway

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The tamper-evident audit log (Directive 2016/680 art. 25).", subcommands: [Verify.self, Export.self])

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

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the audit entries of one subject as JSON lines (for the DPO or the CNIL), in sequence order.")
        @Option(help: "The subject: person:<uuid> or case:<id>.") var subject: String
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let store = try await options.openStore()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let entries = try await store.auditEntries(subject: subject, limit: 100_000)
            var lines = Data()
            for entry in entries {
                lines.append(try encoder.encode(entry))
                lines.append(UInt8(ascii: "\n"))
            }
            // Written unbuffered before the count, so the count on standard error never lands inside a line.
            FileHandle.standardOutput.write(lines)
            FileHandle.standardError.write(Data("\(entries.count) entries for \(subject)\n".utf8))
        }
    }
}
