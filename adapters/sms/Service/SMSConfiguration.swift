import Foundation
import Gateway
import SMSCore

/// The SMS service's settings, read from `adapters.sms.settings`.
public struct SMSConfiguration: Sendable {
    public var reminders: ReminderSettings
    /// Where people are followed when their number does not say it (e.g. `FR-AM` for Alsace-Moselle).
    public var holidayRegion: HolidayRegion?
    /// What the person is asked to bring, in every SMS that says where to go.
    public var bring: [ItemToBring]
    /// How long a claimed notification stays ours; longer than a provider call.
    public var leaseMilliseconds: Int
    /// How long after an uncertain send the provider is asked about it.
    public var reconcileAfter: TimeInterval
    public var pollMilliseconds: Int

    public init(reminders: ReminderSettings = ReminderSettings(), holidayRegion: HolidayRegion? = nil,
                bring: [ItemToBring] = [.identityDocument], leaseMilliseconds: Int = 60_000,
                reconcileAfter: TimeInterval = 30, pollMilliseconds: Int = 250) {
        self.reminders = reminders
        self.holidayRegion = holidayRegion
        self.bring = bring
        self.leaseMilliseconds = leaseMilliseconds
        self.reconcileAfter = reconcileAfter
        self.pollMilliseconds = pollMilliseconds
    }

    /// The provider slots, in failover order: `primary_*` settings, then `secondary_*` (optional).
    public static let providerSlots = ["primary", "secondary"]

    /// The declared settings (`passerelle adapters describe sms`): the service's own, then each provider slot's
    /// `<slot>_profile` and the profile's settings under the slot's prefix (e.g. `primary_base_url`).
    public static let fields: [AdapterField] = serviceFields + providerSlots.flatMap { slot in
        var seen = Set<String>()
        let profileFields = ProviderProfile.allCases.flatMap(\.fields).filter { seen.insert($0.name).inserted }
        return [AdapterField("\(slot)_profile", "the \(slot) provider's API: `twilio` (form API, X-Twilio-Signature) or "
                             + "`json`; no \(slot) provider without it")]
            + profileFields.map { field in
                // Required-ness and defaults belong to the profile, checked when the provider is built.
                AdapterField("\(slot)_\(field.name)", field.summary, secret: field.secret)
            }
    }

    private static let serviceFields: [AdapterField] = [
        AdapterField("phone_key", "AES-256-GCM key (base64 of 32 bytes) that encrypts stored phone numbers",
                     secret: true, required: true),
        AdapterField("hash_key", "key (32 bytes or more) of the phone numbers' keyed hash in audit entries and lookups",
                     secret: true, required: true),
        AdapterField("reminder_offsets", "reminders before the appointment, e.g. `48h` or `7d, 48h`", default: "48h"),
        AdapterField("summon_at_booking", "send an SMS when the appointment is booked (`true`/`false`)", default: "true"),
        AdapterField("holiday_region", "holidays of the followed population when the number cannot tell: FR, FR-AM, GP, MQ, GF, RE, YT, PM..."),
        AdapterField("bring", "what to bring, comma-separated: identity-document, convocation, proof-of-address, proof-of-income",
                     default: "identity-document"),
        AdapterField("templates", "YAML file of templates per notification kind and appointment type (default: neutral texts)"),
        AdapterField("public_url", "the gateway's public base URL as providers call it (signatures cover the exact URL)",
                     default: "http://127.0.0.1:8080"),
        AdapterField("reconcile_after_seconds", "how long after an uncertain send the provider is asked about it",
                     default: "30"),
    ]

    /// Reads the planning part of the settings; the provider part is read where providers are built.
    public init(settings: AdapterSettings) throws(AdapterSettingsError) {
        func fail(_ message: String) -> AdapterSettingsError { AdapterSettingsError(adapter: "sms", message: message) }
        guard let offsets = ReminderSettings.offsets(parsing: settings.string("reminder_offsets") ?? "48h") else {
            throw fail("reminder_offsets: write durations like `48h`, `7d` or `90m`, separated by commas")
        }
        let summon = settings.string("summon_at_booking") ?? "true"
        guard summon == "true" || summon == "false" else { throw fail("summon_at_booking: `true` or `false`") }
        var region: HolidayRegion?
        if let text = settings.string("holiday_region") {
            guard let parsed = HolidayRegion(rawValue: text) else {
                throw fail("holiday_region: one of \(HolidayRegion.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            region = parsed
        }
        var bring: [ItemToBring] = []
        for word in (settings.string("bring") ?? "").split(separator: ",") {
            guard let item = ItemToBring(rawValue: word.trimmingCharacters(in: .whitespaces)) else {
                throw fail("bring: one or more of \(ItemToBring.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            bring.append(item)
        }
        let reconcile = try settings.int("reconcile_after_seconds") ?? 30
        self.init(reminders: ReminderSettings(reminderOffsets: offsets, summonAtBooking: summon == "true"),
                  holidayRegion: region, bring: bring, reconcileAfter: TimeInterval(max(1, reconcile)))
    }
}
