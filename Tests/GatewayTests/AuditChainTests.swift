import Foundation
import Gateway
import Testing

@Suite struct AuditChainTests {
    func chain(_ count: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        var prev = AuditChain.genesisHash
        for index in 1...count {
            let draft = AuditDraft(operation: index % 2 == 0 ? .disclose : .collect, actor: "client-\(index % 3)",
                                   actorFunction: "home", purpose: "suivi", subject: "person:\(index % 5)",
                                   categories: ["identity", "measure"], recipients: ["dest-\(index % 2)"],
                                   outcome: "ok", messageId: "m-\(index)")
            let entry = AuditChain.seal(draft, seq: Int64(index), at: 1_700_000_000_000 + Int64(index), prevHash: prev)
            prev = entry.hash
            entries.append(entry)
        }
        return entries
    }

    func verify(_ entries: [AuditEntry]) -> AuditFailure? {
        var verifier = AuditVerifier()
        for entry in entries where !verifier.check(entry) { break }
        return verifier.failure
    }

    @Test func intactChainVerifies() {
        #expect(verify(chain(50)) == nil)
    }

    @Test func everySingleFieldChangeIsDetectedAndNamesTheEntry() {
        let original = chain(20)
        let mutations: [(inout AuditEntry) -> Void] = [
            { $0.actor = "someone-else" }, { $0.operation = .consult }, { $0.purpose = nil },
            { $0.subject = "person:other" }, { $0.categories.append("note") }, { $0.fields = ["notes"] },
            { $0.recipients = [] }, { $0.outcome = "denied" }, { $0.messageId = "m-x" }, { $0.at += 1 },
            { $0.detail = "x" }, { $0.origin = "APPI/x" }, { $0.correlationId = "c" }, { $0.actorFunction = "ops" },
        ]
        for (index, mutate) in mutations.enumerated() {
            var entries = original
            let target = index % entries.count
            mutate(&entries[target])
            #expect(verify(entries)?.seq == entries[target].seq, "mutation \(index) not detected")
        }
    }

    @Test func deletionSwapAndForgedInsertAreDetected() {
        var deleted = chain(10)
        deleted.remove(at: 4)
        #expect(verify(deleted)?.seq == 6)

        var swapped = chain(10)
        swapped.swapAt(2, 3)
        #expect(verify(swapped) != nil)

        // A forger who recomputes the hash of the row they changed still breaks the link to the next one.
        var forged = chain(10)
        forged[5].outcome = "forged"
        forged[5].hash = AuditChain.hash(of: forged[5])
        #expect(verify(forged)?.seq == 7)
    }
}

/// Digests are written as lower-case hexadecimal, two digits a byte, as `String(format: "%02x")` would.
@Suite struct HexTests {
    @Test func bytesAreTwoLowerCaseDigitsEach() {
        #expect(Hex.lowercase([0x00, 0x0f, 0xa5, 0xff, 0x10]) == "000fa5ff10")
        #expect(Hex.lowercase([UInt8]()) == "")
        let all = (0...255).map(UInt8.init)
        #expect(Hex.lowercase(all) == all.map { String(format: "%02x", $0) }.joined())
    }
}
