/// The templates of a service: one default per notification kind, and optional ones per appointment type
/// (the MSJ type label, e.g. `Convocation DDSE`). Every template's worst case is checked against the budget.
public struct TemplateCatalogue: Sendable {
    private let defaults: [NotificationKind: SMSTemplate]
    private let byType: [String: [NotificationKind: SMSTemplate]]

    public init(defaults: [NotificationKind: String], byAppointmentType: [String: [NotificationKind: String]] = [:],
                maxSegments: Int = SMSComposer.defaultMaxSegments) throws(TemplateError) {
        func compile(_ sources: [NotificationKind: String]) throws(TemplateError) -> [NotificationKind: SMSTemplate] {
            var templates: [NotificationKind: SMSTemplate] = [:]
            for (kind, source) in sources {
                let template = try SMSTemplate(source)
                let worst = try template.worstCase()
                guard worst.segments <= maxSegments else {
                    throw .worstCaseOverBudget(segments: worst.segments, allowed: maxSegments)
                }
                templates[kind] = template
            }
            return templates
        }
        if let missing = NotificationKind.allCases.first(where: { defaults[$0] == nil }) {
            throw .missingDefault(missing)
        }
        self.defaults = try compile(defaults)
        var byType: [String: [NotificationKind: SMSTemplate]] = [:]
        for (type, sources) in byAppointmentType { byType[type] = try compile(sources) }
        self.byType = byType
    }

    /// The template for `kind`: the appointment type's own if it has one, else the default.
    public func template(for kind: NotificationKind, appointmentType: String? = nil) -> SMSTemplate {
        // Every kind has a default: the initialiser refuses a catalogue without one.
        appointmentType.flatMap { byType[$0]?[kind] } ?? defaults[kind]!
    }

    /// Neutral texts that name no service (SMS rules C3), GSM-7 clean, at most two segments in the worst case.
    public static let neutralDefaults: [NotificationKind: String] = [
        .summon: "Convocation : rendez-vous le {{jour}} {{date}} à {{heure}}, " + place + bring + contact,
        .reminder: "Rappel : rendez-vous le {{jour}} {{date}} à {{heure}}, " + place + bring + contact,
        .cancellation: "Votre rendez-vous du {{jour}} {{date}} à {{heure}} est annulé." + contact,
        .reschedule: "Votre rendez-vous du {{ancien_jour}} {{ancienne_date}} à {{ancienne_heure}} est déplacé au "
            + "{{jour}} {{date}} à {{heure}}, " + place + bring + contact,
    ]
    private static let place = "{{#lieu}}{{lieu}}, {{/lieu}}{{adresse}}."
    private static let bring = "{{#a_apporter}} Venir avec {{a_apporter}}.{{/a_apporter}}"
    private static let contact = "{{#contact}} Infos : {{contact}}{{/contact}}"

    /// The catalogue of neutral defaults.
    public static func neutral() throws(TemplateError) -> TemplateCatalogue {
        try TemplateCatalogue(defaults: neutralDefaults)
    }
}
