import Foundation

/// Durable state of the SMS service: per-person contact state, appointments as last received, the notification
/// outbox, attempts and receipts (SMS rules S1, S2, R1–R4). Every method that returns has committed, its audit
/// entries with it. Statuses and kinds are the raw values of `SMSCore`'s enums.
public protocol SMSStore: Sendable {
    /// Stores an appointment event's outcome in one transaction: the person's contact state, the appointment,
    /// the withdrawal of its pending notifications and the new ones (a notification already planned for the same
    /// appointment, kind and desired time is kept, so replaying the event changes nothing).
    func applySMSPlan(_ plan: SMSPlanUnit) async throws -> SMSPlanOutcome
    func smsContact(personKey: String) async throws -> SMSContactRecord?
    /// The people whose number has this keyed hash (a STOP reply names only the number).
    func smsPersonKeys(phoneHash: String) async throws -> [String]
    func smsAppointment(id: String) async throws -> SMSAppointmentRecord?
    /// Appointments starting in `[from, to)`, soonest first.
    func smsAppointments(from: Date, to: Date, limit: Int) async throws -> [SMSAppointmentRecord]
    func smsNotifications(appointmentId: String) async throws -> [SMSNotificationRecord]
    func smsNotification(id: String) async throws -> SMSNotificationRecord?
    func smsNotification(providerMessageId: String) async throws -> SMSNotificationRecord?
    /// Leases due work: `planned` notifications whose send time has come and `uncertain` ones whose reconciliation
    /// is due, and those whose lease ran out; oldest send time first.
    func claimDueSMS(owner: String, leaseMilliseconds: Int, limit: Int, now: Date) async throws -> [SMSNotificationRecord]
    /// Changes one notification if it still is in `change.expectedStatus` (compare-and-set); with its attempt row,
    /// and its receipt (deduplicated on `dedupeKey`), and audit entries. Returns false, writing nothing but the
    /// receipt, when the status moved meanwhile.
    func changeSMS(_ change: SMSChange) async throws -> SMSChangeOutcome
    /// The receipts stored for one provider message, oldest first (per-part receipts are combined from them).
    func smsReceipts(providerMessageId: String) async throws -> [SMSReceiptRecord]
    /// Records a receipt that changes no notification (stale, duplicate, unknown message); false if already stored.
    func recordSMSReceipt(_ receipt: SMSReceiptRecord, audit: [AuditDraft]) async throws -> Bool
    /// Marks the people opted out and cancels all their `planned` and `uncertain` notifications; returns those.
    func recordSMSOptOut(personKeys: [String], by actor: String, at: Date, audit: [AuditDraft]) async throws
        -> [SMSNotificationRecord]
    /// `accepted` or `sent` notifications accepted before `acceptedBefore`: no final receipt in time.
    func smsAwaitingFinalReceipt(acceptedBefore: Date, limit: Int) async throws -> [SMSNotificationRecord]
    /// Notifications whose current status the home system has not been told of yet, least recently changed first.
    /// Every status counts but `planned`, `sending`, `uncertain` and `sent`, which are not reported.
    func unreportedSMS(limit: Int) async throws -> [SMSNotificationRecord]
    /// Records that the home system was told `status`; false, writing nothing, when the notification is no longer
    /// in that status (compare-and-set: an older notice never covers a newer change).
    @discardableResult
    func markSMSReported(notificationId: String, status: String) async throws -> Bool
    /// People whose opt-out the home system has not been told of yet, oldest opt-out first.
    func unreportedSMSOptOuts(limit: Int) async throws -> [SMSContactRecord]
    /// Records that the home system was told of the opt-out made at `optedOutAt`; false, writing nothing, when the
    /// person's opt-out time is another one.
    @discardableResult
    func markSMSOptOutReported(personKey: String, optedOutAt: Date) async throws -> Bool
}

/// A person's SMS state. The number is stored encrypted; only its keyed hash is searchable.
public struct SMSContactRecord: Sendable, Equatable {
    /// `person:<uuid>`.
    public var personKey: String
    public var phoneCipher: [UInt8]?
    public var phoneHash: String?
    /// `+33 6 •• •• •• 12`.
    public var maskedPhone: String?
    /// The territory code of the number (`FR`, `RE`...): the time zone without decrypting.
    public var territory: String?
    /// `accepted`, `refused` or `noPhone`, as the home system last said.
    public var consent: String
    public var optedOutAt: Date?
    public var optedOutBy: String?
    public var updatedAt: Date

    public init(personKey: String, phoneCipher: [UInt8]?, phoneHash: String?, maskedPhone: String?, territory: String?,
                consent: String, optedOutAt: Date? = nil, optedOutBy: String? = nil, updatedAt: Date) {
        self.personKey = personKey
        self.phoneCipher = phoneCipher
        self.phoneHash = phoneHash
        self.maskedPhone = maskedPhone
        self.territory = territory
        self.consent = consent
        self.optedOutAt = optedOutAt
        self.optedOutBy = optedOutBy
        self.updatedAt = updatedAt
    }
}

/// An appointment as last received: what an SMS may say (rendered at send time, SMS rules C6).
public struct SMSAppointmentRecord: Sendable, Equatable, Codable {
    public var id: String
    public var personKey: String
    public var type: String
    public var start: Date
    public var timeZone: String
    public var placeName: String
    public var address: String
    public var contactPhone: String?
    /// `booked`, `canceled`... (`AppointmentState` raw values).
    public var state: String
    public var updatedAt: Date

    public init(id: String, personKey: String, type: String, start: Date, timeZone: String, placeName: String,
                address: String, contactPhone: String?, state: String, updatedAt: Date) {
        self.id = id
        self.personKey = personKey
        self.type = type
        self.start = start
        self.timeZone = timeZone
        self.placeName = placeName
        self.address = address
        self.contactPhone = contactPhone
        self.state = state
        self.updatedAt = updatedAt
    }
}

/// One outbox row: one SMS about one appointment.
public struct SMSNotificationRecord: Sendable, Equatable, Codable {
    public var id: String
    public var appointmentId: String
    public var personKey: String
    /// `summon`, `reminder`, `cancellation`, `reschedule`.
    public var kind: String
    public var desiredAt: Date
    public var sendAt: Date
    public var status: String
    public var attempts: Int
    public var provider: String?
    public var providerMessageId: String?
    public var previousStart: Date?
    /// Why it was deferred, refused, cancelled or failed: no personal data.
    public var reason: String?
    public var encoding: String?
    public var segments: Int?
    /// SHA-256 of the text sent (SMS rules C8): evidence without the text.
    public var textHash: String?
    public var acceptedAt: Date?
    public var finalAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    /// The first notification of the chain this one retries after `failed_temporary` (SMS rules §12.3), if any.
    public var retryOf: String?
    /// Which new attempt of its chain this is: 0 for the first notification.
    public var retry: Int

    public init(id: String, appointmentId: String, personKey: String, kind: String, desiredAt: Date, sendAt: Date,
                status: String, attempts: Int = 0, provider: String? = nil, providerMessageId: String? = nil,
                previousStart: Date? = nil, reason: String? = nil, encoding: String? = nil, segments: Int? = nil,
                textHash: String? = nil, acceptedAt: Date? = nil, finalAt: Date? = nil, createdAt: Date,
                updatedAt: Date, retryOf: String? = nil, retry: Int = 0) {
        self.id = id
        self.appointmentId = appointmentId
        self.personKey = personKey
        self.kind = kind
        self.desiredAt = desiredAt
        self.sendAt = sendAt
        self.status = status
        self.attempts = attempts
        self.provider = provider
        self.providerMessageId = providerMessageId
        self.previousStart = previousStart
        self.reason = reason
        self.encoding = encoding
        self.segments = segments
        self.textHash = textHash
        self.acceptedAt = acceptedAt
        self.finalAt = finalAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.retryOf = retryOf
        self.retry = retry
    }
}

/// What one appointment event stores.
public struct SMSPlanUnit: Sendable {
    /// The person's new contact state, when the event carried one.
    public var contact: SMSContactRecord?
    public var appointment: SMSAppointmentRecord?
    /// Withdraw the appointment's `planned` and `uncertain` notifications first.
    public var cancelPendingOf: String?
    public var notifications: [SMSNotificationRecord]
    public var audit: [AuditDraft]
    public var now: Date

    public init(contact: SMSContactRecord?, appointment: SMSAppointmentRecord?, cancelPendingOf: String?,
                notifications: [SMSNotificationRecord], audit: [AuditDraft], now: Date) {
        self.now = now
        self.contact = contact
        self.appointment = appointment
        self.cancelPendingOf = cancelPendingOf
        self.notifications = notifications
        self.audit = audit
    }
}

/// What `applySMSPlan` did.
public struct SMSPlanOutcome: Sendable, Equatable {
    /// Ids of the notifications inserted now (a replayed event inserts none).
    public var inserted: [String]
    /// The notifications withdrawn.
    public var cancelled: [SMSNotificationRecord]

    public init(inserted: [String], cancelled: [SMSNotificationRecord]) {
        self.inserted = inserted
        self.cancelled = cancelled
    }
}

/// One attempt at sending, written before the provider is called (SMS rules S2) and completed after.
public struct SMSAttemptRecord: Sendable, Equatable {
    public var notificationId: String
    public var attempt: Int
    public var provider: String
    public var outcome: String
    public var reason: String?
    public var at: Date

    public init(notificationId: String, attempt: Int, provider: String, outcome: String, reason: String?, at: Date) {
        self.notificationId = notificationId
        self.attempt = attempt
        self.provider = provider
        self.outcome = outcome
        self.reason = reason
        self.at = at
    }
}

/// A provider receipt as stored: its fields, never the phone number.
public struct SMSReceiptRecord: Sendable, Equatable {
    public var dedupeKey: String
    public var provider: String
    public var providerMessageId: String
    public var notificationId: String?
    public var status: String
    public var part: Int?
    public var parts: Int?
    public var errorCode: String?
    public var receivedAt: Date

    public init(dedupeKey: String, provider: String, providerMessageId: String, notificationId: String?, status: String,
                part: Int?, parts: Int?, errorCode: String?, receivedAt: Date) {
        self.dedupeKey = dedupeKey
        self.provider = provider
        self.providerMessageId = providerMessageId
        self.notificationId = notificationId
        self.status = status
        self.part = part
        self.parts = parts
        self.errorCode = errorCode
        self.receivedAt = receivedAt
    }
}

/// A compare-and-set on one notification.
public struct SMSChange: Sendable {
    public var notificationId: String
    public var expectedStatus: String
    public var status: String
    /// Next due time for `planned` (retry) or `uncertain` (next reconciliation); unchanged when nil.
    public var sendAt: Date?
    /// Counts one more attempt.
    public var countsAttempt: Bool
    public var provider: String?
    public var providerMessageId: String?
    public var reason: String?
    public var encoding: String?
    public var segments: Int?
    public var textHash: String?
    public var acceptedAt: Date?
    public var finalAt: Date?
    public var attempt: SMSAttemptRecord?
    public var receipt: SMSReceiptRecord?
    public var audit: [AuditDraft]
    public var now: Date

    public init(notificationId: String, expectedStatus: String, status: String, sendAt: Date? = nil,
                countsAttempt: Bool = false, provider: String? = nil, providerMessageId: String? = nil,
                reason: String? = nil, encoding: String? = nil, segments: Int? = nil, textHash: String? = nil,
                acceptedAt: Date? = nil, finalAt: Date? = nil, attempt: SMSAttemptRecord? = nil,
                receipt: SMSReceiptRecord? = nil, audit: [AuditDraft] = [], now: Date) {
        self.notificationId = notificationId
        self.expectedStatus = expectedStatus
        self.status = status
        self.sendAt = sendAt
        self.countsAttempt = countsAttempt
        self.provider = provider
        self.providerMessageId = providerMessageId
        self.reason = reason
        self.encoding = encoding
        self.segments = segments
        self.textHash = textHash
        self.acceptedAt = acceptedAt
        self.finalAt = finalAt
        self.attempt = attempt
        self.receipt = receipt
        self.audit = audit
        self.now = now
    }
}

/// What `changeSMS` did.
public enum SMSChangeOutcome: Sendable, Equatable {
    case changed
    /// The status was no longer the expected one: nothing changed.
    case moved
    /// The receipt's dedupe key was already stored: a duplicate, nothing changed.
    case duplicateReceipt
}
