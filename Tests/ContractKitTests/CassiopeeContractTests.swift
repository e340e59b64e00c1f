import CaseModel
import ContractKit
import Foundation
import Gateway
import Server
import Testing

/// The Cassiopée contract replayed in-process, its stub, and what the adapter refuses to send.
@Suite struct CassiopeeContractTests {
    @Test func everyCassiopeeCaseReplaysGreenAndTheContractCoversEachWay() throws {
        let system = try ContractLibrary(root: Paths.contracts).system("cassiopee")
        let replayer = ContractReplayer(registry: GatewayApp.registry)
        #expect(system.cases.count >= 20)
        #expect(system.cases.contains { $0.direction == .inbound && $0.expect?.outcome == .accepted })
        #expect(system.cases.contains { $0.direction == .inbound && $0.expect?.outcome == .rejected })
        #expect(system.cases.contains { $0.direction == .outbound && $0.classification == .transient })
        for contractCase in system.cases {
            let result = replayer.replay(contractCase, of: system)
            #expect(result.passed, "\(result.fullName): \(result.problems.joined(separator: "\n"))")
        }
    }

    @Test func theTenMegabyteCaseIsGeneratedNotCommitted() throws {
        let oversized = try #require(try ContractLibrary(root: Paths.contracts).system("cassiopee").cases
            .first { $0.message?.padToBytes != nil })
        let file = try #require(oversized.message?.file)
        #expect(try oversized.read(file).count < 16_384)
        #expect(try oversized.messageBytes().count == 10 * 1024 * 1024)
    }

    @Test func theStubFilesAValidRetourAndRefusesOneOutsideTheContract() async throws {
        let system = try ContractLibrary(root: Paths.contracts).system("cassiopee")
        let report = try #require(system.cases.first { $0.name.hasPrefix("020-") })
        let retour = String(decoding: try report.read("request.xml"), as: UTF8.self)
        let stub = try ContractStub(system: system)
        let port = try await stub.start()
        let url = "http://127.0.0.1:\(port)/cassiopee/retours"
        let headers = [("Content-Type", "application/xml")]
        do {
            let filed = try await Exchange.send(.POST, url, body: retour, headers: headers)
            #expect(filed.status == 200)
            #expect(filed.body.contains("<statut>enregistre</statut>"))
            let smuggled = retour.replacingOccurrences(of: "</rapport>", with: "</rapport><note>texte</note>")
            let refused = try await Exchange.send(.POST, url, body: smuggled, headers: headers)
            #expect(refused.status == 422, "\(refused.body)")
        } catch {
            await stub.stop()
            throw error
        }
        await stub.stop()
    }

    @Test func noRetourIsWrittenForADraftReportOrWithoutANumeroParquet() throws {
        let adapter = try #require(GatewayApp.registry.adapter(named: "cassiopee"))
        let destination = Destination(name: "parquet", adapter: "cassiopee", role: .parquet, url: "http://partner.invalid/retours")
        let report = Report(id: UUID(), type: .evaluation, author: "CPIP", state: .validated, body: "Rapport.")
        let envelope = Envelope(
            id: UUID(), kind: .reportSubmitted, source: Source(system: .appi, site: "SPIP 57"), sourceMessageId: "appi-1",
            subject: Subject(caseId: "24123000456", refs: [ExternalRef(system: .cassiopee, kind: "numeroParquet", value: "24123000456")]),
            occurredAt: Date(timeIntervalSince1970: 1_800_000_000), purpose: .rapport, payload: Payload(report: report))
        #expect(try adapter.encode(envelope, for: destination).body.count > 0)

        var draft = envelope
        draft.payload.report?.state = .draft
        #expect(throws: (any Error).self) { try adapter.encode(draft, for: destination) }

        var unfiled = envelope
        unfiled.subject = Subject(caseId: "24123000456")
        #expect(throws: (any Error).self) { try adapter.encode(unfiled, for: destination) }

        var note = envelope
        note.kind = .noteRecorded
        #expect(throws: (any Error).self) { try adapter.encode(note, for: destination) }
    }

    /// Defence in depth behind the access policy: the encoder has no element for notes, interviews or appointments.
    @Test func evenAnUnfilteredEnvelopeNeverPutsNotesInterviewsOrTheAgendaOnTheWire() throws {
        let system = try ContractLibrary(root: Paths.contracts).system("cassiopee")
        let report = try #require(system.cases.first { $0.name.hasPrefix("020-") })
        let envelope = try StrictJSON.decode(Envelope.self, from: try report.read("envelope.json"))
        #expect(envelope.payload.notes?.isEmpty == false && envelope.payload.appointment != nil)
        let adapter = try #require(GatewayApp.registry.adapter(named: "cassiopee"))
        let destination = Destination(name: "spip-by-mistake", adapter: "cassiopee", role: .spip, url: "http://partner.invalid/retours")
        let body = String(decoding: try adapter.encode(envelope, for: destination).body, as: UTF8.self)
        for canary in ["CANARY-NOTE", "CANARY-INTERVIEW", "Convocation de suivi SPIP", "+33639980001"] {
            #expect(!body.contains(canary), "the retour holds \(canary)")
        }
    }

    /// Decodes case 001's transmission after `edit`, as the gateway would.
    private static func decodeEdited(_ edit: (String) -> String) throws -> [Envelope] {
        let system = try ContractLibrary(root: Paths.contracts).system("cassiopee")
        let decision = try #require(system.cases.first { $0.name.hasPrefix("001-") })
        let text = edit(String(decoding: try decision.messageBytes(), as: UTF8.self))
        let adapter = try #require(GatewayApp.registry.adapter(named: "cassiopee"))
        return try adapter.decode(InboundRequest(body: Array(text.utf8), contentType: "application/xml"))
    }

    @Test func aProbationPeriodEndsOnTheSameDayOrTheLastDayOfAShorterMonth() throws {
        let envelopes = try Self.decodeEdited {
            $0.replacingOccurrences(of: "<dateDebut>2026-11-02</dateDebut>", with: "<dateDebut>2027-01-31</dateDebut>")
                .replacingOccurrences(of: "<delaiEpreuveMois>24</delaiEpreuveMois>", with: "<delaiEpreuveMois>13</delaiEpreuveMois>")
        }
        let measure = try #require(envelopes.compactMap(\.payload.measure).first)
        #expect(measure.endDate == LocalDate("2028-02-29"))
    }

    @Test func aConvocationInTheSpringForwardGapIsMovedToTheFirstExistingTime() throws {
        let envelopes = try Self.decodeEdited {
            $0.replacingOccurrences(of: "<date>2026-11-16</date>", with: "<date>2027-03-28</date>")
                .replacingOccurrences(of: "<heure>09:30</heure>", with: "<heure>02:30</heure>")
        }
        let appointment = try #require(envelopes.compactMap(\.payload.appointment).first)
        // 02:30 does not exist in Paris that night (02:00 CET → 03:00 CEST): 03:30 CEST is 01:30 UTC.
        #expect(appointment.start == Date(timeIntervalSince1970: 1_806_197_400))
    }
}
