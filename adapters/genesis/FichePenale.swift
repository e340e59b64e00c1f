import CaseModel
import Foundation
import Gateway

/// A fiche pénale as GENESIS gave it, read into the canonical snapshot and what the adapter needs around it.
public struct FichePenale: Sendable, Equatable {
    /// The person as this adapter keys them: their initial écrou number where it was given
    /// (`genesis:31004@MA-NANCY-MAXEVILLE`), the one number GENESIS never changes.
    public var personKey: String
    /// Every écrou number on the fiche, initial first.
    public var numerosEcrou: [String]
    /// When GENESIS last changed the record, as it wrote it: names the version of the fiche.
    public var updatedAtText: String
    /// The record, without version or changed fields (the poller knows those from the store).
    public var snapshot: PenalRecordSnapshot
    /// The convictions with a suspended part, which the SPIP follows once the person is free (see README).
    public var followedConvictions: [String]
}

extension GenesisDocumentReader {
    func fiche(_ root: GenesisNode) throws(InboundRejection) -> FichePenale {
        guard root.name == "fichePenale" else {
            throw GenesisRejection.from(.unexpectedElement(path: root.path, expected: "fichePenale"))
        }
        var initial: (numero: String, etablissement: String, at: String)?
        var current: (numero: String, etablissement: String)?
        var numeros: [String] = []
        for ecrou in try root.required("ecrous").all("ecrou") {
            let numero = try ecrou.text("numeroEcrou")
            let etablissement = try ecrou.text("etablissement")
            let at = try ecrou.required("dateHeureEcrou").value
            let role = try ecrou.attribute("role")
            if role == "initial" || role == "initial-et-actuel" {
                if initial != nil { throw GenesisRejection.invalid(ecrou.path, "a second initial écrou number") }
                initial = (numero, etablissement, at)
                numeros.insert(numero, at: 0)
            } else {
                numeros.append(numero)
            }
            if role == "actuel" || role == "initial-et-actuel" {
                if current != nil { throw GenesisRejection.invalid(ecrou.path, "a second current écrou number") }
                current = (numero, etablissement)
            }
        }
        guard let initial, let current, let dateEcrou = InstantText.localDate(initial.at) else {
            throw GenesisRejection.invalid(root.path + "/ecrous", "needs one initial and one current écrou number")
        }
        let updated = try root.required("miseAJourLe")
        guard let updatedAt = InstantText.parse(updated.value) else {
            throw GenesisRejection.invalid(updated.path, "expected an instant with Z or an offset")
        }
        var titres: [String] = []
        for titre in try root.required("titresDetention").all("titre") {
            var text = "\(try titre.text("nature")), \(try titre.text("juridiction")), \(try titre.date("date"))"
            if let parquet = try titre.optionalText("numeroParquet") { text += ", parquet \(parquet)" }
            titres.append(text)
        }
        var condamnations: [Condamnation] = []
        var followed: [String] = []
        for node in try root.required("condamnations").all("condamnation") {
            var natinf: [Int] = []
            for code in try node.required("natinfs").all("natinf") {
                guard let value = Int(code.value) else { throw GenesisRejection.invalid(code.path, "expected a NATINF code") }
                natinf.append(value)
            }
            var quantum = try Self.quantum(node.required("quantum"))
            if let sursis = try node.child("partieSursis") {
                quantum += " dont \(try Self.quantum(sursis)) avec sursis"
                followed.append(try node.text("identifiantCondamnation"))
            }
            condamnations.append(Condamnation(natinf: natinf, juridiction: try node.text("juridiction"),
                                              date: try node.date("dateDecision"), quantum: quantum))
        }
        var reductions: [SentenceReduction] = []
        for node in try root.required("reductions").all("reduction") {
            guard let kind = ReductionKind(rawValue: try node.text("nature")) else {
                throw GenesisRejection.invalid(node.path, "not a reduction the contract allows")
            }
            reductions.append(SentenceReduction(kind: kind, days: try node.int("jours"), grantedOn: try node.date("date")))
        }
        var amenagements: [String] = []
        for node in try root.required("amenagements").all("amenagement") {
            var text = "\(try node.text("nature")) du \(try node.date("dateDebut"))"
            if let end = try node.optionalDate("dateFin") { text += " au \(end)" }
            amenagements.append(text)
        }
        var incidents: [Incident] = []
        for node in try root.required("incidents").all("incident") {
            incidents.append(Incident(date: try node.date("date"), label: try node.text("nature")))
        }
        let snapshot = PenalRecordSnapshot(
            numeroEcrouInitial: initial.numero, numeroEcrouActuel: current.numero, etablissement: current.etablissement,
            dateEcrou: dateEcrou, titres: titres, condamnations: condamnations,
            detentionProvisoireImputee: try root.int("detentionProvisoireImputeeJours"), reductions: reductions,
            dateFinPeine: try root.optionalDate("dateFinPeine"), dpl: try root.optionalDate("dateLiberationPrevisible"),
            amenagements: amenagements, incidents: incidents, version: 1, updatedAt: updatedAt)
        return FichePenale(personKey: GenesisPerson.key(numero: initial.numero, etablissement: initial.etablissement),
                           numerosEcrou: numeros, updatedAtText: updated.value, snapshot: snapshot,
                           followedConvictions: followed)
    }

    /// A prison term as pronounced: `2 ans 6 mois`, `15 jours`, `0 jour` when nothing is given.
    private static func quantum(_ node: GenesisNode) throws(InboundRejection) -> String {
        var parts: [String] = []
        for (name, one, many) in [("annees", "an", "ans"), ("mois", "mois", "mois"), ("jours", "jour", "jours")] {
            guard let value = try node.optionalInt(name), value > 0 else { continue }
            parts.append("\(value) \(value > 1 ? many : one)")
        }
        return parts.isEmpty ? "0 jour" : parts.joined(separator: " ")
    }
}
