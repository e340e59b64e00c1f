import CaseModel
import Foundation
import Gateway
import SaphirAdapter
import Testing

@Suite struct SaphirAdapterTests {
    /// Made up for each run: no key lives in the repository.
    let secret = Secret("test-\(UUID().uuidString)-\(UUID().uuidString)")
    let now = Date(timeIntervalSince1970: 1_793_638_800)

    var adapter: SaphirAdapter { SaphirAdapter(secret: secret, toleranceSeconds: 300) }

    func body(code: String = "ARRACHEMENT_BRACELET", category: String = "ALARME", eventId: String = "EVT-1") -> [UInt8] {
        Array("""
            {"version":1,"centre":"PSE-NANCY","events":[{"eventId":"\(eventId)","category":"\(category)","code":"\(code)",\
            "occurredAt":"2026-11-02T18:00:00Z","placementId":"SE-2026-000123",\
            "personRef":"0190f3a2-7b1c-7000-8000-0000000005a1"}]}
            """.utf8)
    }

    func request(_ body: [UInt8], delivery: String = "dlv-1", timestamp: Int? = nil, key: Secret? = nil) -> InboundRequest {
        let stamp = timestamp ?? Int(now.timeIntervalSince1970)
        let signature = WebhookSignature(secret: key ?? secret, toleranceSeconds: 300)
            .sign(body: body, timestamp: stamp, deliveryId: delivery)
        return InboundRequest(body: body, headers: ["x-saphir-delivery": delivery, "x-saphir-timestamp": String(stamp),
                                                    "x-saphir-signature": signature], contentType: "application/json")
    }

    func rejection(_ check: () throws(InboundRejection) -> Void) -> InboundRejection? {
        do {
            try check()
            return nil
        } catch {
            return error
        }
    }

    @Test func signedDeliveryPassesOnceAndItsReplayIsRefusedWith409() {
        let adapter = adapter
        let signed = request(body())
        #expect(rejection { () throws(InboundRejection) in try adapter.verifySignature(signed, now: now) } == nil)
        let replay = rejection { () throws(InboundRejection) in try adapter.verifySignature(signed, now: now.addingTimeInterval(5)) }
        #expect(replay?.status == 409)
        #expect(replay?.errorClass == "replayed")
        // SAPHIR's own retry is a new delivery: it passes, and the engine deduplicates its events.
        let retry = request(body(), delivery: "dlv-2", timestamp: Int(now.timeIntervalSince1970) + 10)
        #expect(rejection { () throws(InboundRejection) in try adapter.verifySignature(retry, now: now.addingTimeInterval(10)) } == nil)
    }

    @Test func changedBodyWrongKeyOrStaleTimestampAreRefusedWith401() {
        let adapter = adapter
        var tampered = request(body())
        tampered.body = body(code: "BATTERIE_FAIBLE")
        let cases: [(InboundRequest, String)] = [
            (tampered, "signature-invalid"),
            (request(body(), delivery: "dlv-3", key: Secret("another-key")), "signature-invalid"),
            (request(body(), delivery: "dlv-4", timestamp: Int(now.timeIntervalSince1970) - 301), "stale-timestamp"),
            (request(body(), delivery: "dlv-5", timestamp: Int(now.timeIntervalSince1970) + 301), "stale-timestamp"),
            (InboundRequest(body: body()), "signature-missing"),
        ]
        for (request, errorClass) in cases {
            let refused = rejection { () throws(InboundRejection) in try adapter.verifySignature(request, now: now) }
            #expect(refused?.status == 401)
            #expect(refused?.errorClass == errorClass)
        }
    }

    @Test func withoutAConfiguredKeyEveryWebhookIsRefused() {
        let adapter = SaphirAdapter(secret: nil)
        let refused = rejection { () throws(InboundRejection) in try adapter.verifySignature(request(body()), now: now) }
        #expect(refused?.status == 401)
        #expect(refused.map { !$0.message.contains(secret.reveal()) } == true)
    }

    @Test func sameEventGivesTheSameEnvelopeSoTheEngineRecognisesTheDuplicate() throws {
        let first = try adapter.decode(request(body(), delivery: "dlv-a"))
        let again = try adapter.decode(request(body(), delivery: "dlv-b"))
        #expect(first == again)
        let envelope = try #require(first.first)
        let repeated = try #require(again.first)
        #expect(try GatewayEngine.fingerprint(of: envelope) == GatewayEngine.fingerprint(of: repeated))
        #expect(envelope.kind == .monitoringAlarm)
        #expect(envelope.sourceMessageId == "EVT-1")
        #expect(envelope.payload.monitoringEvent?.severity == .critical)
        #expect(DeliveryPriority.of(envelope.kind) == .alarm)
        try envelope.validate()
    }

    @Test func unknownAlarmCodeIsAcceptedAsOtherWithAlarmSeverityAndFlagged() throws {
        let event = try #require(try adapter.decode(request(body(code: "CHOC_DETECTE"))).first?.payload.monitoringEvent)
        #expect(event.type == "other")
        #expect(event.severity == .alarm)
        #expect(event.reportedType == "CHOC_DETECTE")
        let routine = try #require(try adapter.decode(request(body(code: "POSE_EFFECTUEE", category: "EVENEMENT"))).first)
        #expect(routine.kind == .monitoringEvent)
        #expect(routine.payload.monitoringEvent?.reportedType == nil)
    }

    @Test func acknowledgementIsReadFromSaphirsAnswer() {
        let accepted = adapter.classify(.response(status: 200, body: Array(#"{"status":"ACCEPTE","placementId":"SE-1"}"#.utf8)))
        #expect(accepted == .delivered(status: 200))
        let refused = adapter.classify(.response(status: 200, body: Array(#"{"status":"REFUSE","reasonCode":"ADRESSE_INCONNUE"}"#.utf8)))
        #expect(refused == .permanent(status: 200, error: "SAPHIR refused the placement: ADRESSE_INCONNUE"))
        guard case .transient = adapter.classify(.response(status: 200, body: Array("<html>".utf8))) else {
            Issue.record("an unreadable acknowledgement must be retried")
            return
        }
    }

    @Test func onlyPlacementOrdersAreSentToSaphir() throws {
        let alarm = try #require(try adapter.decode(request(body())).first)
        let destination = Destination(name: "saphir", adapter: "saphir", role: .monitoringCentre, url: "http://saphir.invalid")
        #expect(throws: (any Error).self) { try adapter.encode(alarm, for: destination) }
    }
}
