import CaseModel
import Testing

/// The parser's refusals (duplicate keys, nesting depth, invalid UTF-8, out-of-range numbers, and RFC 8259 grammar).
@Suite struct StrictJSONParserTests {
    private func parseError(_ text: String, limits: JSONLimits = .default) -> StrictJSONError? {
        parseError(bytes: Array(text.utf8), limits: limits)
    }

    private func parseError(bytes: [UInt8], limits: JSONLimits = .default) -> StrictJSONError? {
        #expect(throws: StrictJSONError.self) { try StrictJSON.parse(bytes, limits: limits) }
    }

    @Test func parsesEveryJSONTypeAndKeepsNumberLiteralsAndMemberOrder() throws {
        let value = try StrictJSON.parse(Array(#" {"b": [1, -2.5e3, true, false, null], "a": "\u00e9\ud83d\ude00\n"} "#.utf8))
        #expect(value == .object([
            ("b", .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null])),
            ("a", .string("é😀\n")),
        ]))
    }

    @Test func duplicateKeyIsRejectedNamingTheKeyAndItsPath() {
        let top = parseError(#"{"role":"a","role":"b"}"#)
        #expect(top?.kind == .duplicateKey)
        #expect(top?.message == #"duplicate key "role" at $"#)

        let nested = parseError(#"{"source":{"system":"APPI","role":"a","role":"b"}}"#)
        #expect(nested?.message == #"duplicate key "role" at $.source"#)
        #expect(nested?.path == "$.source")
    }

    @Test func duplicateKeyWrittenWithAnEscapeIsStillADuplicate() {
        #expect(parseError(#"{"role":1,"r\u006fle":2}"#)?.kind == .duplicateKey)
    }

    @Test func nestingIsAcceptedUpToTheLimitAndRejectedBeyondIt() throws {
        let deepest = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        _ = try StrictJSON.parse(Array(deepest.utf8))

        let tooDeep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        let error = parseError(tooDeep)
        #expect(error?.kind == .tooDeep)
        #expect(error?.message.hasPrefix("nesting deeper than 32 levels at $[0][0]") == true)
    }

    @Test(arguments: [513, 100_000])
    func hostileNestingIsRejectedWithoutCrashing(depth: Int) {
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(parseError(arrays)?.kind == .tooDeep)
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(parseError(objects)?.kind == .tooDeep)
    }

    @Test(arguments: [#"["\ud800"]"#, #"["\udc00"]"#, #"["\ud800\u0041"]"#, #"["\ud800x"]"#])
    func loneSurrogateIsRejected(text: String) {
        let error = parseError(text)
        #expect(error?.kind == .invalidString)
        #expect(error?.message.contains("lone surrogate") == true)
        #expect(error?.path == "$[0]")
    }

    @Test func escapedNulIsRejectedWithItsPath() {
        let error = parseError(#"{"person":{"nom":"A\u0000B"}}"#)
        #expect(error?.kind == .invalidString)
        #expect(error?.message.hasPrefix(#"NUL character (\u0000) not allowed in string at $.person.nom"#) == true)
    }

    @Test(arguments: [0x00, 0x01, 0x0A, 0x1F] as [UInt8])
    func unescapedControlCharacterIsRejected(byte: UInt8) {
        let bytes = Array(#"{"a":"x"#.utf8) + [byte] + Array(#""}"#.utf8)
        #expect(parseError(bytes: bytes)?.kind == .invalidString)
    }

    @Test(arguments: [
        [0xC3, 0x28], [0xFF, 0xFE], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
    ] as [[UInt8]])
    func invalidUTF8InAStringIsRejected(sequence: [UInt8]) {
        let bytes = Array(#"{"nom":""#.utf8) + sequence + Array(#""}"#.utf8)
        let error = parseError(bytes: bytes)
        #expect(error?.kind == .invalidString)
        #expect(error?.message.hasPrefix("string is not valid UTF-8 at $.nom") == true)
    }

    @Test func invalidUTF8OutsideAStringIsRejected() {
        #expect(parseError(bytes: [UInt8(ascii: "["), 0xFF, UInt8(ascii: "]")])?.kind == .syntax)
    }

    @Test func byteOrderMarkIsRejected() {
        #expect(parseError(bytes: [0xEF, 0xBB, 0xBF] + Array("{}".utf8))?.kind == .syntax)
    }

    @Test(arguments: ["NaN", "Infinity", "-Infinity", "[NaN]", #"{"a":Infinity}"#])
    func nanAndInfinityAreRejected(text: String) {
        #expect(parseError(text)?.kind == .syntax)
    }

    @Test(arguments: ["012", "[00]", "-01", #"{"natinf":07151}"#])
    func leadingZerosAreRejected(text: String) {
        let error = parseError(text)
        #expect(error?.kind == .syntax)
        #expect(error?.message.contains("leading zero") == true)
    }

    @Test(arguments: ["-", "1.", ".5", "1e", "1e+", "+1", "0x10", "1.e5"])
    func malformedNumbersAreRejected(text: String) {
        #expect(parseError(text)?.kind == .syntax)
    }

    @Test func hugeNumberLiteralsParseAndAreJudgedByTheTypeThatReadsThem() throws {
        #expect(try StrictJSON.parse(Array("1e999999".utf8)) == .number("1e999999"))
        #expect(try StrictJSON.parse(Array("-0".utf8)) == .number("-0"))
    }

    @Test(arguments: ["{} x", "{}{}", "[1] ]", "1 2", "nullx", "{\"a\":1}\u{0}"])
    func trailingDataIsRejected(text: String) {
        #expect(parseError(text)?.kind == .syntax)
    }

    @Test(arguments: [
        "", " ", "[1,]", #"{"a":1,}"#, "{'a':1}", "{a:1}", #"{"a" 1}"#, "[1 2]", "[", #"{"a":"#, #""abc"#,
        "// c\n{}", "/* c */{}", #"["\x"]"#, #"["\u12"]"#, #"["\u12G4"]"#, "True", "nul",
    ])
    func malformedDocumentsAreRejected(text: String) {
        #expect(parseError(text)?.kind == .syntax)
    }

    @Test func documentOverTheByteLimitIsRejectedBeforeParsing() {
        let limits = JSONLimits(maxBytes: 10)
        let error = parseError(#"{"a":"0123456789"}"#, limits: limits)
        #expect(error?.kind == .tooLarge)
    }

    @Test func stringOverTheStringLimitIsRejected() throws {
        let limits = JSONLimits(maxStringBytes: 8)
        _ = try StrictJSON.parse(Array(#"["12345678"]"#.utf8), limits: limits)
        #expect(parseError(#"["123456789"]"#, limits: limits)?.kind == .invalidString)
        #expect(parseError(#"{"123456789":1}"#, limits: limits)?.kind == .invalidString)
    }

    @Test func defaultLimitsAreThoseOfTheSecurityReference() {
        #expect(JSONLimits.default == JSONLimits(maxDepth: 32, maxBytes: 1_048_576, maxStringBytes: 262_144))
    }

    @Test func errorPathsShowArrayIndexesAndEscapeOddKeys() {
        #expect(parseError(#"{"a":[1,{"b":[tru]}]}"#)?.path == "$.a[1].b[0]")
        #expect(parseError(#"{"we\"ird\n":{"x":1,"x":2}}"#)?.path == #"$.we\"ird\u{a}"#)
    }
}
