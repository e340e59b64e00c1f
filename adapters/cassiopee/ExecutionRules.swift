import CaseModel
import Foundation
import Gateway

/// What a decision means for its execution: its canonical form, whether it may be executed now, and the
/// consistency of what Cassiopée says about an appeal.
struct ExecutionRules {
    let decisionId: UUID
    let kind: DecisionKind
    let court: String
    let date: LocalDate
    let definitive: Bool
    /// Measures are mandated only when this holds: the decision is final, or the court ordered its
    /// provisional execution; an appeal otherwise suspends execution (CPP 506, 708).
    let enforceable: Bool

    init(_ node: TransmissionNode) throws(InboundRejection) {
        decisionId = NameBasedUUID.make("decision:" + (try node.text("identifiantDecision")))
        kind = switch try node.text("nature") {
        case "arret": .arret
        case "ordonnancePenale": .ordonnancePenale
        case "homologationCrpc": .homologationCrpc
        case "jugement": .jugement
        default: throw TransmissionRejection.invalid(node.path + "/nature", "not one of the values the contract allows")
        }
        court = try node.text("juridiction")
        date = try node.date("date")
        definitive = try node.bool("definitive")
        let provisional = try node.optionalBool("executionProvisoire") ?? false
        if let appel = try node.child("appel") {
            guard !definitive else {
                throw TransmissionRejection.invalid(appel.path, "an appeal is recorded on a decision marked definitive; one of the two is wrong")
            }
            guard try appel.date("dateAppel") >= date else {
                throw TransmissionRejection.invalid(appel.path + "/dateAppel", "the appeal is dated before the decision")
            }
        }
        enforceable = definitive || provisional
    }
}
