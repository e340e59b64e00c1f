import Testing

@testable import SafeXML

@Suite("Validation against an XSD")
struct SchemaTests {
    static let schemaText = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:justice"
                   xmlns="urn:justice" elementFormDefault="qualified">
          <xs:element name="decision">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="numeroParquet" type="xs:string"/>
                <xs:element name="age" type="xs:int" minOccurs="0"/>
                <xs:element name="mesure" minOccurs="0" maxOccurs="unbounded">
                  <xs:complexType>
                    <xs:attribute name="id" type="xs:ID" use="required"/>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
              <xs:attribute name="version" type="xs:string"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """

    let schema: XMLSchema

    init() throws {
        schema = try XMLSchema(bytes: utf8(Self.schemaText))
    }

    private func document(_ body: String, attributes: String = "") -> [UInt8] {
        utf8(#"<decision xmlns="urn:justice"\#(attributes)>\#(body)</decision>"#)
    }

    private func violation(_ document: [UInt8]) -> String? {
        guard case .schemaViolation(_, let message)? = rejection(of: document, schema: schema) else { return nil }
        return message
    }

    @Test func aValidDocumentPasses() throws {
        let root = try SafeXML.parse(
            document("<numeroParquet>24/123</numeroParquet><age>42</age><mesure id='m1'/>", attributes: " version='1'"),
            schema: schema)
        #expect(try root.requiredText("numeroParquet", ns: "urn:justice") == "24/123")
    }

    @Test func anUnknownElementIsRejectedByName() throws {
        let message = try #require(violation(document("<numeroParquet>1</numeroParquet><note>Dupont</note>")))
        #expect(message.contains("note"))
        #expect(!message.contains("Dupont"))
    }

    @Test func aWrongTypeIsRejectedWithoutQuotingTheValue() throws {
        let message = try #require(violation(document("<numeroParquet>1</numeroParquet><age>Dupont</age>")))
        #expect(message.contains("age"))
        #expect(message.contains("xs:int"))
        #expect(!message.contains("Dupont"))
    }

    @Test func anUnknownAttributeIsRejected() throws {
        let message = try #require(violation(document("<numeroParquet>1</numeroParquet>", attributes: " note='Dupont'")))
        #expect(message.contains("note"))
        #expect(!message.contains("Dupont"))
    }

    @Test func aMissingElementIsRejected() throws {
        let message = try #require(violation(document("<age>1</age>")))
        #expect(message.contains("numeroParquet"))
    }

    @Test func anElementAllowedOnceMayNotRepeat() {
        #expect(violation(document("<numeroParquet>1</numeroParquet><numeroParquet>2</numeroParquet>")) != nil)
    }

    @Test func duplicateIDsAreRejected() throws {
        let message = try #require(violation(document(
            "<numeroParquet>1</numeroParquet><mesure id='Dupont'/><mesure id='Dupont'/>")))
        #expect(!message.contains("Dupont"))
    }

    @Test func theWrongNamespaceIsRejected() {
        #expect(violation(utf8("<decision xmlns='urn:other'><numeroParquet>1</numeroParquet></decision>")) != nil)
    }

    @Test func gateAndLimitsStillApplyWhenValidating() {
        #expect(rejection(of: utf8("<!DOCTYPE decision><decision/>"), schema: schema)
            == .forbiddenConstruct("DOCTYPE", line: 1))
    }

    @Test func oneSchemaServesConcurrentParses() async {
        let schema = self.schema
        let valid = document("<numeroParquet>1</numeroParquet>")
        let invalid = document("<age>1</age>")
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let isValid = index.isMultiple(of: 2)
                    return ((try? SafeXML.parse(isValid ? valid : invalid, schema: schema)) != nil) == isValid
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 200 && results.allSatisfy { $0 })
    }

    @Test func schemasLoadFromFiles() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("decision.xsd", Self.schemaText)
        let fromFile = try XMLSchema(contentsOfFile: path)
        #expect(throws: Never.self) {
            try SafeXML.parse(document("<numeroParquet>1</numeroParquet>"), schema: fromFile)
        }
        #expect(throws: XMLSchemaError.self) { try XMLSchema(contentsOfFile: directory.path + "/missing.xsd") }
    }

    @Test func multiFileSchemasAreRefused() throws {
        let including = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="other.xsd"/></xs:schema>
            """
        let error = try #require(throws: XMLSchemaError.self) { try XMLSchema(bytes: utf8(including)) }
        #expect(error.message.contains("single-file"))
    }

    @Test func brokenSchemasAreRefused() {
        #expect(throws: XMLSchemaError.self) { try XMLSchema(bytes: utf8("<xs:schema")) }
        #expect(throws: XMLSchemaError.self) {
            try XMLSchema(bytes: utf8(#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element/></xs:schema>"#))
        }
        #expect(throws: XMLSchemaError.self) { try XMLSchema(bytes: utf8("<!DOCTYPE x><x/>")) }
    }
}
