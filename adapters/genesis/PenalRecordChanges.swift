import CaseModel

/// What a fiche pénale changed since the snapshot the gateway holds: the JSON keys of the fields that differ.
/// Version, update time and the list itself are bookkeeping, never a change.
enum PenalRecordChanges {
    static func between(_ previous: PenalRecordSnapshot, _ current: PenalRecordSnapshot) -> [String] {
        PenalRecordSnapshot.Field.allCases.filter { field in
            switch field {
            case .numeroEcrouInitial: previous.numeroEcrouInitial != current.numeroEcrouInitial
            case .numeroEcrouActuel: previous.numeroEcrouActuel != current.numeroEcrouActuel
            case .etablissement: previous.etablissement != current.etablissement
            case .dateEcrou: previous.dateEcrou != current.dateEcrou
            case .titres: previous.titres != current.titres
            case .condamnations: previous.condamnations != current.condamnations
            case .detentionProvisoireImputee: previous.detentionProvisoireImputee != current.detentionProvisoireImputee
            case .reductions: (previous.reductions ?? []) != (current.reductions ?? [])
            case .dateFinPeine: previous.dateFinPeine != current.dateFinPeine
            case .dpl: previous.dpl != current.dpl
            case .amenagements: (previous.amenagements ?? []) != (current.amenagements ?? [])
            case .incidents: (previous.incidents ?? []) != (current.incidents ?? [])
            case .version, .updatedAt, .changedFields: false
            }
        }.map(\.rawValue)
    }
}
