import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import SMSAdapter

/// SMS routes: providers' signed callbacks (receipts, replies) and the officers' reminders and appointment views.
struct SMSRoutes: Sendable {
    let context: APIContext

    func register(on router: RouteTable) {
        router.post("/inbound/sms/:provider/status") { request, requestContext in
            await callback(request, provider: requestContext.parameters.get("provider") ?? "")
        }
        router.post("/inbound/sms/:provider/replies") { request, requestContext in
            await callback(request, provider: requestContext.parameters.get("provider") ?? "")
        }
        router.post("/v1/appointments/:id/reminders") { request, requestContext in
            await officer(request, roles: [.officer]) { service, client in
                guard let id = Self.appointmentId(requestContext) else { return Self.badId }
                guard let answer = try await service.remind(
                    appointmentId: id, actor: AuditActor(id: client.name, function: client.role.rawValue)) else {
                    return APIJSON.error(.notFound, "not-found", "no appointment with this id has reached the SMS service")
                }
                return APIJSON.response(answer.status == "scheduled" ? .accepted : .ok, answer)
            }
        }
        router.get("/v1/appointments") { request, _ in
            await officer(request, roles: [.officer, .ops]) { service, _ in
                let text = (request.uri.queryParameters.get("upcoming") ?? "7d").trimmingCharacters(in: .whitespacesAndNewlines)
                guard let window = Self.window(text) else {
                    return APIJSON.error(.badRequest, "bad-upcoming", "upcoming is a duration in hours or days, e.g. 7d or 48h (held between 1h and 90d)")
                }
                var limit = 200
                if let text = request.uri.queryParameters.get("limit") {
                    guard let parsed = Int(text), (1...1_000).contains(parsed) else {
                        return APIJSON.error(.badRequest, "bad-limit", "limit is an integer from 1 to 1000")
                    }
                    limit = parsed
                }
                return APIJSON.response(.ok, ["appointments": try await service.upcoming(within: window, limit: limit)])
            }
        }
        router.get("/v1/appointments/:id/sms") { request, requestContext in
            await officer(request, roles: [.officer, .ops]) { service, _ in
                guard let id = Self.appointmentId(requestContext) else { return Self.badId }
                guard let view = try await service.view(appointmentId: id) else {
                    return APIJSON.error(.notFound, "not-found", "no appointment with this id has reached the SMS service")
                }
                return APIJSON.response(.ok, view)
            }
        }
    }

    /// A provider's callback: signature first (fail closed, 403), then stored and applied, then 200.
    private func callback(_ request: Request, provider: String) async -> Response {
        let door = Door(context: context, client: Client(name: "sms-provider:" + Door.printable(provider), role: .partner,
                                                         adapters: ["sms"]), adapter: "sms")
        guard let service = context.sms, let reader = context.smsReaders[provider] else {
            return await door.refuse(.notFound, "unknown-provider",
                                     "no SMS provider named \"\(Door.printable(provider))\" is configured; nothing stored")
        }
        let body: [UInt8]
        do {
            var request = request
            body = Array(buffer: try await request.collectBody(upTo: 64 * 1024))
        } catch {
            return await door.refuse(.contentTooLarge, "too-large", "a callback body is at most 64 KiB; nothing stored")
        }
        let query = request.uri.query.map { "?" + $0 } ?? ""
        let publicURL = context.smsPublicURL + request.uri.path + query
        let callbacks: [ProviderCallback]
        do {
            callbacks = try reader.read(publicURL: publicURL, headers: Door.headers(of: request), body: body)
        } catch {
            return await door.refuse(HTTPResponse.Status(code: error.status), error.errorClass,
                                     error.message + "; nothing stored")
        }
        do {
            try await service.handle(callbacks, from: provider)
        } catch {
            return APIJSON.error(.serviceUnavailable, "store-unavailable", "the callback was not stored; send it again")
        }
        // An empty 200: Twilio-style providers read it as "no reply message", others as an acknowledgement.
        return APIJSON.text(.ok, "")
    }

    private func officer(_ request: Request, roles: Set<ClientRole>,
                         _ body: (SMSService, Client) async throws -> Response) async -> Response {
        let client = context.clients.authenticate(request.headers[.authorization])
        guard let client else {
            return await Door(context: context, client: nil, adapter: nil)
                .refuse(.unauthorized, "unauthenticated", "missing or unknown bearer token")
        }
        guard roles.contains(client.role) else {
            return await Door(context: context, client: client, adapter: nil)
                .refuse(.forbidden, "forbidden", "client \"\(client.name)\" (\(client.role.rawValue)) may not use this endpoint")
        }
        guard let service = context.sms else {
            return APIJSON.error(.notFound, "sms-not-configured", "this gateway has no sms adapter configured")
        }
        do {
            return try await body(service, client)
        } catch {
            return APIJSON.error(.serviceUnavailable, "store-unavailable", "the gateway cannot reach its store; retry later")
        }
    }

    private static let badId = APIJSON.error(.badRequest, "bad-id", "an appointment id is a UUID")

    private static func appointmentId(_ context: BasicRequestContext) -> String? {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else { return nil }
        return id.uuidString.lowercased()
    }

    /// `7d`, `48h` (at most four digits), held between one hour and 90 days.
    static func window(_ text: String) -> TimeInterval? {
        guard let unit = text.last, text.count <= 5, let amount = Int(text.dropLast()), amount >= 0 else { return nil }
        let seconds: TimeInterval
        switch unit {
        case "h": seconds = TimeInterval(amount) * 3600
        case "d": seconds = TimeInterval(amount) * 86_400
        default: return nil
        }
        return min(max(seconds, 3600), 90 * 86_400)
    }
}
