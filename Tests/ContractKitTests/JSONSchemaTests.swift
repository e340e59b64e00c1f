import CaseModel
import ContractKit
import Testing

@Suite struct JSONSchemaTests {
    private func schema(_ text: String) throws -> JSONSchema {
        try JSONSchema(bytes: Array(text.utf8), file: "test.schema.json")
    }

    private func violations(_ schema: JSONSchema, _ document: String) throws -> [String] {
        schema.validate(try StrictJSON.parse(Array(document.utf8)))
    }

    @Test func closedObjectsNameMissingUnknownAndMistypedFields() throws {
        let person = try schema("""
            {"type": "object", "additionalProperties": false, "required": ["id", "nom"],
             "properties": {"id": {"type": "string", "format": "uuid"}, "nom": {"type": "string", "maxLength": 5},
                            "age": {"type": "integer", "minimum": 0}}}
            """)
        #expect(try violations(person, #"{"id": "0190f3a2-7b1c-7000-8000-00000000000a", "nom": "ABC"}"#).isEmpty)
        let found = try violations(person, #"{"id": "not-a-uuid", "nom": "TOOLONG", "age": 1.5, "notes": "x"}"#)
        #expect(found.contains("$.id: not a valid uuid"))
        #expect(found.contains("$.nom: 7 characters, at most 5 allowed"))
        #expect(found.contains("$.age: expected integer, got number"))
        #expect(found.contains(#"$: field "notes" is not allowed (additionalProperties: false)"#))
        #expect(try violations(person, #"{"nom": "A"}"#) == [#"$: missing required field "id""#])
    }

    @Test func referencesEnumsPatternsAndArraysAreChecked() throws {
        let batch = try schema("""
            {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/item"},
             "$defs": {"item": {"type": "object", "properties": {
                "status": {"enum": ["EN_COURS", "TERMINEE"]}, "code": {"type": "string", "pattern": "^[0-9-]+$"},
                "at": {"type": "string", "format": "date-time"}}}}}
            """)
        #expect(try violations(batch, "[]") == ["$: 0 items, at least 1 required"])
        let found = try violations(batch, #"[{"status": "SUSPENDUE", "code": "12a", "at": "2026-11-02 09:30"}]"#)
        #expect(found.contains(#"$[0].status: "SUSPENDUE" is not one of "EN_COURS", "TERMINEE""#))
        #expect(found.contains("$[0].code: does not match the pattern ^[0-9-]+$"))
        #expect(found.contains("$[0].at: not a valid date-time"))
        #expect(try violations(batch, #"[{"status": "EN_COURS", "at": "2026-11-02T09:30:00.000Z"}]"#).isEmpty)
    }

    @Test func aKeywordOutsideTheSubsetIsRefusedWhenTheSchemaLoads() throws {
        #expect(throws: ContractError.self) { try schema(#"{"type": "object", "oneOf": [{"required": ["a"]}]}"#) }
        #expect(throws: ContractError.self) { try schema(#"{"$ref": "other.json#/x"}"#) }
        #expect(throws: ContractError.self) { try schema(#"{"type": "string", "format": "email"}"#) }
    }

    @Test func anyOfReportsTheClosestShapesErrors() throws {
        let either = try schema("""
            {"anyOf": [{"$ref": "#/$defs/one"}, {"type": "array", "items": {"$ref": "#/$defs/one"}}],
             "$defs": {"one": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}}}
            """)
        #expect(try violations(either, #"{"kind": "a"}"#).isEmpty)
        #expect(try violations(either, #"[{"kind": "a"}]"#).isEmpty)
        #expect(try violations(either, #"{"kind": 3}"#) == ["$.kind: expected string, got number"])
    }
}
