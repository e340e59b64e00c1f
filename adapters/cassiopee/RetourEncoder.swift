import CaseModel
import Foundation
import Gateway
import SafeXML

/// Writes a report or a JAP decision, already filtered by the access policy, as a Cassiopée `retour`.
///
/// It writes only what the filtered envelope holds, and only through elements of the contract: the contract has
/// none for interviews, notes, evaluations or appointments, so they cannot reach the parquet even if a policy
/// were misconfigured. The document is validated against `retour.v1.xsd` before it leaves.
struct RetourEncoder {
    let contract: CassiopeeContract

    func encode(_ envelope: Envelope) throws(RetourEncodingError) -> [UInt8] {
        guard let id = envelope.id else { throw .noMessageId }
        let payload = envelope.payload
        let body: Body
        switch envelope.kind {
        case .reportSubmitted, .reportValidated:
            guard let report = payload.report else { throw .missing("payload.report") }
            body = .rapport(report)
        case .japDecisionRecorded:
            guard let decision = payload.decision else { throw .missing("payload.decision") }
            guard let measure = payload.measure else { throw .missing("payload.measure") }
            body = .decisionJap(decision, measure)
        default:
            throw .unsupportedKind(envelope.kind.rawValue)
        }
        guard envelope.source.system == .appi || envelope.source.system == .prisme else { throw .notFromHomeSystem }
        guard let numeroParquet = Self.numeroParquet(of: envelope) else { throw .noNumeroParquet }

        let bytes: [UInt8]
        do {
            var writer = XMLWriter()
            try writer.startElement("retour", namespace: CassiopeeContract.retourNamespace)
            try writer.element("entete") { writer throws(XMLWriterError) in
                try writer.leaf("identifiantMessage", id.uuidString.lowercased())
                try writer.leaf("dateEmission", CivilTime.utcText(envelope.occurredAt))
                try writer.element("emetteur") { writer throws(XMLWriterError) in
                    try writer.leaf("systeme", envelope.source.system.rawValue)
                    try writer.leaf("site", envelope.source.site)
                }
                try writer.leaf("motif", Self.motif(of: envelope))
            }
            try writer.element("affaire") { writer throws(XMLWriterError) in
                try writer.leaf("numeroParquet", numeroParquet)
                try writer.leaf("juridiction", payload.affaire?.juridiction)
            }
            if let person = payload.person {
                try Self.write(person, refs: envelope.subject.refs ?? [], to: &writer)
            }
            if let measure = payload.measure {
                try Self.write(measure, to: &writer)
            }
            switch body {
            case .rapport(let report): try Self.write(report, to: &writer)
            case .decisionJap(let decision, let measure): try Self.write(decision, about: measure, to: &writer)
            }
            try writer.endElement()
            bytes = try writer.finish()
        } catch let error as RetourEncodingError {
            throw error
        } catch {
            throw .unwritable(String(describing: error))
        }
        do {
            _ = try SafeXML.parse(bytes, limits: XMLLimits(maxBytes: 4 << 20), schema: contract.retour)
        } catch {
            throw .breaksContract(String(describing: error))
        }
        return bytes
    }

    private enum Body {
        case rapport(Report)
        case decisionJap(Decision, Measure)
    }

    /// The affaire's numéro de parquet: from the payload, else from the subject's CASSIOPEE reference.
    static func numeroParquet(of envelope: Envelope) -> String? {
        if let numero = envelope.payload.affaire?.numeroParquet { return numero }
        return envelope.subject.refs?.first { $0.system == .cassiopee && $0.kind == "numeroParquet" }?.value
    }

    private static func motif(of envelope: Envelope) -> String {
        if envelope.kind == .japDecisionRecorded { return "execution" }
        return envelope.purpose == .incident || envelope.payload.report?.type == .incident ? "incident" : "rapport"
    }

    private static func write(_ person: Person, refs: [ExternalRef], to writer: inout XMLWriter) throws(XMLWriterError) {
        let identifiant = refs.first { $0.system == .cassiopee && $0.kind == "identifiantPersonne" }?.value
        try writer.element("personne") { writer throws(XMLWriterError) in
            try writer.leaf("identifiantPersonne", identifiant)
            try writer.leaf("nom", person.nom)
            try writer.leaf("nomUsage", person.nomUsage)
            try writer.element("prenoms") { writer throws(XMLWriterError) in
                for prenom in person.prenoms { try writer.leaf("prenom", prenom) }
            }
            try writer.leaf("dateNaissance", person.dateNaissance?.description)
        }
    }

    private static func write(_ measure: Measure, to writer: inout XMLWriter) throws(XMLWriterError) {
        try writer.element("mesure") { writer throws(XMLWriterError) in
            try writer.leaf("type", measure.type.rawValue)
            try writer.leaf("statut", measure.status.rawValue)
            try writer.leaf("dateDebut", measure.startDate?.description)
            try writer.leaf("dateFin", measure.endDate?.description)
            if !measure.obligations.isEmpty {
                try writer.element("obligations") { writer throws(XMLWriterError) in
                    for obligation in measure.obligations {
                        try writer.element("obligation") { writer throws(XMLWriterError) in
                            try writer.leaf("code", obligation.code)
                            try writer.leaf("libelle", obligation.label)
                        }
                    }
                }
            }
        }
    }

    private static func write(_ report: Report, to writer: inout XMLWriter) throws(RetourEncodingError) {
        let etat: String
        switch report.state {
        case .draft: throw .draftReport
        case .validated: etat = "valide"
        case .sentToJap: etat = "transmisJap"
        case .acknowledged: etat = "prisEnCompte"
        case .decided: etat = "decide"
        }
        let type = switch report.type {
        case .evaluation: "evaluation"
        case .incident: "incident"
        case .endOfMeasure: "finDeMesure"
        case .investigation: "enquete"
        }
        do {
            try writer.element("rapport") { writer throws(XMLWriterError) in
                try writer.leaf("type", type)
                try writer.leaf("etat", etat)
                try writer.leaf("auteur", report.author)
                try writer.leaf("titre", report.title)
                try writer.leaf("dateSoumission", report.submittedAt.map(CivilTime.utcText))
                try writer.leaf("contenu", report.body)
            }
        } catch {
            throw .unwritable(String(describing: error))
        }
    }

    private static func write(_ decision: Decision, about measure: Measure, to writer: inout XMLWriter) throws(RetourEncodingError) {
        let nature: String
        switch decision.kind {
        case .ordonnanceJap: nature = "ordonnance"
        case .jugementJap: nature = "jugement"
        case .jugement, .arret, .homologationCrpc, .ordonnancePenale: throw .notAJapDecision
        }
        let objet = switch measure.status {
        case .revoquee: "revocation"
        case .terminee: "finDeMesure"
        case .aPrendreEnCharge, .enCours, .suspendue, .enDessaisissement, .archivee: "modification"
        }
        do {
            try writer.element("decisionJap") { writer throws(XMLWriterError) in
                try writer.leaf("objet", objet)
                try writer.leaf("nature", nature)
                try writer.leaf("date", decision.date.description)
                try writer.leaf("juridiction", decision.court)
                try writer.leaf("definitive", decision.final ? "true" : "false")
                if !decision.peines.isEmpty {
                    try writer.element("peines") { writer throws(XMLWriterError) in
                        for peine in decision.peines {
                            try writer.element("peine") { writer throws(XMLWriterError) in
                                try writer.leaf("libelle", peine.label)
                                try writer.leaf("quantum", peine.quantum)
                            }
                        }
                    }
                }
            }
        } catch {
            throw .unwritable(String(describing: error))
        }
    }
}

/// Why an envelope cannot become a `retour`; the delivery then fails permanently. Never quotes payload values.
enum RetourEncodingError: Error, CustomStringConvertible, Equatable {
    case noMessageId
    case missing(String)
    case unsupportedKind(String)
    case notFromHomeSystem
    case noNumeroParquet
    case draftReport
    case notAJapDecision
    case unwritable(String)
    case breaksContract(String)

    var description: String {
        switch self {
        case .noMessageId: "the envelope has no id; Cassiopée files retours by message id"
        case .missing(let section): "\(section) is required for a retour"
        case .unsupportedKind(let kind): "Cassiopée receives reports and JAP decisions, not \(kind)"
        case .notFromHomeSystem: "only APPI or PRISME send retours to Cassiopée"
        case .noNumeroParquet: "no numéro de parquet in payload.affaire nor in a CASSIOPEE reference of the subject"
        case .draftReport: "a draft report never leaves the SPIP; validate it first"
        case .notAJapDecision: "only a JAP's ordonnance or jugement is returned to the parquet"
        case .unwritable(let why): "the retour cannot be written: \(why)"
        case .breaksContract(let why): "the retour would not satisfy retour.v1.xsd: \(why)"
        }
    }
}

/// Small helpers that keep the encoder to the shape of the contract.
extension XMLWriter {
    /// An element in the retour namespace whose content `body` writes.
    mutating func element(_ name: String, _ body: (inout XMLWriter) throws(XMLWriterError) -> Void) throws(XMLWriterError) {
        try startElement(name, namespace: CassiopeeContract.retourNamespace)
        try body(&self)
        try endElement()
    }

    /// An element holding `text`; nothing at all when the value is absent, as the contract's optional elements want.
    mutating func leaf(_ name: String, _ text: String?) throws(XMLWriterError) {
        guard let text else { return }
        try startElement(name, namespace: CassiopeeContract.retourNamespace)
        try self.text(text)
        try endElement()
    }
}
