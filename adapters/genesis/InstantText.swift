import CaseModel
import Foundation

/// Instants as the contract writes them (`2026-11-02T09:00:00+01:00`): read with the canonical model's own rules,
/// so an instant without an offset is refused here as everywhere else.
enum InstantText {
    static func parse(_ text: String) -> Date? {
        try? StrictJSON.decode(Date.self, from: JSONValue.string(text))
    }

    /// The calendar date an instant was written with, in the offset it was written with (`2026-11-02`).
    static func localDate(_ text: String) -> LocalDate? {
        LocalDate(String(text.prefix(10)))
    }
}
