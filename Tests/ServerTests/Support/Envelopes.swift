import Foundation

/// Synthetic canonical envelopes, as the home system would post them. No real person, case or number.
enum Envelopes {
    static let personA = "0190f3a2-7b1c-7000-8000-00000000000a"
    static let personB = "0190f3a2-7b1c-7000-8000-00000000000b"

    /// A `measure.mandated` envelope for a person, with a distinct source message id.
    static func measure(_ sourceId: String, person: String = personA, site: String = "SPIP-57",
                        label: String = "Obligation de soins") -> String {
        """
        {"version":1,"kind":"measure.mandated","source":{"system":"APPI","site":"\(site)"},
         "sourceMessageId":"\(sourceId)","subject":{"personId":"\(person)","caseId":"24123000456"},
         "occurredAt":"2026-11-02T09:30:00Z","purpose":"saisine",
         "payload":{"measure":{"id":"0190f3a2-7b1c-7000-8000-0000000000f1","type":"SP","status":"A_PRENDRE_EN_CHARGE",
           "obligations":[{"code":"132-45-3","label":"\(label)"}]}}}
        """
    }

    /// A `note.recorded` envelope carrying a CPIP note and an interview record with canary texts,
    /// plus identity and measure data that a parquet may receive.
    static func noteAndInterview(_ sourceId: String, noteCanary: String, interviewCanary: String) -> String {
        """
        {"version":1,"kind":"note.recorded","source":{"system":"APPI","site":"SPIP-57"},
         "sourceMessageId":"\(sourceId)","subject":{"personId":"\(personA)"},
         "occurredAt":"2026-11-02T10:00:00Z","purpose":"suivi",
         "payload":{
           "person":{"id":"\(personA)","nom":"EXEMPLE","prenoms":["Camille"]},
           "measure":{"id":"0190f3a2-7b1c-7000-8000-0000000000f1","type":"SP","status":"EN_COURS","obligations":[]},
           "notes":[{"id":"0190f3a2-7b1c-7000-8000-0000000000c1","author":"cpip-001","date":"2026-11-02T10:00:00Z",
                     "text":"\(noteCanary)"}],
           "interviews":[{"id":"0190f3a2-7b1c-7000-8000-0000000000c2","author":"cpip-001",
                          "date":"2026-11-01T14:00:00Z","text":"\(interviewCanary)"}]}}
        """
    }
}
