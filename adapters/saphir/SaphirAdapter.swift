import CaseModel
import Foundation
import Gateway

/// SAPHIR, the electronic-monitoring platform: signed alarm and event webhooks in, placement orders out.
public struct SaphirAdapter: Adapter {
    public let name = "saphir"
    public let summary = "Electronic monitoring (SAPHIR): HMAC-signed alarm and event webhooks in as monitoring.alarm / "
        + "monitoring.event; monitoring.placement-ordered out as PUT {url}/{placement id}."
    public let inboundAuthentication = InboundAuthentication.signature

    /// Nil when no HMAC secret is configured: every webhook is then refused (fail closed).
    private let signature: WebhookSignature?
    private let replays: ReplayGuard

    public init(secret: Secret?, toleranceSeconds: Int = 300) {
        self.signature = secret.map { WebhookSignature(secret: $0, toleranceSeconds: toleranceSeconds) }
        self.replays = ReplayGuard(toleranceSeconds: toleranceSeconds)
    }

    /// The settings `passerelle adapters describe saphir` prints.
    public static let definition = AdapterDefinition(
        name: "saphir",
        summary: "SAPHIR electronic monitoring: signed alarm/event webhooks in, placement orders out (JSON).",
        fields: [
            AdapterField("hmac_secret", "shared key of the webhook signatures (HMAC-SHA256)", secret: true, required: true),
            AdapterField("tolerance_seconds", "how far a webhook's timestamp may be from the gateway's clock",
                         default: "300"),
        ],
        make: { settings in
            let tolerance = try settings.int("tolerance_seconds") ?? 300
            guard (1...3_600).contains(tolerance) else {
                throw AdapterSettingsError(adapter: "saphir", message: "tolerance_seconds must be between 1 and 3600")
            }
            // RFC 2104 §3: a key shorter than the digest (32 bytes) weakens HMAC, and one captured request is enough
            // to guess it offline.
            if let secret = settings.secret("hmac_secret"), secret.reveal().utf8.count < 32 {
                throw AdapterSettingsError(adapter: "saphir", message: "hmac_secret must be at least 32 bytes long")
            }
            return SaphirAdapter(secret: settings.secret("hmac_secret"), toleranceSeconds: tolerance)
        })

    /// Signature, then clock window, then the replay guard: a delivery id seen again while its signature could still
    /// be valid is a replay (409). SAPHIR's own retries use a new delivery id and reach the engine, whose
    /// idempotency on the event id answers them as duplicates (202, nothing new stored).
    public func verifySignature(_ request: InboundRequest, now: Date) throws(InboundRejection) {
        guard let signature else {
            throw InboundRejection(status: 401, errorClass: "signature-invalid",
                                   message: "this gateway has no SAPHIR key configured (settings.hmac_secret_env)")
        }
        let deliveryId = try signature.verify(request, now: now)
        guard replays.firstSight(of: deliveryId, now: now) else {
            throw InboundRejection(status: 409, errorClass: "replayed",
                                   message: "delivery \(deliveryId) was already received; a retry needs a new X-Saphir-Delivery")
        }
    }

    /// One envelope per event, in the order SAPHIR sent them. Events are never reordered by timestamp: an older event
    /// arriving after a newer one is delivered after it, with its own timestamp, and the home system decides.
    public func decode(_ request: InboundRequest) throws(InboundRejection) -> [Envelope] {
        let webhook: SaphirWebhook
        do {
            webhook = try StrictJSON.decode(SaphirWebhook.self, from: request.body)
        } catch {
            throw InboundRejection(errorClass: "malformed", message: String(describing: error))
        }
        guard webhook.version == 1 else {
            throw InboundRejection(errorClass: "malformed", message: "unsupported webhook version; this gateway reads version 1")
        }
        guard !webhook.events.isEmpty else {
            throw InboundRejection(status: 422, errorClass: "invalid", message: "the delivery holds no event")
        }
        guard webhook.events.count <= SaphirWebhook.maxEvents else {
            throw InboundRejection(status: 413, errorClass: "too-many",
                                   message: "at most \(SaphirWebhook.maxEvents) events per delivery")
        }
        for (index, event) in webhook.events.enumerated() {
            guard Self.isCode(event.code) else {
                throw InboundRejection(status: 422, errorClass: "invalid",
                                       message: "events[\(index)].code must be 1 to 64 capital letters, digits or underscores")
            }
        }
        return webhook.events.map { $0.envelope(centre: webhook.centre) }
    }

    /// `PUT {url}/{placementRef}`, the destination URL being SAPHIR's placements collection (`…/placements`), with the
    /// order as JSON; the envelope id is the idempotency key.
    public func encode(_ envelope: Envelope, for destination: Destination) throws -> OutboundRequest {
        guard envelope.kind == .monitoringPlacementOrdered, let placement = envelope.payload.placement else {
            throw SaphirEncodingError("SAPHIR receives placement orders only, not \(envelope.kind.rawValue)")
        }
        guard let personId = envelope.subject.personId else {
            throw SaphirEncodingError("a placement order needs the person's id in its subject")
        }
        let order = SaphirPlacementOrder(envelope: envelope, placement: placement, personId: personId)
        return OutboundRequest(
            method: "PUT", url: destination.url + "/" + order.placementRef,
            headers: [("Content-Type", "application/json"), ("Idempotency-Key", order.requestId),
                      ("X-Passerelle-Kind", envelope.kind.rawValue)],
            body: try StrictJSON.encode(order))
    }

    /// SAPHIR's acknowledgement: `ACCEPTE` is delivered; `REFUSE` is permanent with SAPHIR's reason code, for ops
    /// to read; an unreadable 2xx is retried (the order is an idempotent PUT); other statuses as usual.
    public func classify(_ result: TransportResult) -> AttemptOutcome {
        guard case .response(let status, let body) = result, (200..<300).contains(status) else {
            return HTTPClassification.classify(result)
        }
        guard let acknowledgement = try? StrictJSON.decode(SaphirAcknowledgement.self, from: body) else {
            return .transient(status: status, error: "SAPHIR answered \(status) without a readable acknowledgement")
        }
        switch acknowledgement.status {
        case .accepted:
            return .delivered(status: status)
        case .refused:
            let reason = acknowledgement.reasonCode.flatMap { Self.isCode($0) ? $0 : nil } ?? "no reason code"
            return .permanent(status: status, error: "SAPHIR refused the placement: \(reason)")
        }
    }

    /// SAPHIR's codes: capitals, digits and underscores; safe to echo in errors and logs.
    static func isCode(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy {
            (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F
        }
    }
}

/// An envelope the SAPHIR adapter cannot turn into a request; the delivery is dead-lettered with this reason.
struct SaphirEncodingError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
