import Foundation

extension Envelope {
    /// Checks the rules that decoding cannot: identifier formats, a non-empty subject, the payload
    /// section the kind needs, and the consistency of that payload. Reports every broken rule.
    public func validate() throws(ValidationError) {
        var check = Checklist()
        check.require(version == Self.currentVersion, "version", "unsupported version \(version); this gateway reads version \(Self.currentVersion)")
        if let id {
            check.require(UUIDv7.version(of: id) == 7, "id", "must be a UUIDv7 (RFC 9562 version 7)")
        }
        check.require(MessageKind.known.contains(kind), "kind", "unknown message kind")
        check.label(source.site, "source.site", maxLength: 64)
        check.token(sourceMessageId, "sourceMessageId")
        if let correlationId { check.token(correlationId, "correlationId") }
        check.subject(subject)
        check.payload(payload, for: kind)
        guard check.issues.isEmpty else { throw ValidationError(issues: check.issues) }
    }
}

/// Collects broken rules; every message says which field and why, without quoting it.
private struct Checklist {
    private(set) var issues: [ValidationError.Issue] = []

    mutating func require(_ condition: Bool, _ field: String, _ reason: String) {
        if !condition { issues.append(.init(field: field, reason: reason)) }
    }

    /// An identifier: 1 to 128 visible ASCII characters.
    mutating func token(_ value: String, _ field: String) {
        let visible = value.utf8.allSatisfy { (0x21...0x7E).contains($0) }
        require(!value.isEmpty && value.utf8.count <= 128 && visible, field,
                "must be 1 to 128 visible ASCII characters (no spaces or control characters)")
    }

    /// A human-readable label: not blank, no control characters, at most `maxLength` characters.
    mutating func label(_ value: String, _ field: String, maxLength: Int = 512) {
        if value.allSatisfy(\.isWhitespace) {
            issues.append(.init(field: field, reason: "must not be blank"))
            return
        }
        require(value.count <= maxLength, field, "longer than \(maxLength) characters")
        require(!value.unicodeScalars.contains { $0.properties.generalCategory == .control }, field, "contains control characters")
    }

    mutating func text(_ value: String, _ field: String) {
        require(!value.allSatisfy(\.isWhitespace), field, "must not be blank")
    }

    mutating func subject(_ subject: Subject) {
        require(subject.personId != nil || subject.caseId != nil, "subject", "needs a personId or a caseId")
        if let caseId = subject.caseId { label(caseId, "subject.caseId", maxLength: 128) }
        for (index, ref) in (subject.refs ?? []).enumerated() {
            label(ref.kind, "subject.refs[\(index)].kind", maxLength: 64)
            label(ref.value, "subject.refs[\(index)].value", maxLength: 128)
            if let from = ref.validFrom, let to = ref.validTo {
                require(from <= to, "subject.refs[\(index)].validTo", "is before validFrom")
            }
        }
    }

    mutating func payload(_ payload: Payload, for kind: MessageKind) {
        if let section = kind.requiredSection {
            require(isPresent(section, in: payload), "payload.\(section.rawValue)", "required for kind \(kind.rawValue)")
        }
        if let person = payload.person { self.person(person) }
        if let measure = payload.measure { self.measure(measure) }
        if let appointment = payload.appointment { self.appointment(appointment) }
        if let placement = payload.placement { self.placement(placement) }
        if let event = payload.monitoringEvent {
            label(event.type, "payload.monitoringEvent.type", maxLength: 64)
            if let reported = event.reportedType { label(reported, "payload.monitoringEvent.reportedType", maxLength: 64) }
        }
        if let report = payload.smsNotification {
            label(report.status, "payload.smsNotification.status", maxLength: 32)
        }
        if let penalRecord = payload.penalRecord {
            require(penalRecord.version >= 1, "payload.penalRecord.version", "must be 1 or more")
        }
        for (index, interview) in (payload.interviews ?? []).enumerated() {
            text(interview.text, "payload.interviews[\(index)].text")
        }
        for (index, note) in (payload.notes ?? []).enumerated() {
            text(note.text, "payload.notes[\(index)].text")
        }
    }

    private func isPresent(_ section: Payload.Section, in payload: Payload) -> Bool {
        switch section {
        case .person: payload.person != nil
        case .affaire: payload.affaire != nil
        case .decision: payload.decision != nil
        case .measure: payload.measure != nil
        case .appointment: payload.appointment != nil
        case .report: payload.report != nil
        case .interviews: !(payload.interviews ?? []).isEmpty
        case .notes: !(payload.notes ?? []).isEmpty
        case .evaluation: payload.evaluation != nil
        case .penalRecord: payload.penalRecord != nil
        case .placement: payload.placement != nil
        case .monitoringEvent: payload.monitoringEvent != nil
        case .transfer: payload.transfer != nil
        case .custodyMovement: payload.custodyMovement != nil
        case .smsNotification: payload.smsNotification != nil
        }
    }

    private mutating func person(_ person: Person) {
        label(person.nom, "payload.person.nom")
        require(!person.prenoms.isEmpty, "payload.person.prenoms", "needs at least one prénom")
        for (index, prenom) in person.prenoms.enumerated() { label(prenom, "payload.person.prenoms[\(index)]") }
        if let mobile = person.mobile {
            require(Self.isE164(mobile), "payload.person.mobile", "must be an E.164 number: + then 8 to 15 digits")
        }
        if person.smsConsent == .accepted {
            require(person.mobile != nil, "payload.person.smsConsent", "accepted needs a mobile number")
        }
    }

    private mutating func measure(_ measure: Measure) {
        if let start = measure.startDate, let end = measure.endDate {
            require(start <= end, "payload.measure.endDate", "is before startDate")
        }
        if let hours = measure.tigHours { require(hours > 0, "payload.measure.tigHours", "must be positive") }
        if let days = measure.ddseDays { require(days > 0, "payload.measure.ddseDays", "must be positive") }
    }

    private mutating func appointment(_ appointment: Appointment) {
        label(appointment.type, "payload.appointment.type")
        label(appointment.service, "payload.appointment.service")
        require(TimeZone(identifier: appointment.timeZone) != nil, "payload.appointment.timeZone",
                "not a known IANA time zone (e.g. Europe/Paris)")
        label(appointment.place.name, "payload.appointment.place.name")
        label(appointment.place.address, "payload.appointment.place.address")
    }

    private mutating func placement(_ placement: MonitoringPlacement) {
        label(placement.address, "payload.placement.address")
        for (index, window) in placement.schedule.enumerated() {
            let field = "payload.placement.schedule[\(index)]"
            require(!window.weekdays.isEmpty && window.weekdays.allSatisfy((1...7).contains),
                    "\(field).weekdays", "must list days from 1 (Monday) to 7 (Sunday)")
            require(Self.isClockTime(window.from), "\(field).from", "expected HH:MM")
            require(Self.isClockTime(window.to), "\(field).to", "expected HH:MM")
        }
        if let fitting = placement.fittingDate, let removal = placement.removalDate {
            require(fitting <= removal, "payload.placement.removalDate", "is before fittingDate")
        }
    }

    /// `+` then 8 to 15 digits, the first not 0.
    private static func isE164(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (9...16).contains(bytes.count), bytes[0] == UInt8(ascii: "+"), bytes[1] != UInt8(ascii: "0") else { return false }
        return bytes.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// `HH:MM` on a 24-hour clock.
    private static func isClockTime(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
              let hours = CivilCalendar.digits(bytes, 0, 2), let minutes = CivilCalendar.digits(bytes, 3, 2)
        else { return false }
        return hours < 24 && minutes < 60
    }
}
