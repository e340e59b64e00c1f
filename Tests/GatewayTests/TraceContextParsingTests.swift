import Gateway
import Testing

/// Reading `traceparent` and `tracestate` as W3C Trace Context level 1 says.
@Suite struct TraceContextParsingTests {
    let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func aValidHeaderIsReadAndWrittenBackAlike() throws {
        let context = try #require(TraceContext(traceparent: valid, tracestate: "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"))
        #expect(context.traceId == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(context.parentId == "00f067aa0ba902b7")
        #expect(context.flags == "01")
        #expect(context.traceparent == valid)
        #expect(context.headers.map(\.0) == ["traceparent", "tracestate"])
    }

    @Test(arguments: [
        "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", // too short
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero parent id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has four fields
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", // not hex
    ])
    func anInvalidHeaderIsIgnored(_ header: String) {
        #expect(TraceContext(traceparent: header, tracestate: "rojo=1") == nil)
    }

    @Test func aLaterVersionIsReadByItsFirstFourFields() throws {
        let context = try #require(TraceContext(traceparent: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future",
                                                tracestate: nil))
        #expect(context.traceparent == valid)
    }

    @Test func anOversizedOrControlCharacterTracestateIsDropped() throws {
        #expect(try #require(TraceContext(traceparent: valid, tracestate: String(repeating: "a", count: 513))).state == nil)
        #expect(try #require(TraceContext(traceparent: valid, tracestate: "rojo=1\u{0}")).state == nil)
    }

    @Test func continuingKeepsTheTraceAndChangesTheParent() throws {
        let context = try #require(TraceContext(traceparent: valid, tracestate: "rojo=1"))
        let next = context.continued()
        #expect(next.traceId == context.traceId)
        #expect(next.parentId != context.parentId)
        #expect(next.state == "rojo=1")
        let root = TraceContext.newRoot()
        #expect(TraceContext(traceparent: root.traceparent, tracestate: nil) == root)
    }
}
