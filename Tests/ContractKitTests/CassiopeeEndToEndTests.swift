import CaseModel
import ContractKit
import Foundation
import Gateway
import SafeXML
import Testing

/// Cassiopée through a real gateway over HTTP: transmissions in, retours out, hostile documents refused.
@Suite struct CassiopeeEndToEndTests {
    static func system() throws -> ContractSystem {
        try ContractLibrary(root: Paths.contracts).system("cassiopee")
    }

    static func contractCase(_ prefix: String) throws -> ContractCase {
        try #require(try system().cases.first { $0.name.hasPrefix(prefix) })
    }

    @Test func aDecisionPostedAsCassiopeeXMLReachesTheHomeSystemAsCanonicalJSON() async throws {
        let decision = try Self.contractCase("001-")
        let expected = try StrictJSON.parse(try decision.read("envelopes.json"))
        try await CassiopeeGateway.run { gateway in
            let answer = try await gateway.postTransmission(try decision.messageBytes(), contentType: "application/xml; charset=UTF-8")
            #expect(answer.status == 202, "\(answer.body)")
            #expect((answer.json["messages"] as? [Any])?.count == 3)
            #expect(try await eventually { gateway.home.accepted.count == 3 })

            let received = gateway.home.accepted
            let envelopes = try received.map { try StrictJSON.decode(Envelope.self, from: Array($0.body.utf8)) }
            // One subject, so the home system gets them in the order Cassiopée meant: decision, measure, convocation.
            #expect(envelopes.map(\.kind) == [.decisionRecorded, .measureMandated, .appointmentScheduled])
            #expect(envelopes.allSatisfy { $0.source.system == .cassiopee && $0.id != nil })
            #expect(envelopes.allSatisfy { ($0.subject.refs ?? []).contains { $0.system == .cassiopee && $0.kind == "numeroParquet" } })
            #expect(received.allSatisfy { $0.violations.isEmpty }, "the home stub found envelopes outside its schema")
            let actual = JSONValue.array(try received.map { try StrictJSON.parse(Array($0.body.utf8)) })
            #expect(JSONDiff.envelopeDifferences(expected: expected, actual: actual) == [])
        }
    }

    @Test func aResentTransmissionIsADuplicateAndACorrectedOneIsNew() async throws {
        let original = try Self.contractCase("001-")
        let corrected = try Self.contractCase("005-")
        try await CassiopeeGateway.run { gateway in
            let first = try await gateway.postTransmission(try original.messageBytes())
            #expect(first.status == 202, "\(first.body)")
            let again = try await gateway.postTransmission(try original.messageBytes())
            #expect(again.status == 202, "\(again.body)")
            #expect(again.headers["idempotent-replayed"] == "true")
            #expect(try await gateway.app.store.counts().messages == 3)

            // Same identifiantMessage and version, other content: Cassiopée must raise the version to correct.
            let altered = String(decoding: try original.messageBytes(), as: UTF8.self)
                .replacingOccurrences(of: "<heure>09:30</heure>", with: "<heure>10:30</heure>")
            let conflict = try await gateway.postTransmission(Array(altered.utf8))
            #expect(conflict.status == 409, "\(conflict.body)")
            #expect(try await gateway.app.store.counts().messages == 3)

            let correction = try await gateway.postTransmission(try corrected.messageBytes())
            #expect(correction.status == 202, "\(correction.body)")
            #expect(correction.headers["idempotent-replayed"] == nil)
            #expect(try await gateway.app.store.counts().messages == 6)
            #expect(try await eventually { gateway.home.accepted.count == 6 })
            let keys = gateway.home.accepted.compactMap(\.idempotencyKey)
            #expect(Set(keys).count == 6, "each message is delivered once")
        }
    }

    @Test func aReportPostedByTheHomeSystemReachesCassiopeeAsValidXMLWithoutNotesInterviewsOrAgenda() async throws {
        let report = try Self.contractCase("020-")
        var envelope = try StrictJSON.decode(Envelope.self, from: try report.read("envelope.json"))
        envelope.id = nil
        let schema = try WireSchema(file: Paths.contracts.appendingPathComponent("cassiopee/schema/retour.v1.xsd"))
        try await CassiopeeGateway.run { gateway in
            let answer = try await gateway.postEnvelope(try StrictJSON.encode(envelope))
            #expect(answer.status == 202, "\(answer.body)")
            #expect(answer.body.contains(#""withheld":["agenda","contact","interview","note"]"#), "\(answer.body)")
            #expect(try await eventually { gateway.cassiopee.accepted.count == 1 })

            let retour = try #require(gateway.cassiopee.accepted.first)
            #expect(retour.path == "/cassiopee/retours")
            #expect(retour.answeredBy == report.name)
            #expect(retour.violations.isEmpty)
            #expect(schema.violations(of: Array(retour.body.utf8)) == [])
            for canary in ["CANARY-NOTE", "CANARY-INTERVIEW", "+33639980001", "Convocation de suivi SPIP", "2027-03-01"] {
                #expect(!retour.body.contains(canary), "the retour to the parquet holds \(canary)")
            }
            #expect(retour.body.contains("<contenu>Les obligations sont respectées"))
            #expect(gateway.home.received.isEmpty)
        }
    }

    @Test func everyHostileCassiopeeCaseIsRefusedWithA4xxAndNothingStoredButOneAuditEntry() async throws {
        let hostile = try Self.system().cases.filter { $0.direction == .inbound && $0.expect?.outcome == .rejected }
        #expect(hostile.count >= 15)
        try await CassiopeeGateway.run { gateway in
            for contractCase in hostile {
                let expect = try #require(contractCase.expect)
                let before = try await gateway.app.store.counts()
                let answer = try await gateway.postTransmission(
                    try contractCase.messageBytes(), contentType: contractCase.message?.contentType ?? "application/xml")
                let after = try await gateway.app.store.counts()
                let message = answer.json["message"] as? String ?? ""
                #expect((400..<500).contains(answer.status), "\(contractCase.name): \(answer.status) \(answer.body)")
                #expect(answer.status == expect.status, "\(contractCase.name): \(answer.body)")
                #expect(answer.json["error"] as? String == expect.error, "\(contractCase.name): \(answer.body)")
                #expect(message.contains(expect.messageContains ?? ""), "\(contractCase.name): \(message)")
                #expect(message.contains("nothing stored"), "\(contractCase.name): \(message)")
                for value in ["EXEMPLE", "Camille", "24123000456", "PER-000784512", "etc/passwd", "Texte libre"] {
                    #expect(!message.contains(value), "\(contractCase.name) echoes document content: \(message)")
                }
                #expect(after.messages == before.messages, "\(contractCase.name) stored a message")
                #expect(after.deliveries == before.deliveries, "\(contractCase.name) stored a delivery")
                #expect(after.audit == before.audit + 1, "\(contractCase.name): \(before.audit) → \(after.audit) audit entries")
            }
            #expect(gateway.home.received.isEmpty)
        }
    }

    @Test func onlyTheCourtsPartnerTokenOpensTheCassiopeeEndpoint() async throws {
        let decision = try Self.contractCase("001-").messageBytes()
        try await CassiopeeGateway.run { gateway in
            let stranger = try await gateway.postTransmission(decision, token: "not-a-token")
            let homeSystem = try await gateway.postTransmission(decision, token: CassiopeeGateway.homeToken)
            let json = try await gateway.postTransmission(decision, contentType: "application/json")
            #expect(stranger.status == 401)
            #expect(homeSystem.status == 403)
            #expect(json.status == 415)
            #expect(try await gateway.app.store.counts().messages == 0)
        }
    }
}
