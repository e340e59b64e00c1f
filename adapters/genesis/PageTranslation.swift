import CaseModel
import Foundation
import Gateway

/// A page of the feed in canonical form: its envelopes in GENESIS's order, and the penal-record snapshots to keep
/// as each person's latest, stored together with the envelopes.
public struct PageTranslation: Sendable {
    public var envelopes: [Envelope]
    public var penalRecords: [StoredPenalRecord]
}

/// Builds the canonical envelopes of a page: for each movement its `custody.movement`; for a person whose fiche
/// changed, one `penal-record.updated` after their first movement of the page; for an écrou or a levée d'écrou of
/// a person followed by the SPIP, one `measure.status-changed` per followed conviction. Pure: the poller fetches the
/// fiches and reads the previous snapshots, this only decides.
struct PageTranslator {
    let knownEstablishments: Set<String>

    func translate(_ page: FeedPage, fiches: [String: FichePenale],
                   previous: [String: StoredPenalRecord]) throws -> PageTranslation {
        var envelopes: [Envelope] = []
        var kept: [String: StoredPenalRecord] = [:]
        var order: [String] = []
        for movement in page.movements {
            let fiche = fiches[movement.numeroEcrou]
            let key = fiche?.personKey ?? GenesisPerson.key(numero: movement.numeroEcrou, etablissement: movement.etablissement)
            let subject = Self.subject(key: key, movement: movement, fiche: fiche)
            envelopes.append(self.movement(movement, subject: subject))
            guard let fiche else { continue }
            if kept[key] == nil, let update = try Self.update(fiche, subject: subject, previous: previous[key]) {
                envelopes.append(update.envelope)
                kept[key] = update.record
                order.append(key)
            }
            envelopes += Self.statusChanges(movement, fiche: fiche, subject: subject)
        }
        return PageTranslation(envelopes: envelopes, penalRecords: order.compactMap { kept[$0] })
    }

    static func subject(key: String, movement: FeedMovement, fiche: FichePenale?) -> Subject {
        var refs = [ExternalRef(system: .genesis, kind: "numeroEcrou", value: movement.numeroEcrou, site: movement.etablissement)]
        if let fiche, fiche.snapshot.numeroEcrouInitial != movement.numeroEcrou {
            refs.append(ExternalRef(system: .genesis, kind: "numeroEcrouInitial", value: fiche.snapshot.numeroEcrouInitial))
        }
        return Subject(personId: GenesisPerson.id(key: key), refs: refs)
    }

    func movement(_ movement: FeedMovement, subject: Subject) -> Envelope {
        let known = knownEstablishments.contains(movement.etablissement)
            && movement.etablissementDestination.map(knownEstablishments.contains) ?? true
        let payload = CustodyMovement(
            type: movement.type, numeroEcrou: movement.numeroEcrou, etablissement: movement.etablissement, at: movement.at,
            etablissementInconnu: known ? nil : true, titreDetention: movement.titreDetention, motif: movement.motif,
            etablissementDestination: movement.etablissementDestination, nouveauNumeroEcrou: movement.nouveauNumeroEcrou,
            lieu: movement.lieu, mouvementTermine: movement.mouvementTermine)
        return Envelope(kind: .custodyMovement, source: Source(system: .genesis, site: movement.etablissement),
                        sourceMessageId: movement.id, subject: subject, occurredAt: movement.at, purpose: .suivi,
                        correlationId: movement.id, payload: Payload(custodyMovement: payload))
    }

    /// The `penal-record.updated` of a fiche, unless nothing changed since `previous`. Its source message id names
    /// the fiche's version in GENESIS (`miseAJourLe`), so reading the same fiche again never makes a second message.
    static func update(_ fiche: FichePenale, subject: Subject,
                       previous: StoredPenalRecord?) throws -> (envelope: Envelope, record: StoredPenalRecord)? {
        var snapshot = fiche.snapshot
        if let previous {
            let before = try StrictJSON.decode(PenalRecordSnapshot.self, from: previous.body)
            let changed = PenalRecordChanges.between(before, snapshot)
            guard !changed.isEmpty else { return nil }
            snapshot.version = previous.version + 1
            snapshot.changedFields = changed
        } else {
            snapshot.version = 1
        }
        var stored = snapshot
        stored.changedFields = nil
        let envelope = Envelope(
            kind: .penalRecordUpdated, source: Source(system: .genesis, site: snapshot.etablissement),
            sourceMessageId: "FICHE/\(fiche.personKey)/\(fiche.updatedAtText)", subject: subject,
            occurredAt: snapshot.updatedAt ?? Date(timeIntervalSince1970: 0), purpose: .execution,
            payload: Payload(penalRecord: snapshot))
        return (envelope, StoredPenalRecord(personKey: fiche.personKey, version: snapshot.version,
                                            body: try StrictJSON.encode(stored)))
    }

    /// Écrou suspends the measures the SPIP follows for this person; levée d'écrou puts them back in progress.
    static func statusChanges(_ movement: FeedMovement, fiche: FichePenale, subject: Subject) -> [Envelope] {
        let status: MeasureStatus
        switch movement.type {
        case .ecrou: status = .suspendue
        case .leveeEcrou: status = .enCours
        case .transfer, .hospitalisation, .escape, .reintegration: return []
        }
        return fiche.followedConvictions.map { conviction in
            let measure = Measure(id: GenesisPerson.measureId(conviction: conviction), type: .sursisProbatoirePartiel,
                                  status: status)
            return Envelope(kind: .measureStatusChanged, source: Source(system: .genesis, site: movement.etablissement),
                            sourceMessageId: "\(movement.id)/mesure/\(conviction)", subject: subject,
                            occurredAt: movement.at, purpose: .suivi, correlationId: movement.id,
                            payload: Payload(measure: measure))
        }
    }
}
