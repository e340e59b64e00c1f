import CaseModel
import Foundation

/// Synthetic, fully populated values: every optional field is set, so encodings show every key.
enum Fixture {
    /// 2024-03-05T08:30:00.123Z; whole milliseconds, so it survives the canonical encoding exactly.
    static let instant = Date(timeIntervalSince1970: 1_709_627_400.123)

    static func day(_ text: String) -> LocalDate {
        guard let date = LocalDate(text) else { preconditionFailure("bad fixture date \(text)") }
        return date
    }

    static func id(_ number: Int) -> UUID {
        let suffix = String(number, radix: 16)
        let text = "0190f5a0-1c2d-7e3f-8a4b-" + String(repeating: "0", count: 12 - suffix.count) + suffix
        guard let uuid = UUID(uuidString: text) else { preconditionFailure("bad fixture id \(number)") }
        return uuid
    }

    static let externalRef = ExternalRef(
        system: .appi, kind: "numeroDossier", value: "202300004567", site: "SPIP 57",
        validFrom: day("2023-01-10"), validTo: day("2025-01-10")
    )

    static func person(mobile: String = "+33612345678") -> Person {
        Person(
            id: id(1), nom: "MARTINEAU", nomUsage: "BERNARDIN", prenoms: ["Lucien", "Paul"], sexe: .masculin,
            dateNaissance: day("1985-06-14"), lieuNaissance: "Metz", aliases: ["Lulu"], commune: "Thionville",
            sansDomicileFixe: false, residenceEtranger: false, mobile: mobile, smsConsent: .accepted
        )
    }

    static let infraction = Infraction(natinf: 7151, label: "Vol simple", nature: .delit)
    static let affaire = Affaire(numeroParquet: "24123000456", juridiction: "TJ Thionville", dateFaits: day("2024-01-02"), infractions: [infraction])
    static let peine = Peine(label: "Emprisonnement avec sursis probatoire", measureType: .sursisProbatoire, quantum: "12 mois, délai 2 ans")
    static let decision = Decision(id: id(2), kind: .jugement, court: "TJ Thionville", date: day("2024-02-20"), final: true, version: 1, peines: [peine])
    static let obligation = Obligation(code: "132-45-1", label: "Se soumettre à des soins", proofDeadline: day("2024-06-01"), status: .pending)

    static let measure = Measure(
        id: id(3), type: .sursisProbatoire, legalBasis: "CP 132-40", decisionRef: id(2),
        startDate: day("2024-03-01"), endDate: day("2026-03-01"), tigHours: 70, ddseDays: 30,
        obligations: [obligation], prohibitions: ["Ne pas paraître à Nancy"], jap: "JAP Thionville",
        sap: "SAP Thionville", spip: "SPIP 57", cpipReferent: "Claire Fontaine", status: .enCours, incomplete: false
    )

    static func place(name: String = "SPIP 57 — antenne de Thionville") -> Place {
        Place(name: name, address: "1 rue des Essais, 57100 Thionville", phone: "+33382000000", contact: "Accueil", infoLink: "https://example.invalid/spip57")
    }

    static func appointment(placeName: String = "SPIP 57 — antenne de Thionville") -> Appointment {
        Appointment(
            id: id(4), type: "Convocation de suivi SPIP", start: instant, timeZone: "Europe/Paris",
            place: place(name: placeName), service: "SPIP 57", agent: "Claire Fontaine", state: .booked, origin: "suivi"
        )
    }

    static let report = Report(id: id(5), type: .endOfMeasure, author: "Claire Fontaine", state: .validated, title: "Rapport de fin de mesure", body: "Mesure exécutée sans incident.", submittedAt: instant)

    static func interview(text: String = "Entretien de suivi mensuel.") -> Interview {
        Interview(id: id(6), author: "Claire Fontaine", date: instant, text: text)
    }

    static func note(text: String = "Rappeler l'employeur.") -> Note {
        Note(id: id(7), author: "Claire Fontaine", date: instant, text: text)
    }

    static func evaluation(content: String = "Évaluation initiale.") -> Evaluation {
        Evaluation(id: id(8), tool: "DAVC", author: "Claire Fontaine", date: instant, content: content)
    }

    static let condamnation = Condamnation(natinf: [7151, 23761], juridiction: "TJ Nancy", date: day("2023-09-12"), quantum: "2 ans d'emprisonnement")
    static let reduction = SentenceReduction(kind: .rps, days: 30, grantedOn: day("2024-01-15"))
    static let incident = Incident(date: day("2023-12-01"), label: "Refus de réintégrer la cellule")

    static let penalRecord = PenalRecordSnapshot(
        numeroEcrouInitial: "45872", numeroEcrouActuel: "45990", etablissement: "MA-NANCY-MAXEVILLE",
        dateEcrou: day("2023-09-12"), titres: ["Jugement du TJ de Nancy"], condamnations: [condamnation],
        detentionProvisoireImputee: 45, reductions: [reduction], dateFinPeine: day("2025-08-01"),
        dpl: day("2025-05-20"), amenagements: ["LSC envisagée"], incidents: [incident], version: 3,
        updatedAt: instant, changedFields: ["dpl"]
    )

    static let window = PresenceWindow(weekdays: [1, 2, 3, 4, 5], from: "19:00", to: "07:00")
    static let zone = Zone(name: "Domicile de la victime", kind: .exclusion, address: "2 rue Fictive, 54000 Nancy", radiusMeters: 500)

    static let placement = MonitoringPlacement(
        id: id(9), measureRef: id(3), kind: .ddse, address: "1 rue des Essais, 57100 Thionville",
        schedule: [window], zones: [zone], fittingDate: instant, removalDate: instant.addingTimeInterval(86_400)
    )

    static let monitoringEvent = MonitoringEvent(id: id(10), placementRef: id(9), type: "other", timestamp: instant, severity: .alarm,
                                                 reportedType: "CHOC_DETECTE")
    static let transfer = Transfer(id: id(11), measureRef: id(3), personRef: id(1), fromService: "SPIP 57", toService: "SPIP 54", state: .autoAccepted, decisionDate: day("2024-04-01"))
    static let custodyMovement = CustodyMovement(
        type: .transfer, numeroEcrou: "45872", etablissement: "MA-NANCY-MAXEVILLE", at: instant, etablissementInconnu: true,
        titreDetention: "MANDAT_DEPOT", motif: "FIN_PEINE", etablissementDestination: "CD-TOUL", nouveauNumeroEcrou: "7781",
        lieu: "UHSI fictive", mouvementTermine: "MVT-2026-000000102")
    static let smsNotification = SMSNotificationReport(
        notificationId: "0190f3a2-7b1c-7000-8000-0000000000f1", appointmentId: id(7), notificationKind: "reminder",
        status: "delivered", maskedNumber: "+33 6 •• •• •• 01", sendAt: instant, changedAt: instant, reason: "receipt")

    /// A payload with every section, every section fully populated.
    static func fullPayload(
        mobile: String = "+33612345678", placeName: String = "SPIP 57 — antenne de Thionville",
        interviewText: String = "Entretien de suivi mensuel.", noteText: String = "Rappeler l'employeur.",
        evaluationContent: String = "Évaluation initiale."
    ) -> Payload {
        Payload(
            person: person(mobile: mobile), affaire: affaire, decision: decision, measure: measure,
            appointment: appointment(placeName: placeName), report: report, interviews: [interview(text: interviewText)],
            notes: [note(text: noteText)], evaluation: evaluation(content: evaluationContent), penalRecord: penalRecord,
            placement: placement, monitoringEvent: monitoringEvent, transfer: transfer, custodyMovement: custodyMovement,
            smsNotification: smsNotification
        )
    }

    static func envelope(payload: Payload = fullPayload()) -> Envelope {
        Envelope(
            id: Envelope.newID(now: instant), kind: .appointmentScheduled, source: Source(system: .appi, site: "SPIP 57"),
            sourceMessageId: "appi-57-000123", subject: Subject(personId: id(1), caseId: "24123000456", refs: [externalRef]),
            occurredAt: instant, purpose: .convocation, correlationId: "corr-000123", payload: payload
        )
    }

    /// One fully populated sample of every classified type.
    static let everyClassifiedSample: [any Classified] = [
        person(), externalRef, affaire, infraction, decision, peine, measure, obligation, appointment(), place(),
        report, interview(), note(), evaluation(), penalRecord, condamnation, reduction, incident, placement,
        window, zone, monitoringEvent, transfer, custodyMovement, smsNotification, fullPayload(),
    ]

    /// The canonical JSON of `value` as text.
    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try StrictJSON.encode(value), as: UTF8.self)
    }
}
