import Testing

@testable import SafeXML

@Suite("Reading documents into elements")
struct ReaderTests {
    private let decision = utf8("""
        <?xml version="1.0" encoding="UTF-8"?>
        <j:decision xmlns:j="urn:justice" xmlns:x="urn:extra" xmlns="urn:default" id="D1" x:source="cassiopee">
          <j:affaire>
            <j:numeroParquet>  24/123 </j:numeroParquet>
            <j:vide>   </j:vide>
            <note>a<![CDATA[<b>]]><!-- dropped -->c</note>
          </j:affaire>
        </j:decision>
        """)

    @Test func elementsCarryResolvedNamesAndDeclarations() throws {
        let root = try SafeXML.parse(decision)

        #expect(root.namespaceURI == "urn:justice")
        #expect(root.localName == "decision")
        #expect(root.prefix == "j")
        #expect(root.path == "/decision")
        #expect(root.namespaceDeclarations == [
            XNamespaceDeclaration(prefix: "j", uri: "urn:justice"),
            XNamespaceDeclaration(prefix: "x", uri: "urn:extra"),
            XNamespaceDeclaration(prefix: nil, uri: "urn:default"),
        ])
        #expect(root.attributes == [
            XAttribute("id", value: "D1"),
            XAttribute("source", value: "cassiopee", namespaceURI: "urn:extra", prefix: "x"),
        ])
        #expect(root.attribute("id") == "D1")
        #expect(root.attribute("source", ns: "urn:extra") == "cassiopee")
        #expect(root.attribute("source") == nil)
    }

    @Test func textIsJoinedAcrossCDATAAndCommentsAndKeptAsSent() throws {
        let affaire = try SafeXML.parse(decision).requiredChild("affaire", ns: "urn:justice")

        #expect(try affaire.requiredChild("note", ns: "urn:default").children == [.text("a<b>c")])
        #expect(try affaire.requiredText("numeroParquet", ns: "urn:justice") == "  24/123 ")
        #expect(affaire.elements.count == 3)
    }

    @Test func helpersNameTheElementPathInErrors() throws {
        let affaire = try SafeXML.parse(decision).requiredChild("affaire", ns: "urn:justice")

        #expect(throws: XMLRejection.missingElement(path: "/decision/affaire/dateDecision")) {
            try affaire.requiredText("dateDecision", ns: "urn:justice")
        }
        #expect(throws: XMLRejection.missingValue(path: "/decision/affaire/vide")) {
            try affaire.requiredText("vide", ns: "urn:justice")
        }
        #expect(throws: XMLRejection.missingElement(path: "/decision/affaire/numeroParquet")) {
            try affaire.requiredText("numeroParquet", ns: "urn:other")
        }
        #expect(throws: XMLRejection.missingAttribute(path: "/decision/affaire", attribute: "id")) {
            try affaire.requiredAttribute("id")
        }
        #expect(throws: XMLRejection.unexpectedElement(path: "/decision", expected: "jugement")) {
            try SafeXML.parse(decision).expectRoot(localName: "jugement", namespace: "urn:justice")
        }
    }

    @Test func whitespaceBetweenElementsIsKeptAsText() throws {
        let root = try SafeXML.parse(utf8("<r>\n  <a/>\n</r>"))
        #expect(root.children == [.text("\n  "), .element(XElement("a")), .text("\n")])
    }

    @Test func limitsAreConfigurable() {
        let limits = XMLLimits(maxDepth: 2, maxElements: 3, maxAttributesPerElement: 1, maxAttributeValueBytes: 3,
                               maxTextBytes: 4, maxNameBytes: 3)
        #expect(rejection(of: utf8("<r><a><b/></a></r>"), limits: limits) == .tooDeep(limit: 2, line: 1))
        #expect(rejection(of: utf8("<r><a/><a/><a/></r>"), limits: limits) == .tooManyElements(limit: 3))
        #expect(rejection(of: utf8(#"<r a="1" b="2"/>"#), limits: limits) == .tooManyAttributes(limit: 1, path: "/r"))
        #expect(rejection(of: utf8(#"<r a="1234"/>"#), limits: limits)
            == .attributeTooLong(limit: 3, path: "/r", attribute: "a"))
        #expect(rejection(of: utf8("<r>12<![CDATA[345]]></r>"), limits: limits) == .textTooLong(limit: 4, path: "/r"))
        #expect(rejection(of: utf8("<r><abcd/></r>"), limits: limits) == .nameTooLong(limit: 3, line: 1))
        #expect(rejection(of: utf8(#"<r a="123">1234</r>"#), limits: limits) == nil)
    }

    @Test func descriptionsNeverShowValues() throws {
        let root = try SafeXML.parse(utf8(#"<personne nom="Dupont">Jean</personne>"#))
        #expect(!root.description.contains("Dupont"))
        #expect(!root.description.contains("Jean"))
        #expect(!String(describing: root.attributes).contains("Dupont"))
    }

    @Test func builtElementsHaveJoinedTextAndTheirOwnPaths() {
        let built = XElement("r", children: [
            .text("a"), .text(""), .text("b"), .element(XElement("c", children: [.element(XElement("d"))])),
        ])
        #expect(built.children.first == .text("ab"))
        #expect(built.elements.first?.path == "/r/c")
        #expect(built.elements.first?.elements.first?.path == "/r/c/d")
    }

    @Test func rejectionsLeaveNoPartialResult() {
        // The value is produced only on success: a late error after many elements still yields nothing.
        let document = utf8("<r>" + String(repeating: "<e>v</e>", count: 1_000) + "<bad></r>")
        #expect(rejection(of: document) != nil)
    }
}
