import Foundation
import SMSCore
import Testing

@Suite struct TemplateTests {
    let paris = Territory.metropolitanFrance.timeZone

    func facts(previous: Date? = nil) throws -> AppointmentFacts {
        AppointmentFacts(
            start: CalendarDay(2026, 3, 3).at(hour: 14, minute: 30, in: paris), timeZone: paris,
            placeName: "Antenne de Nanterre", address: "12 rue de la Paix, 75002 Paris", bring: [.identityDocument],
            contact: try PhoneNumber(parsing: "01 99 00 12 34"), previousStart: previous)
    }

    @Test func theNeutralReminderIsOneGSM7Segment() throws {
        let catalogue = try TemplateCatalogue.neutral()
        let sms = try catalogue.template(for: .reminder).render(try facts())
        #expect(sms.sentText == "Rappel : rendez-vous le mardi 03/03/2026 à 14h30, Antenne de Nanterre, 12 rue de la Paix, "
            + "75002 Paris. Venir avec une pièce d'identité. Infos : 01 99 00 12 34")
        #expect(sms.encoding == .gsm7)
        #expect(sms.segments == 1)
    }

    @Test func everyKindRendersAndFitsItsWorstCase() throws {
        let catalogue = try TemplateCatalogue.neutral()
        let previous = CalendarDay(2026, 2, 27).at(hour: 9, minute: 5, in: paris)
        for kind in NotificationKind.allCases {
            let template = catalogue.template(for: kind)
            let sms = try template.render(try facts(previous: previous))
            #expect(sms.segments <= 2)
            #expect(sms.encoding == .gsm7, "\(kind): \(sms.sentText)")
            #expect(try template.worstCase().segments <= 2)
        }
        let moved = try catalogue.template(for: .reschedule).render(try facts(previous: previous))
        #expect(moved.sentText.hasPrefix("Votre rendez-vous du vendredi 27/02/2026 à 9h05 est déplacé au mardi 03/03/2026"))
        #expect(throws: TemplateError.missingValue(.ancienJour)) {
            try catalogue.template(for: .reschedule).render(try facts())
        }
    }

    @Test func timeIsShownInThePlacesZoneWhateverTheMachine() throws {
        let reunion = Territory.reunion.timeZone
        let start = CalendarDay(2026, 8, 1).at(hour: 8, minute: 0, in: reunion)
        let text = FrenchDateText(start, in: reunion)
        #expect(text == FrenchDateText(start, in: reunion))
        #expect(text.weekday == "samedi")
        #expect(text.date == "01/08/2026")
        #expect(text.longDate == "1er août 2026")
        #expect(text.time == "8h00")
        #expect(FrenchDateText(start, in: paris).time == "6h00")
    }

    @Test func optionalSectionsDisappearWithoutAValue() throws {
        var bare = try facts()
        bare.placeName = nil
        bare.bring = []
        bare.contact = nil
        let sms = try TemplateCatalogue.neutral().template(for: .summon).render(bare)
        #expect(sms.sentText == "Convocation : rendez-vous le mardi 03/03/2026 à 14h30, 12 rue de la Paix, 75002 Paris.")
    }

    @Test func aTemplateCannotNameAForbiddenField() {
        for source in ["Bonjour {{nom}}", "{{ prenom }}", "Mesure : {{mesure}}", "{{infraction}}", "{{numero_dossier}}",
                       "{{#personne}}{{nom}}{{/personne}}", "{{person.name}}", "{{.}}", "{{natinf}}"] {
            #expect(throws: TemplateError.self, "\(source)") { try SMSTemplate(source) }
        }
        #expect(throws: TemplateError.unsupportedTag("{nom")) { try SMSTemplate("{{{nom}}}") }
        #expect(throws: TemplateError.unsupportedTag("> partial")) { try SMSTemplate("{{> partial}}") }
        #expect(throws: TemplateError.unsupportedTag("=<% %>=")) { try SMSTemplate("{{=<% %>=}}") }
        #expect(throws: TemplateError.unbalancedSection("lieu")) { try SMSTemplate("{{#lieu}}x") }
        #expect(throws: TemplateError.unclosedTag) { try SMSTemplate("Le {{date") }
        #expect(throws: Never.self) { try SMSTemplate("{{! un commentaire }}Le {{date}} à {{heure}}") }
    }

    @Test func theContextTypeHoldsOnlyAllowedFacts() throws {
        let names = Set(Mirror(reflecting: try facts()).children.compactMap(\.label))
        #expect(names == ["start", "timeZone", "placeName", "address", "bring", "contact", "previousStart"])
    }

    @Test func canaryValuesInFreeTextNeverAddLinesOrControlCharacters() throws {
        var hostile = try facts()
        hostile.address = "12 rue X\r\nCANARY-LINE\u{1B}[2J\u{202E}"
        let sms = try TemplateCatalogue.neutral().template(for: .reminder).render(hostile)
        #expect(!sms.sentText.contains("\n"))
        #expect(!sms.sentText.unicodeScalars.contains("\u{1B}"))
        #expect(!sms.sentText.unicodeScalars.contains("\u{202E}"))
        #expect(sms.sentText.contains("12 rue X CANARY-LINE[2J"))
    }

    @Test func renderedTextsNeverCarryJusticeVocabulary() throws {
        let forbidden = ["probation", "condamn", "sursis", "TIG", "bracelet", "SPIP", "JAP", "peine", "dossier", "STOP"]
        let catalogue = try TemplateCatalogue.neutral()
        let previous = CalendarDay(2026, 2, 27).at(hour: 9, minute: 5, in: paris)
        for kind in NotificationKind.allCases {
            let text = try catalogue.template(for: kind).render(try facts(previous: previous)).sentText
            for word in forbidden { #expect(!text.localizedCaseInsensitiveContains(word), "\(kind): \(word)") }
        }
    }

    @Test func fieldLimitsAndBudgetsHold() throws {
        var long = try facts()
        long.address = String(repeating: "a", count: FieldLimits.address + 1)
        #expect(throws: TemplateError.fieldTooLong(.adresse, limit: FieldLimits.address)) {
            try TemplateCatalogue.neutral().template(for: .reminder).render(long)
        }
        var many = try facts()
        many.bring = [.identityDocument, .convocation, .proofOfAddress]
        #expect(throws: TemplateError.tooManyItems(3, limit: 2)) {
            try TemplateCatalogue.neutral().template(for: .reminder).render(many)
        }
        #expect(throws: TemplateError.worstCaseOverBudget(segments: 3, allowed: 2)) {
            var defaults = TemplateCatalogue.neutralDefaults
            defaults[.summon] = String(repeating: "Texte trop long. ", count: 20) + "{{date}}"
            _ = try TemplateCatalogue(defaults: defaults)
        }
        let reminder = try TemplateCatalogue.neutral().template(for: .reminder)
        var full = try facts()
        full.address = String(repeating: "a", count: FieldLimits.address)
        #expect(try reminder.render(full).segments == 2)
        #expect(throws: TemplateError.text(.overBudget(segments: 2, allowed: 1, encoding: .gsm7, units: 208))) {
            try reminder.render(full, maxSegments: Territory.saintPierreEtMiquelon.segmentBudget)
        }
    }

    @Test func anAppointmentTypeMayHaveItsOwnTemplate() throws {
        let catalogue = try TemplateCatalogue(
            defaults: TemplateCatalogue.neutralDefaults,
            byAppointmentType: ["Placement TIG/TNR": [.reminder: "Rappel : le {{jour}} {{date}} à {{heure}}, {{adresse}}."]])
        #expect(catalogue.template(for: .reminder, appointmentType: "Placement TIG/TNR").source.hasPrefix("Rappel : le "))
        #expect(catalogue.template(for: .summon, appointmentType: "Placement TIG/TNR").source.hasPrefix("Convocation"))
        #expect(catalogue.template(for: .reminder, appointmentType: "Autre").source.hasPrefix("Rappel : rendez-vous"))
    }
}
