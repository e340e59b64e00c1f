import CaseModel
import Foundation
import Gateway
import SafeXML

/// Turns one Cassiopée transmission into canonical envelopes, per convicted person and in this order: the
/// decision, each measure to follow, each convocation handed over at the hearing.
///
/// Each envelope's source message id is the transmission's id, its version and the envelope's role
/// (`CSP-…/v1/mesure/M-…`): the same transmission sent again is a duplicate, a corrected one (same id, higher
/// version) is a new message. Persons and the affaire are linked through CASSIOPEE external references.
struct TransmissionDecoder {
    let contract: CassiopeeContract
    let limits: XMLLimits

    func decode(_ bytes: [UInt8]) throws(InboundRejection) -> [Envelope] {
        let root: XElement
        do {
            // Read once without the schema so that a foreign namespace or version gets a message saying so,
            // rather than the validator's "no matching global declaration".
            let unchecked = try SafeXML.parse(bytes, limits: limits)
            guard unchecked.localName == "transmission", unchecked.namespaceURI == CassiopeeContract.executionNamespace else {
                if unchecked.localName == "transmission" { throw TransmissionRejection.wrongNamespace(unchecked.namespaceURI) }
                throw TransmissionRejection.from(.unexpectedElement(path: unchecked.path, expected: "transmission"))
            }
            try unchecked.expectAllElements(inNamespace: CassiopeeContract.executionNamespace)
            root = try SafeXML.parse(bytes, limits: limits, schema: contract.transmission)
        } catch let rejection as InboundRejection {
            throw rejection
        } catch let rejection as XMLRejection {
            throw TransmissionRejection.from(rejection)
        } catch {
            throw InboundRejection(status: 400, errorClass: "malformed", message: "Cassiopée transmission rejected")
        }
        return try translate(TransmissionNode(root))
    }

    private func translate(_ root: TransmissionNode) throws(InboundRejection) -> [Envelope] {
        let header = try Header(root.required("entete"))
        let affaire = try Self.affaire(root.required("affaire"))
        let persons = try root.required("personnes").all("personne")
        let decisionNode = try root.required("decision")
        let saisine = try root.child("saisine").map { node throws(InboundRejection) in try Saisine(node) }
        let rules = try ExecutionRules(decisionNode)
        let convocations = try root.child("convocations")?.all("convocation") ?? []

        var envelopes: [Envelope] = []
        for condamnation in try decisionNode.required("condamnations").all("condamnation") {
            let reference = try condamnation.attribute("personne")
            guard let personNode = persons.first(where: { (try? $0.attribute("ref")) == reference }) else {
                throw TransmissionRejection.invalid(condamnation.path, "names a personne the transmission does not hold")
            }
            let person = try Self.person(personNode)
            let identifiant = try personNode.text("identifiantPersonne")
            let subject = Subject(personId: person.id, caseId: affaire.numeroParquet, refs: [
                ExternalRef(system: .cassiopee, kind: "identifiantPersonne", value: identifiant),
                ExternalRef(system: .cassiopee, kind: "numeroParquet", value: affaire.numeroParquet, site: affaire.juridiction),
            ])
            var peines: [Peine] = []
            var measures: [(identifiant: String, measure: Measure)] = []
            for peineNode in condamnation.all("peine") {
                let mesureNode = try peineNode.child("mesure")
                let type = try mesureNode.map { node throws(InboundRejection) -> MeasureType in
                    guard let type = MeasureType(rawValue: try node.attribute("type")) else {
                        throw TransmissionRejection.invalid(node.path, "attribute type is not a measure the contract allows")
                    }
                    return type
                }
                peines.append(Peine(label: try peineNode.text("libelle"), measureType: type,
                                    quantum: try peineNode.optionalText("quantum")))
                if let mesureNode, let type {
                    let measure = try MeasureReading(mesureNode, type: type, decisionId: rules.decisionId, saisine: saisine).measure
                    measures.append((try mesureNode.text("identifiantMesure"), measure))
                }
            }
            let decision = Decision(id: rules.decisionId, kind: rules.kind, court: rules.court, date: rules.date,
                                    final: rules.definitive, version: header.version, peines: peines)
            envelopes.append(header.envelope(.decisionRecorded, role: "decision/\(identifiant)", purpose: .execution,
                                             subject: subject, payload: Payload(person: person, affaire: affaire, decision: decision)))
            // A decision under appeal is not executed, unless the court ordered provisional execution.
            if rules.enforceable {
                for (identifiantMesure, measure) in measures {
                    envelopes.append(header.envelope(.measureMandated, role: "mesure/\(identifiantMesure)", purpose: .saisine,
                                                     subject: subject, payload: Payload(person: person, affaire: affaire, measure: measure)))
                }
            }
            for convocation in convocations where (try? convocation.attribute("personne")) == reference {
                let appointment = try Self.appointment(convocation)
                let identifiantConvocation = try convocation.text("identifiantConvocation")
                envelopes.append(header.envelope(.appointmentScheduled, role: "convocation/\(identifiantConvocation)",
                                                 purpose: .convocation, subject: subject,
                                                 payload: Payload(person: person, appointment: appointment)))
            }
        }
        for convocation in convocations {
            let reference = try convocation.attribute("personne")
            guard try decisionNode.required("condamnations").all("condamnation").contains(where: { (try? $0.attribute("personne")) == reference }) else {
                throw TransmissionRejection.invalid(convocation.path, "convokes a personne who has no condamnation in the decision")
            }
        }
        return envelopes
    }

    private static func affaire(_ node: TransmissionNode) throws(InboundRejection) -> Affaire {
        var infractions: [Infraction] = []
        for infraction in try node.required("infractions").all("infraction") {
            let natinfNode = try infraction.required("natinf")
            // Any well-formed code is passed on with Cassiopée's own qualification: the DACG updates the
            // nomenclature every quarter, and a referral must not wait for the gateway to learn a new code.
            guard let natinf = Int(natinfNode.value), (1...99_999).contains(natinf) else {
                throw TransmissionRejection.invalid(natinfNode.path, "a NATINF code is 1 to 5 digits")
            }
            infractions.append(Infraction(natinf: natinf, label: try infraction.text("qualification"),
                                          nature: try infraction.code("nature", as: InfractionNature.self)))
        }
        return Affaire(numeroParquet: try node.text("numeroParquet"), juridiction: try node.text("juridiction"),
                       dateFaits: try node.optionalDate("dateFaits"), infractions: infractions)
    }

    private static func person(_ node: TransmissionNode) throws(InboundRejection) -> Person {
        let identifiant = try node.text("identifiantPersonne")
        let aliases = node.all("alias").map(\.value).filter { !$0.isEmpty }
        return Person(
            id: NameBasedUUID.make("personne:" + identifiant), nom: try node.text("nom"),
            nomUsage: try node.optionalText("nomUsage"),
            prenoms: try node.required("prenoms").all("prenom").map(\.value),
            sexe: try node.child("sexe") == nil ? nil : node.code("sexe", as: Sexe.self),
            dateNaissance: try node.optionalDate("dateNaissance"), lieuNaissance: try node.optionalText("lieuNaissance"),
            aliases: aliases.isEmpty ? nil : aliases, commune: try node.optionalText("commune"),
            sansDomicileFixe: try node.child("sansDomicileFixe") != nil ? true : nil,
            residenceEtranger: try node.child("residenceEtranger") != nil ? true : nil)
    }

    private static func appointment(_ node: TransmissionNode) throws(InboundRejection) -> Appointment {
        let zoneNode = try node.required("fuseauHoraire")
        guard let zone = TimeZone(identifier: zoneNode.value) else {
            throw TransmissionRejection.invalid(zoneNode.path, "not a known IANA time zone (e.g. Europe/Paris)")
        }
        let date = try node.date("date")
        let hourNode = try node.required("heure")
        guard let start = CivilTime.instant(on: date, at: hourNode.value, in: zone) else {
            throw TransmissionRejection.invalid(hourNode.path, "expected a time HH:MM")
        }
        let place = try node.required("lieu")
        return Appointment(
            id: NameBasedUUID.make("convocation:" + (try node.text("identifiantConvocation"))),
            type: try node.text("type"), start: start, timeZone: zoneNode.value,
            place: Place(name: try place.text("nom"), address: try place.text("adresse"),
                         phone: try place.optionalText("telephone"), contact: try place.optionalText("contact")),
            service: try node.text("service"), state: .booked, origin: "sortie d'audience")
    }
}

/// The transmission's header: what every envelope of it shares.
private struct Header {
    let identifiant: String
    let version: Int
    let emittedAt: Date
    let site: String

    init(_ node: TransmissionNode) throws(InboundRejection) {
        identifiant = try node.text("identifiantMessage")
        guard let version = try node.optionalInt("version"), version >= 1 else {
            throw TransmissionRejection.from(.missingElement(path: node.path + "/version"))
        }
        self.version = version
        let emitted = try node.required("dateEmission")
        guard let instant = CivilTime.instant(emitted.value) else {
            throw TransmissionRejection.invalid(emitted.path, "expected an instant YYYY-MM-DDTHH:MM:SS with Z or an offset")
        }
        emittedAt = instant
        site = try node.required("emetteur").text("juridiction")
    }

    func envelope(_ kind: MessageKind, role: String, purpose: Purpose, subject: Subject, payload: Payload) -> Envelope {
        Envelope(kind: kind, source: Source(system: .cassiopee, site: site),
                 sourceMessageId: "\(identifiant)/v\(version)/\(role)", subject: subject, occurredAt: emittedAt,
                 purpose: purpose, correlationId: identifiant, payload: payload)
    }
}

/// The referral of the execution: the SPIP that follows, the SAP and JAP it answers to.
struct Saisine {
    let spip: String
    let sap: String?
    let jap: String?

    init(_ node: TransmissionNode) throws(InboundRejection) {
        spip = try node.text("spip")
        sap = try node.optionalText("sap")
        jap = try node.optionalText("jap")
    }
}
