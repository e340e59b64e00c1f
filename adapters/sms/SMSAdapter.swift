import CaseModel
import Foundation
import Gateway

/// The SMS planner's door in the delivery queue: appointment and person events reach the in-process SMS service as
/// deliveries to an internal `local:sms` destination, so an event is planned durably or retried, never lost.
public struct SMSAdapter: Adapter {
    public let name = "sms"
    public let summary = "Plans, sends and proves SMS convocations and reminders from appointment events."

    public init() {}

    /// The settings of the SMS service; keys are read from the environment variables named here.
    public static let definition = AdapterDefinition(
        name: "sms", summary: "SMS convocations and reminders: planned from appointment events, sent through providers.",
        fields: SMSConfiguration.fields, make: { _ in SMSAdapter() })

    /// Nothing arrives on `/inbound/sms`: provider callbacks have their own signed routes.
    public func decode(_ request: InboundRequest) throws(InboundRejection) -> [Envelope] {
        throw InboundRejection(status: 404, errorClass: "no-inbound",
                               message: "the sms adapter has no inbound endpoint: providers call /inbound/sms/{provider}/status or /replies")
    }

    /// The filtered envelope as JSON, for the in-process planner behind `local:sms`.
    public func encode(_ envelope: Envelope, for destination: Destination) throws -> OutboundRequest {
        OutboundRequest(url: destination.url, headers: [("Content-Type", "application/json")],
                        body: try StrictJSON.encode(envelope))
    }

    /// The URL scheme of in-process destinations.
    public static let localScheme = "local:"
    /// The categories the planner destination may ever receive: identity only because the person section is gated
    /// by it (the planner reads only the section's mobile and consent), contact and agenda for the SMS itself.
    public static let plannerCategories: Set<DataCategory> = [.identity, .contact, .agenda]
}
