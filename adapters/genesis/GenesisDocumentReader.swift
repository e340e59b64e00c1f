import CaseModel
import Foundation
import Gateway
import SafeXML

/// Reads one GENESIS document: a page of the feed, the expired-cursor answer, or a fiche pénale, each checked
/// against the contract's schema before anything is taken from it. A page is taken whole or refused whole.
struct GenesisDocumentReader {
    let contract: GenesisContract
    let limits: XMLLimits

    /// The root of a document valid against the contract, or a rejection saying why.
    func root(_ bytes: [UInt8]) throws(InboundRejection) -> GenesisNode {
        do {
            return GenesisNode(try SafeXML.parse(bytes, limits: limits, schema: contract.detention))
        } catch {
            // Refused: read once more without the schema, so that a foreign namespace or version gets a message
            // saying so rather than the validator's "no matching global declaration".
            if case .schemaViolation = error, let unchecked = try? SafeXML.parse(bytes, limits: limits) {
                guard unchecked.namespaceURI == GenesisContract.namespace else {
                    throw GenesisRejection.wrongNamespace(unchecked.namespaceURI)
                }
                do {
                    try unchecked.expectAllElements(inNamespace: GenesisContract.namespace)
                } catch {
                    throw GenesisRejection.from(error)
                }
            }
            throw GenesisRejection.from(error)
        }
    }

    func feed(_ root: GenesisNode) throws(InboundRejection) -> FeedAnswer {
        switch root.name {
        case "curseurExpire":
            let since = try root.required("resynchroniserDepuis")
            guard InstantText.parse(since.value) != nil else {
                throw GenesisRejection.invalid(since.path, "expected an instant with Z or an offset")
            }
            return .expired(cursor: try root.text("curseurDemande"), resyncFrom: since.value)
        case "pageMouvements":
            var movements: [FeedMovement] = []
            for node in try root.required("mouvements").elements {
                movements.append(try movement(node))
            }
            return .page(FeedPage(requested: try root.optionalText("curseurDemande"), next: try root.text("curseurSuivant"),
                                  last: try root.text("dernierePage") == "true", movements: movements))
        default:
            throw GenesisRejection.from(.unexpectedElement(path: root.path, expected: "pageMouvements or curseurExpire"))
        }
    }

    private func movement(_ node: GenesisNode) throws(InboundRejection) -> FeedMovement {
        let type: CustodyMovementType = switch node.name {
        case "ecrou": .ecrou
        case "leveeEcrou": .leveeEcrou
        case "transfert": .transfer
        case "hospitalisation": .hospitalisation
        case "evasion": .escape
        case "retour": .reintegration
        default: throw GenesisRejection.from(.unexpectedElement(path: node.path, expected: "a movement"))
        }
        let person = try node.required("personne")
        var movement = FeedMovement(
            id: try node.text("identifiantMouvement"), at: try node.instant("dateHeure"), type: type,
            numeroEcrou: try person.text("numeroEcrou"), etablissement: try node.text("etablissement"))
        switch type {
        case .ecrou: movement.titreDetention = try node.required("titreDetention").text("nature")
        case .leveeEcrou: movement.motif = try node.text("motif")
        case .transfer:
            movement.etablissementDestination = try node.text("etablissementDestination")
            movement.nouveauNumeroEcrou = try node.optionalText("nouveauNumeroEcrou")
        case .hospitalisation: movement.lieu = try node.text("lieu")
        case .escape: break
        case .reintegration: movement.mouvementTermine = try node.text("mouvementTermine")
        }
        return movement
    }
}
