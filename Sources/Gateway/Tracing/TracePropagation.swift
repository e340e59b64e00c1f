import Tracing

/// W3C Trace Context across the gateway: from a request's headers into a span, from a span into a message's record
/// and into a delivery's headers. Whatever tracer runs (none, or the OTLP exporter), the trace id a partner sent is
/// the one every delivery of its message carries.
public enum TracePropagation {
    /// The context a span continues: the recorded trace, as the tracer reads it.
    public static func context(continuing trace: TraceContext?, tracer: any Tracer) -> InstrumentationContext {
        var context = InstrumentationContext.topLevel
        if let trace {
            tracer.extract(Dictionary(trace.headers, uniquingKeysWith: { first, _ in first }), into: &context,
                           using: HeaderExtractor())
        }
        return context
    }

    /// The trace to send on from `span`: the tracer's own when it records spans, else `trace` (or a new one)
    /// continued by a span id of its own. A `tracestate` the tracer drops is kept.
    public static func onward(from span: any Span, tracer: any Tracer, continuing trace: TraceContext?) -> TraceContext {
        var carrier: [String: String] = [:]
        tracer.inject(span.context, into: &carrier, using: HeaderInjector())
        guard var injected = TraceContext(traceparent: carrier["traceparent"], tracestate: carrier["tracestate"]) else {
            return (trace ?? .newRoot()).continued()
        }
        if injected.state == nil { injected.state = trace?.state }
        return injected
    }
}

/// Reads W3C headers from a name → value map (names in lower case).
struct HeaderExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key.lowercased()]
    }
}

/// Writes only the W3C headers: a tracer's private keys never leave the gateway.
struct HeaderInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        let name = key.lowercased()
        guard name == "traceparent" || name == "tracestate" else { return }
        carrier[name] = value
    }
}
