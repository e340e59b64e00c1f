import Foundation
import Testing

/// `/metrics` after real traffic is valid Prometheus exposition (Debian's `promtool check metrics`, lint included)
/// and keeps the names the console, the dashboard and the alerts read.
@Suite struct MetricsExpositionTests {
    /// The families ops' dashboards and alerts read; renaming one breaks them.
    static let names = [
        "passerelle_messages_accepted_total", "passerelle_messages_rejected_total", "passerelle_deliveries_total",
        "passerelle_queue_depth", "passerelle_dead_letters", "passerelle_queue_oldest_age_seconds",
        "passerelle_adapter_enabled", "passerelle_circuit_open", "passerelle_delivery_latency_seconds",
        "hb_requests_total", "http_server_request_duration_seconds",
    ]

    @Test func aScrapeAfterTrafficPassesPromtoolAndKeepsTheNames() async throws {
        try await TestGateway.run { gateway in
            _ = try await gateway.post(Envelopes.measure("metrics-promtool-1"))
            let refused = try await gateway.post("{\"not\": \"an envelope\"}")
            #expect((400..<500).contains(refused.status))
            #expect(try await gateway.eventually { gateway.spip.accepted.count == 1 })
            #expect(try await gateway.eventually { try await gateway.drained() })

            let scrape = try await gateway.request(.GET, "/metrics", token: TestGateway.opsToken)
            #expect(scrape.status == 200)
            #expect(scrape.headers.first(name: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            for name in Self.names {
                #expect(scrape.body.contains("# TYPE \(name) "), "\(name) missing from /metrics")
            }
            #expect(scrape.body.contains(#"passerelle_delivery_latency_seconds_bucket{destination="appi-spip",le="+Inf"} 1"#))
            #expect(scrape.body.contains(#"passerelle_messages_rejected_total{adapter="home",reason="#))

            let check = try Self.promtool(scrape.body)
            #expect(check.status == 0, "promtool check metrics: \(check.output)")
        }
    }

    @Test func promtoolRejectsWhatTheOldHandWrittenTextGotWrong() throws {
        // The check itself must be able to fail: a family without help text and a counter without `_total`.
        let check = try Self.promtool("# TYPE passerelle_deliveries counter\npasserelle_deliveries{destination=\"a\"} 1\n")
        #expect(check.status != 0)
        #expect(check.output.contains("passerelle_deliveries"))
    }

    /// Runs `promtool check metrics` on `text` (from Debian's `prometheus` package, which `make test` installs).
    static func promtool(_ text: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/promtool")
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
