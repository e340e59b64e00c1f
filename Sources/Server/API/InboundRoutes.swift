import CaseModel
import Foundation
import Gateway
import Logging
import HTTPTypes
import Hummingbird
import NIOCore
import Tracing

/// The way in: `POST /v1/messages` (canonical envelopes from the home system) and `POST /inbound/{adapter}`.
struct InboundRoutes: Sendable {
    let context: APIContext

    func register(on router: RouteTable) {
        router.post("/v1/messages") { request, _ in
            await receive(request, adapterName: "home", canonicalEndpoint: true)
        }
        router.post("/inbound/:adapter") { request, requestContext in
            await receive(request, adapterName: requestContext.parameters.get("adapter") ?? "", canonicalEndpoint: false)
        }
        router.get("/v1/messages/:id") { request, requestContext in
            await status(request, id: requestContext.parameters.get("id") ?? "")
        }
    }

    /// A server span around the whole exchange, continuing the caller's `traceparent` (an invalid one is ignored, as
    /// W3C Trace Context says); the trace is recorded with every message stored. The span holds the route and the
    /// status only: no path parameter, no header, no body.
    private func receive(_ request: Request, adapterName: String, canonicalEndpoint: Bool) async -> Response {
        let incoming = TraceContext(traceparent: request.headers[HTTPField.Name("traceparent")!],
                                    tracestate: request.headers[HTTPField.Name("tracestate")!])
        let tracer = context.tracer
        let route = canonicalEndpoint ? "/v1/messages" : "/inbound/{adapter}"
        let span = tracer.startSpan("POST \(route)", context: TracePropagation.context(continuing: incoming, tracer: tracer),
                                    ofKind: .server)
        defer { span.end() }
        span.attributes["http.request.method"] = "POST"
        span.attributes["http.route"] = route
        let trace = TracePropagation.onward(from: span, tracer: tracer, continuing: incoming)
        let response = await receive(request, adapterName: adapterName, canonicalEndpoint: canonicalEndpoint, trace: trace,
                                     span: span)
        span.attributes["http.response.status_code"] = Int(response.status.code)
        if response.status.code >= 500 { span.setStatus(SpanStatus(code: .error)) }
        return response
    }

    private func receive(_ request: Request, adapterName: String, canonicalEndpoint: Bool,
                         trace: TraceContext, span: any Span) async -> Response {
        let bearer = context.clients.authenticate(request.headers[.authorization])
        guard let adapter = context.registry.adapter(named: adapterName), context.config.adapters[adapterName] != nil else {
            return await Door(context: context, client: bearer, adapter: adapterName)
                .refuse(bearer == nil ? .unauthorized : .notFound, bearer == nil ? "unauthenticated" : "unknown-adapter",
                        bearer == nil ? "missing or unknown bearer token"
                            : "no adapter named \"\(Door.printable(adapterName))\"; nothing stored")
        }
        let signed = !canonicalEndpoint && adapter.inboundAuthentication == .signature
        // A signed endpoint's caller is the partner system itself, proven by its signature below.
        let client = signed ? Client(name: adapterName, role: .partner, adapters: [adapterName]) : bearer
        let door = Door(context: context, client: client, adapter: adapterName)
        guard let client else {
            return await door.refuse(.unauthorized, "unauthenticated", "missing or unknown bearer token")
        }
        let allowed = signed || (canonicalEndpoint || adapterName == "home"
            ? client.role == .home
            : client.role == .partner && client.adapters.contains(adapterName))
        guard allowed else {
            return await door.refuse(.forbidden, "forbidden",
                                     "client \"\(client.name)\" may not send to this endpoint; nothing stored")
        }
        do {
            // The canonical API is the gateway's own door and stays open; an adapter's endpoint follows its mode.
            let receives = canonicalEndpoint ? true : try await context.modes.mode(of: adapterName).receives
            guard receives else {
                return await door.refuse(.serviceUnavailable, "adapter-disabled",
                                         "adapter \(adapterName) is disabled by ops; nothing stored, retry later",
                                         headers: [(HTTPField.Name("Retry-After")!, "60")])
            }
        } catch {
            return APIJSON.error(.serviceUnavailable, "store-unavailable", "the gateway cannot read its store; retry later")
        }
        let mediaType = request.headers[.contentType]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let mediaType, adapter.inboundContentTypes.contains(mediaType) else {
            return await door.refuse(.unsupportedMediaType, "unsupported-media-type",
                                     "Content-Type must be \(adapter.inboundContentTypes.joined(separator: " or ")); nothing stored")
        }
        if let encoding = request.headers[.contentEncoding], encoding.lowercased() != "identity" {
            return await door.refuse(.unsupportedMediaType, "unsupported-encoding",
                                     "compressed bodies are not accepted; send the body as is; nothing stored")
        }
        let body: [UInt8]
        do {
            var request = request
            body = Array(buffer: try await request.collectBody(upTo: context.maxBodyBytes))
        } catch {
            return await door.refuse(.contentTooLarge, "too-large",
                                     "the body is larger than \(context.maxBodyBytes) bytes; nothing stored")
        }
        let inbound = InboundRequest(body: body, headers: Door.headers(of: request), contentType: mediaType)
        if signed {
            do {
                try adapter.verifySignature(inbound, now: context.clock())
            } catch {
                return await door.refuse(HTTPResponse.Status(code: error.status), error.errorClass,
                                         error.message + "; nothing stored")
            }
        }
        let envelopes: [Envelope]
        do {
            envelopes = try adapter.decode(inbound)
        } catch {
            return await door.refuse(HTTPResponse.Status(code: error.status), error.errorClass, error.message + "; nothing stored")
        }
        let actor = AuditActor(id: client.name, function: client.role.rawValue)
        do {
            let result = try await context.engine.accept(envelopes, via: adapterName, actor: actor, trace: trace)
            // Identifiers only: the adapter (known, since it decoded) and how many messages were stored.
            span.attributes["passerelle.adapter"] = adapterName
            span.attributes["passerelle.messages"] = result.messages.count
            for message in result.messages {
                if !result.duplicate { context.metrics.accepted(adapter: adapterName, kind: message.kind) }
                context.logger.info(result.duplicate ? "message already accepted" : "message accepted", metadata: [
                    "message": "\(message.id)", "kind": "\(message.kind)", "adapter": "\(adapterName)",
                    "client": "\(client.name)", "deliveries": "\(message.destinations.compactMap(\.deliveryId).count)",
                ])
            }
            let headers: [(HTTPField.Name, String)] = result.duplicate ? [(HTTPField.Name("Idempotent-Replayed")!, "true")] : []
            return APIJSON.response(.accepted, AcceptBody(result), headers: headers)
        } catch let error as AcceptError {
            switch error {
            case .invalid:
                return await door.refuse(.unprocessableContent, "invalid", error.description)
            case .conflict:
                context.metrics.rejected(adapter: adapterName, reason: "conflict")
                return APIJSON.error(.conflict, "idempotency-conflict", error.description)
            case .unavailable:
                context.metrics.rejected(adapter: adapterName, reason: "store-unavailable")
                return APIJSON.error(.serviceUnavailable, "store-unavailable", error.description,
                                     headers: [(HTTPField.Name("Retry-After")!, "5")])
            }
        } catch {
            return APIJSON.error(.serviceUnavailable, "store-unavailable",
                                 "not stored: the gateway could not write to its store; retry later")
        }
    }

    private func status(_ request: Request, id: String) async -> Response {
        guard let client = context.clients.authenticate(request.headers[.authorization]) else {
            return await Door(context: context, client: nil, adapter: nil)
                .refuse(.unauthorized, "unauthenticated", "missing or unknown bearer token")
        }
        guard client.role == .home || client.role == .ops else {
            return await Door(context: context, client: client, adapter: nil)
                .refuse(.forbidden, "forbidden", "client \"\(client.name)\" may not read message status")
        }
        guard UUID(uuidString: id) != nil else {
            return APIJSON.error(.badRequest, "bad-id", "a message id is a UUID")
        }
        do {
            guard let message = try await context.store.message(id: id.lowercased()) else {
                return APIJSON.error(.notFound, "not-found", "no message with this id")
            }
            let deliveries = try await context.store.deliveries(messageId: message.id)
            return APIJSON.response(.ok, MessageStatusBody(message: message, deliveries: deliveries))
        } catch {
            return APIJSON.error(.serviceUnavailable, "store-unavailable", "the gateway cannot read its store; retry later")
        }
    }
}

/// Refusals at the door: each is answered with a clear error and leaves exactly one audit entry.
struct Door: Sendable {
    let context: APIContext
    let client: Client?
    let adapter: String?

    func refuse(_ status: HTTPResponse.Status, _ errorClass: String, _ message: String,
                headers: [(HTTPField.Name, String)] = []) async -> Response {
        context.metrics.rejected(adapter: adapter.map(Door.printable) ?? "-", reason: errorClass)
        context.logger.notice("request refused", metadata: [
            "status": "\(status.code)", "error": "\(errorClass)", "client": "\(client?.name ?? "anonymous")",
            "adapter": "\(adapter.map(Door.printable) ?? "-")",
        ])
        let draft = AuditDraft(
            operation: status == .unauthorized || status == .forbidden ? .deny : .reject,
            actor: client?.name ?? "anonymous", actorFunction: client?.role.rawValue ?? "unauthenticated",
            recipients: adapter.map { [Door.printable($0)] } ?? [], outcome: "rejected \(status.code)",
            detail: "\(errorClass): \(message.prefix(300))")
        do {
            try await context.store.appendAudit([draft])
        } catch {
            // Fail closed: a refusal that cannot be audited is still a refusal, but the sender is told to retry.
            return APIJSON.error(.serviceUnavailable, "store-unavailable", "the gateway cannot write its audit log; retry later")
        }
        return APIJSON.error(status, errorClass, message, headers: headers)
    }

    /// A name from a URL, made safe to echo: printable ASCII only, at most 64 characters.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(64).map {
            $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? $0 : "?"
        }))
    }

    static func headers(of request: Request) -> [String: String] {
        var headers: [String: String] = [:]
        for field in request.headers where field.name != .authorization {
            headers[field.name.canonicalName] = field.value
        }
        return headers
    }
}

struct AcceptBody: Encodable {
    struct Message: Encodable {
        var id: String
        var kind: String
        var sourceMessageId: String
        var destinations: [DestinationBody]
    }
    struct DestinationBody: Encodable {
        var destination: String
        var deliveryId: String?
        var status: String
        var withheld: [String]
    }
    var status = "accepted"
    var messages: [Message]

    init(_ result: AcceptResult) {
        messages = result.messages.map { message in
            Message(id: message.id, kind: message.kind, sourceMessageId: message.sourceMessageId,
                    destinations: message.destinations.map {
                        DestinationBody(destination: $0.destination, deliveryId: $0.deliveryId,
                                        status: $0.deliveryId == nil ? "denied" : "queued",
                                        withheld: $0.withheld.map(\.rawValue).sorted())
                    })
        }
    }
}

struct MessageStatusBody: Encodable {
    var message: MessageSummary
    var deliveries: [DeliverySummary]
}
