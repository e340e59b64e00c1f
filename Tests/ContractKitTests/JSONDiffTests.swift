import CaseModel
import ContractKit
import Testing

@Suite struct JSONDiffTests {
    private func json(_ text: String) throws -> JSONValue { try StrictJSON.parse(Array(text.utf8)) }

    @Test func differencesNameThePathAndBothValuesIgnoringOrderAndNumberSpelling() throws {
        let expected = try json(#"[{"a": 1, "b": {"c": "x", "d": [1, 2]}}]"#)
        #expect(JSONDiff.differences(expected: expected, actual: try json(#"[{"b": {"d": [1.0, 2], "c": "x"}, "a": 1}]"#)).isEmpty)
        let found = JSONDiff.differences(expected: expected, actual: try json(#"[{"a": 1, "b": {"c": "y", "d": [1], "e": true}}]"#))
        #expect(found == [#"$[0].b.c: expected "x", got "y""#, "$[0].b.d[1]: expected 2, got nothing",
                          "$[0].b.e: expected nothing, got true"])
    }

    @Test func theGatewayAssignedIdIsIgnoredOnlyWhenTheExpectedEnvelopeOmitsIt() throws {
        let actual = try json(#"[{"id": "0190f3a2-7b1c-7000-8000-000000000001", "kind": "k"}]"#)
        #expect(JSONDiff.envelopeDifferences(expected: try json(#"[{"kind": "k"}]"#), actual: actual).isEmpty)
        let stated = try json(#"[{"id": "0190f3a2-7b1c-7000-8000-000000000002", "kind": "k"}]"#)
        #expect(JSONDiff.envelopeDifferences(expected: stated, actual: actual).count == 1)
    }
}
