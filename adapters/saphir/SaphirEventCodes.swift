import CaseModel

/// SAPHIR's event codes and what they mean canonically: a type (the gateway's vocabulary) and a severity.
enum SaphirEventCodes {
    /// What an alarm or event code becomes; `reported` keeps a code the gateway does not know.
    struct Meaning: Equatable {
        var type: String
        var severity: MonitoringSeverity
        var reported: String?
    }

    static let alarms: [String: Meaning] = [
        "ABSENCE_ASSIGNATION": Meaning(type: "curfew-absence", severity: .alarm),
        "RETARD_RETOUR": Meaning(type: "late-return", severity: .warning),
        "ARRACHEMENT_BRACELET": Meaning(type: "strap-tamper", severity: .critical),
        "SORTIE_ZONE_INCLUSION": Meaning(type: "zone-exit", severity: .alarm),
        "ENTREE_ZONE_EXCLUSION": Meaning(type: "exclusion-zone-entry", severity: .critical),
        "RAPPROCHEMENT_VICTIME": Meaning(type: "victim-approach", severity: .critical),
        "PERTE_SIGNAL": Meaning(type: "signal-loss", severity: .alarm),
        "BATTERIE_FAIBLE": Meaning(type: "battery-low", severity: .warning),
    ]

    static let events: [String: Meaning] = [
        "POSE_EFFECTUEE": Meaning(type: "fitting-done", severity: .info),
        "DEPOSE_EFFECTUEE": Meaning(type: "removal-done", severity: .info),
        "FIN_PLACEMENT": Meaning(type: "placement-ended", severity: .info),
        "HORAIRES_MODIFIES": Meaning(type: "schedule-changed", severity: .info),
        "PLACEMENT_ACQUITTE": Meaning(type: "placement-acknowledged", severity: .info),
        "PLACEMENT_REFUSE": Meaning(type: "placement-refused", severity: .warning),
        "FIN_ALARME": Meaning(type: "alarm-cleared", severity: .info),
    ]

    /// An unknown code is never a reason to refuse: an alarm SAPHIR raises must reach a person. It becomes `other`,
    /// keeps its code in `reportedType`, and an unknown alarm keeps alarm severity (never downgraded).
    static func meaning(of code: String, alarm: Bool) -> Meaning {
        if let known = (alarm ? alarms : events)[code] { return known }
        return Meaning(type: "other", severity: alarm ? .alarm : .info, reported: code)
    }
}
