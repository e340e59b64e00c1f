import CaseModel
import Testing

/// Calendar dates: exact `YYYY-MM-DD`, real days only.
@Suite struct LocalDateTests {
    @Test func parsesAndWritesTheSameText() throws {
        let date = try #require(LocalDate("2024-02-29"))
        #expect((date.year, date.month, date.day) == (2024, 2, 29))
        #expect(date.description == "2024-02-29")
        #expect(LocalDate(year: 7, month: 3, day: 1)?.description == "0007-03-01")
    }

    @Test(arguments: ["2023-02-29", "1900-02-29", "2024-04-31", "2024-00-10", "2024-01-00", "2024-1-1", " 2024-01-01", "2024/01/01", "10000-01-01"])
    func rejectsImpossibleOrMalformedDates(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test func ordersByCalendar() throws {
        let dates = ["2024-03-01", "2023-12-31", "2024-02-29"].compactMap(LocalDate.init)
        #expect(dates.sorted().map(\.description) == ["2023-12-31", "2024-02-29", "2024-03-01"])
    }
}
