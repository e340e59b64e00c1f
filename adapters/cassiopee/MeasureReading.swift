import CaseModel
import Foundation
import Gateway

/// One measure of a sentence, read with the rule that makes it incomplete rather than rejected.
///
/// Cassiopée cannot record every sentence (a sursis probatoire renforcé arrives as a sursis probatoire, the
/// obligations of a CRPC homologation may be lost): such a measure is accepted with `incomplete` set, so that the
/// SAP/SPIP completes it instead of the referral being lost (referrals lost this way were a failure of the 2024 PRISME pilot).
struct MeasureReading {
    let measure: Measure

    init(_ node: TransmissionNode, type: MeasureType, decisionId: UUID, saisine: Saisine?) throws(InboundRejection) {
        let flagged = try node.element.attribute("aCompleter").map { text throws(InboundRejection) -> Bool in
            switch text.trimmingCharacters(in: .whitespaces) {
            case "true", "1": return true
            case "false", "0": return false
            default: throw TransmissionRejection.invalid(node.path, "attribute aCompleter must be true or false")
            }
        } ?? false
        let start = try node.optionalDate("dateDebut")
        let probationMonths = try node.optionalInt("delaiEpreuveMois")
        let tigHours = try node.optionalInt("heuresTig")
        let executionMonths = try node.optionalInt("delaiExecutionMois")
        let ddseDays = try node.optionalInt("dureeDdseJours")

        // The quantity without which the measure cannot be followed, per type.
        let quantityMissing: Bool = switch type {
        case .sursisProbatoire, .sursisProbatoireRenforce, .sursisProbatoirePartiel, .suiviSocioJudiciaire:
            probationMonths == nil
        case .tig: tigHours == nil
        case .ddsePeine: ddseDays == nil
        default: false
        }
        // The end of a probation period or of the time allowed for a TIG, counted in months from the start.
        let months = type == .tig ? executionMonths : probationMonths
        let end = start.flatMap { start in months.flatMap { CivilTime.adding(months: $0, to: start) } }

        var obligations: [Obligation] = []
        for obligation in try node.child("obligations")?.all("obligation") ?? [] {
            obligations.append(Obligation(code: try obligation.text("code"), label: try obligation.text("libelle")))
        }
        let prohibitions = try node.child("interdictions")?.all("interdiction").map(\.value)
        measure = Measure(
            id: NameBasedUUID.make("mesure:" + (try node.text("identifiantMesure"))), type: type,
            legalBasis: try node.optionalText("fondementLegal"), decisionRef: decisionId, startDate: start, endDate: end,
            tigHours: tigHours, ddseDays: ddseDays, obligations: obligations, prohibitions: prohibitions,
            jap: saisine?.jap, sap: saisine?.sap, spip: saisine?.spip, status: .aPrendreEnCharge,
            incomplete: flagged || quantityMissing || saisine == nil)
    }
}
