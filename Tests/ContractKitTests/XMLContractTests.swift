import ContractKit
import Foundation
import SafeXML
import Testing

/// The XML side of contracts, ready for Cassiopée and GENESIS: XSD validation and scrubbing of recorded XML.
@Suite struct XMLContractTests {
    static let xsd = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:decision"
                   xmlns="urn:test:decision" elementFormDefault="qualified">
          <xs:element name="decision">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="nom" type="xs:string"/>
                <xs:element name="dateNaissance" type="xs:date"/>
              </xs:sequence>
              <xs:attribute name="numeroParquet" type="xs:string" use="required"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """

    @Test func anXSDSchemaValidatesWireMessagesThroughSafeXML() throws {
        let folder = try Paths.temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("decision.v1.xsd")
        try Self.xsd.write(to: file, atomically: true, encoding: .utf8)
        let schema = try WireSchema(file: file)
        let valid = #"<decision xmlns="urn:test:decision" numeroParquet="P-1"><nom>EXEMPLE</nom><dateNaissance>1990-01-01</dateNaissance></decision>"#
        #expect(schema.violations(of: Array(valid.utf8)).isEmpty)
        let extra = valid.replacingOccurrences(of: "</decision>", with: "<note>x</note></decision>")
        #expect(!schema.violations(of: Array(extra.utf8)).isEmpty)
        let doctype = "<!DOCTYPE decision>" + valid
        #expect(!schema.violations(of: Array(doctype.utf8)).isEmpty)
    }

    @Test func recordedXMLLosesNamesBirthDatesAndIdentifiersInTextAndAttributes() throws {
        let real = #"<decision xmlns="urn:test:decision" numeroParquet="CANARY-PARQUET"><nom>CANARYNOM</nom><dateNaissance>1987-06-05</dateNaissance></decision>"#
        let scrubbed = PersonalDataScrubber().scrub(try SafeXML.parse(Array(real.utf8)))
        let written = String(decoding: try XMLWriter.document(scrubbed), as: UTF8.self)
        for canary in ["CANARY-PARQUET", "CANARYNOM", "1987-06-05"] { #expect(!written.contains(canary)) }
        #expect(scrubbed.localName == "decision")
        #expect(scrubbed.namespaceURI == "urn:test:decision")
    }
}
