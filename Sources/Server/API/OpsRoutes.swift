import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore

/// Health, metrics, and the ops API: adapters on and off, dead letters replayed or cancelled, the audit log.
struct OpsRoutes: Sendable {
    let context: APIContext

    func register(on router: RouteTable) {
        router.get("/health/live") { _, _ in APIJSON.text(.ok, "live\n") }
        router.get("/health/ready") { _, _ in await ready() }
        router.get("/metrics") { request, _ in
            await guarded(request, roles: [.ops]) { _ in
                let queues = try await context.store.queueStats(now: context.clock())
                let modes = try await context.modes.all()
                return APIJSON.text(.ok, context.metrics.render(queues: queues, adapters: modes,
                                                                circuits: context.delivery.circuitStates()),
                                    contentType: "text/plain; version=0.0.4; charset=utf-8")
            }
        }
        router.get("/v1/ops/adapters") { request, _ in
            await guarded(request, roles: [.ops]) { _ in
                APIJSON.response(.ok, ["adapters": try await adapterViews()])
            }
        }
        router.post("/v1/ops/adapters/:name/:action") { request, requestContext in
            await guarded(request, roles: [.ops]) { client in
                let name = requestContext.parameters.get("name") ?? ""
                guard context.config.adapters[name] != nil else {
                    return APIJSON.error(.notFound, "unknown-adapter", "no adapter named \"\(Door.printable(name))\"")
                }
                let mode: AdapterMode
                switch requestContext.parameters.get("action") ?? "" {
                case "enable": mode = .enabled
                case "disable": mode = .disabled
                case "pause": mode = .paused
                default: return APIJSON.error(.notFound, "unknown-action", "actions are enable, disable and pause")
                }
                guard let reason = try await reason(of: request) else {
                    return APIJSON.error(.badRequest, "reason-required",
                                         "send {\"reason\": \"...\"} (1 to 500 characters): every change of an adapter's state says why")
                }
                let state = try await context.store.setAdapterState(
                    name: name, mode: mode, actor: AuditActor(id: client.name, function: client.role.rawValue),
                    reason: reason, now: context.clock())
                context.delivery.wakeAll()
                return APIJSON.response(.ok, state)
            }
        }
        router.get("/v1/ops/deliveries") { request, _ in
            await guarded(request, roles: [.ops]) { _ in
                let statusText = request.uri.queryParameters.get("status")
                var status: DeliveryStatus?
                if let statusText {
                    guard let parsed = DeliveryStatus(rawValue: statusText) else {
                        return APIJSON.error(.badRequest, "bad-status", "status is one of "
                            + DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    status = parsed
                }
                var limit = 100
                if let text = request.uri.queryParameters.get("limit") {
                    guard let parsed = Int(text), (1...1_000).contains(parsed) else {
                        return APIJSON.error(.badRequest, "bad-limit", "limit is an integer from 1 to 1000")
                    }
                    limit = parsed
                }
                let deliveries = try await context.store.deliveries(
                    status: status, destination: request.uri.queryParameters.get("destination"), limit: limit)
                return APIJSON.response(.ok, ["deliveries": deliveries])
            }
        }
        router.get("/v1/ops/deliveries/:id") { request, requestContext in
            await guarded(request, roles: [.ops]) { _ in
                let id = (requestContext.parameters.get("id") ?? "").lowercased()
                guard let delivery = try await context.store.delivery(id: id) else {
                    return APIJSON.error(.notFound, "not-found", "no delivery with this id")
                }
                return APIJSON.response(.ok, DeliveryDetail(delivery: delivery,
                                                            attempts: try await context.store.attempts(deliveryId: id)))
            }
        }
        router.post("/v1/ops/deliveries/:id/:action") { request, requestContext in
            await guarded(request, roles: [.ops]) { client in
                let id = (requestContext.parameters.get("id") ?? "").lowercased()
                guard let reason = try await reason(of: request) else {
                    return APIJSON.error(.badRequest, "reason-required", "send {\"reason\": \"...\"} (1 to 500 characters): replays and cancels say why")
                }
                let actor = AuditActor(id: client.name, function: client.role.rawValue)
                do {
                    switch requestContext.parameters.get("action") ?? "" {
                    case "replay":
                        let delivery = try await context.store.replay(deliveryId: id, actor: actor, reason: reason,
                                                                      now: context.clock())
                        context.delivery.wake([delivery.destination])
                        return APIJSON.response(.ok, delivery)
                    case "cancel":
                        return APIJSON.response(.ok, try await context.store.cancel(deliveryId: id, actor: actor,
                                                                                   reason: reason, now: context.clock()))
                    default:
                        return APIJSON.error(.notFound, "unknown-action", "actions are replay and cancel")
                    }
                } catch let error as StoreError {
                    switch error {
                    case .notFound: return APIJSON.error(.notFound, "not-found", error.description)
                    case .invalidTransition: return APIJSON.error(.conflict, "invalid-transition", error.description)
                    case .misconfigured: return APIJSON.error(.internalServerError, "misconfigured", error.description)
                    }
                }
            }
        }
        router.get("/v1/audit") { request, _ in
            await guarded(request, roles: [.auditor]) { _ in
                guard let subject = request.uri.queryParameters.get("subject"), !subject.isEmpty else {
                    return APIJSON.error(.badRequest, "subject-required", "give ?subject=person:<uuid> or case:<id>")
                }
                return APIJSON.response(.ok, ["entries": try await context.store.auditEntries(subject: subject, limit: 1_000)])
            }
        }
    }

    /// Answers for an authenticated client with one of `roles`; refusals are audited.
    private func guarded(_ request: Request, roles: Set<ClientRole>,
                         _ body: (Client) async throws -> Response) async -> Response {
        let client = context.clients.authenticate(request.headers[.authorization])
        guard let client else {
            return await Door(context: context, client: nil, adapter: nil)
                .refuse(.unauthorized, "unauthenticated", "missing or unknown bearer token")
        }
        guard roles.contains(client.role) else {
            return await Door(context: context, client: client, adapter: nil)
                .refuse(.forbidden, "forbidden", "client \"\(client.name)\" (\(client.role.rawValue)) may not use this endpoint")
        }
        do {
            return try await body(client)
        } catch {
            return APIJSON.error(.serviceUnavailable, "store-unavailable", "the gateway cannot reach its store; retry later")
        }
    }

    private func reason(of request: Request) async throws -> String? {
        var request = request
        let buffer = try await request.collectBody(upTo: 16 * 1024)
        guard buffer.readableBytes > 0,
              let object = try? JSONDecoder().decode([String: String].self, from: Data(buffer: buffer)),
              let reason = object["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty,
              reason.count <= 500, object.count == 1 else { return nil }
        return reason
    }

    private func adapterViews() async throws -> [AdapterView] {
        let states = Dictionary(try await context.store.adapterStates().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let queues = try await context.store.queueStats(now: context.clock())
        return context.config.adapters.keys.sorted().map { name in
            let destinations = context.config.destinations.filter { $0.adapter == name }.map(\.name)
            let mine = queues.filter { destinations.contains($0.destination) }
            let mode = states[name]?.mode ?? context.config.defaultModes[name] ?? .disabled
            return AdapterView(name: name, mode: mode, changedBy: states[name]?.actor, reason: states[name]?.reason,
                               changedAt: states[name]?.changedAt, destinations: destinations,
                               queued: mine.reduce(0) { $0 + $1.pending + $1.inFlight },
                               dead: mine.reduce(0) { $0 + $1.dead },
                               oldestQueuedAgeSeconds: mine.compactMap(\.oldestPendingAgeSeconds).max())
        }
    }

    private func ready() async -> Response {
        do {
            let views = try await adapterViews()
            var lines = ["store: ok"]
            let circuits = context.delivery.circuitStates()
            for view in views {
                let resting = view.destinations.filter { name in
                    if case .closed = circuits[name] ?? .closed(consecutiveFailures: 0) { return false }
                    return true
                }
                var problems: [String] = []
                if !resting.isEmpty { problems.append("circuit open: \(resting.joined(separator: ", "))") }
                if case .degraded(let reason) = context.polling.state(of: view.name) { problems.append("polling: \(reason)") }
                let health = problems.isEmpty ? "ok" : "degraded (\(problems.joined(separator: "; ")))"
                lines.append("adapter \(view.name): \(view.mode.rawValue), queued \(view.queued), dead \(view.dead), \(health)")
            }
            return APIJSON.text(.ok, lines.joined(separator: "\n") + "\n")
        } catch {
            return APIJSON.text(.serviceUnavailable, "store: unavailable\n")
        }
    }
}

struct AdapterView: Encodable {
    var name: String
    var mode: AdapterMode
    var changedBy: String?
    var reason: String?
    var changedAt: Date?
    var destinations: [String]
    var queued: Int
    var dead: Int
    var oldestQueuedAgeSeconds: Double?
}

struct DeliveryDetail: Encodable {
    var delivery: DeliverySummary
    var attempts: [AttemptSummary]
}
