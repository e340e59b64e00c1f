import ContractKit
import Foundation
import Gateway
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing

/// W3C Trace Context: a message posted with a `traceparent` reaches its destinations in the same trace, retries
/// included; the OTLP exporter, when configured, sends spans of identifiers only.
@Suite struct TraceContextTests {
    static let traceId = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let callerSpan = "00f067aa0ba902b7"

    static func traceId(of traceparent: String?) -> String? {
        guard let traceparent, let context = TraceContext(traceparent: traceparent, tracestate: nil) else { return nil }
        return context.traceId
    }

    @Test func aMessagePostedWithATraceparentReachesTheHomeStandInWithTheSameTraceId() async throws {
        // The first attempt is answered 503: the retry carries the same trace too.
        try await TestGateway.run { gateway in
            gateway.spip.script([503])
            let answer = try await gateway.post(Envelopes.measure("traced-1"), headers: [
                ("traceparent", "00-\(Self.traceId)-\(Self.callerSpan)-01"), ("tracestate", "appi=t61rcWkgMzE"),
            ])
            #expect(answer.status == 202)
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 1 })
            let received = gateway.spip.received
            #expect(received.count == 2)
            for request in received {
                #expect(Self.traceId(of: request.traceparent) == Self.traceId, "\(request.traceparent ?? "none")")
                // One hop further: the gateway's own span is the parent, not the caller's.
                #expect(request.traceparent?.contains(Self.callerSpan) == false)
            }
        }
    }

    @Test func aMessageWithoutATraceOrWithAnInvalidOneStartsItsOwnAndKeepsIt() async throws {
        try await TestGateway.run { gateway in
            gateway.spip.script([503])
            _ = try await gateway.post(Envelopes.measure("untraced-1", person: Envelopes.personA))
            _ = try await gateway.post(Envelopes.measure("bad-trace-1", person: Envelopes.personB), headers: [
                ("traceparent", "00-00000000000000000000000000000000-\(Self.callerSpan)-01"),
            ])
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 2 })
            let byMessage = Dictionary(grouping: gateway.spip.received) { $0.idempotencyKey ?? "" }
            #expect(byMessage.count == 2)
            for (_, attempts) in byMessage {
                let traces = Set(attempts.map { Self.traceId(of: $0.traceparent) })
                #expect(traces.count == 1)
                #expect(traces.first! != nil)
                #expect(traces.first! != "00000000000000000000000000000000")
            }
        }
    }

    @Test func theOTLPExporterSendsTheTraceAndNoPersonalData() async throws {
        let collector = Collector()
        let collectorPort = try await collector.start()
        let canaries = ["CANARYSRC7Q", "CANARYNOM7Q", "CANARYPRENOM7Q", "CANARYNOTE7Q", "CANARYENTRETIEN7Q",
                        "0190f3a2-7b1c-7000-8000-0000000c4a11"]
        let envelope = """
            {"version":1,"kind":"note.recorded","source":{"system":"APPI","site":"SPIP-57"},
             "sourceMessageId":"\(canaries[0])","subject":{"personId":"\(canaries[5])"},
             "occurredAt":"2026-11-02T10:00:00Z","purpose":"suivi",
             "payload":{
               "person":{"id":"\(canaries[5])","nom":"\(canaries[1])","prenoms":["\(canaries[2])"]},
               "measure":{"id":"0190f3a2-7b1c-7000-8000-0000000000f1","type":"SP","status":"EN_COURS","obligations":[]},
               "notes":[{"id":"0190f3a2-7b1c-7000-8000-0000000000c1","author":"cpip-001","date":"2026-11-02T10:00:00Z",
                         "text":"\(canaries[3])"}],
               "interviews":[{"id":"0190f3a2-7b1c-7000-8000-0000000000c2","author":"cpip-001",
                              "date":"2026-11-01T14:00:00Z","text":"\(canaries[4])"}]}}
            """
        let gateway = try await TestGateway.start(
            tracing: "{enabled: true, endpoint: \"http://127.0.0.1:\(collectorPort)/v1/traces\", service_name: passerelle-test}")
        do {
            let answer = try await gateway.post(envelope, headers: [("traceparent", "00-\(Self.traceId)-\(Self.callerSpan)-01")])
            #expect(answer.status == 202, "\(answer.body)")
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 1 && gateway.parquet.accepted.count == 1 })
            #expect(try await gateway.eventually { try await gateway.drained() })
            for stub in [gateway.spip, gateway.parquet] {
                #expect(Self.traceId(of: stub.received.first?.traceparent) == Self.traceId)
            }
        } catch {
            await gateway.stop()
            await collector.stop()
            throw error
        }
        // Stopping flushes the exporter's batch.
        await gateway.stop()
        await collector.stop()
        let exported = collector.bodies
        #expect(!exported.isEmpty)
        let all = exported.flatMap { $0 }
        let traceBytes = stride(from: 0, to: 32, by: 2).map { offset -> UInt8 in
            let start = Self.traceId.index(Self.traceId.startIndex, offsetBy: offset)
            return UInt8(Self.traceId[start..<Self.traceId.index(start, offsetBy: 2)], radix: 16)!
        }
        #expect(Self.contains(all, traceBytes), "the exported spans are not in the caller's trace")
        #expect(Self.contains(all, Array("passerelle.destination".utf8)), "no delivery span exported (or compressed)")
        #expect(Self.contains(all, Array("passerelle-test".utf8)))
        for canary in canaries + ["person:"] {
            #expect(!Self.contains(all, Array(canary.utf8)), "\(canary) left the gateway in a span")
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in haystack[start..<start + needle.count].elementsEqual(needle) }
    }
}

/// An OTLP/HTTP collector stand-in: keeps every body posted to `/v1/traces` and answers an empty success.
final class Collector: Sendable {
    private let received = Mutex<[[UInt8]]>([])
    private let runner = ServerRunner()

    var bodies: [[UInt8]] { received.withLock { $0 } }

    func start() async throws -> Int {
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 16 << 20)
            self.received.withLock { $0.append(Array(buffer: body)) }
            return Response(status: .ok, headers: [.contentType: "application/x-protobuf"], body: .init(byteBuffer: ByteBuffer()))
        }
        return try await runner.start(router: router, host: "127.0.0.1", port: 0, logger: Logger(label: "collector-stub"))
    }

    func stop() async {
        await runner.stop()
    }
}
