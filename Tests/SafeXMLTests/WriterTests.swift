import Testing

@testable import SafeXML

@Suite("Writing XML")
struct WriterTests {
    private let declaration = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"

    private func written(_ build: (inout XMLWriter) throws(XMLWriterError) -> Void) throws -> String {
        var writer = XMLWriter()
        try build(&writer)
        return String(decoding: try writer.finish(), as: UTF8.self)
    }

    @Test func textAndAttributesAreEscaped() throws {
        let output = try written { writer throws(XMLWriterError) in
            try writer.startElement("r")
            try writer.attribute("a", value: "<&>\"'\t\n\r")
            try writer.text("<&>\"' ]]> \r\n\t")
            try writer.endElement()
        }
        #expect(output == declaration + #"<r a="&lt;&amp;&gt;&quot;'&#x9;&#xA;&#xD;">&lt;&amp;&gt;"' ]]&gt; &#xD;"# + "\n\t</r>")
    }

    @Test func charactersOutsideXML10AreRefused() {
        for codePoint: UInt32 in [0x0, 0x1, 0x8, 0xB, 0xC, 0xE, 0x1F, 0xFFFE, 0xFFFF] {
            let text = String(Character(Unicode.Scalar(codePoint)!))
            #expect(throws: XMLWriterError.invalidCharacter(codePoint: codePoint, context: "text of /r")) {
                var writer = XMLWriter()
                try writer.startElement("r")
                try writer.text("a" + text)
            }
            #expect(throws: XMLWriterError.invalidCharacter(codePoint: codePoint, context: "attribute a of /r")) {
                var writer = XMLWriter()
                try writer.startElement("r")
                try writer.attribute("a", value: text)
            }
        }
        let message = XMLWriterError.invalidCharacter(codePoint: 0xB, context: "text of /r").description
        #expect(message.contains("U+B"))
    }

    @Test func namespacesAreDeclaredOnceWhereNeeded() throws {
        let output = try written { writer throws(XMLWriterError) in
            try writer.startElement("decision", namespace: "urn:justice", prefix: "j")
            try writer.attribute("id", value: "1")
            try writer.attribute("source", value: "c", namespace: "urn:extra")
            try writer.startElement("affaire", namespace: "urn:justice", prefix: "j")
            try writer.startElement("plain")
            try writer.endElement()
            try writer.endElement()
            try writer.startElement("defaulted", namespace: "urn:d")
            try writer.startElement("plain")
            try writer.endElement()
            try writer.endElement()
            try writer.endElement()
        }
        #expect(output == declaration + """
            <j:decision xmlns:j="urn:justice" xmlns:ns1="urn:extra" id="1" ns1:source="c">\
            <j:affaire><plain/></j:affaire><defaulted xmlns="urn:d"><plain xmlns=""/></defaulted></j:decision>
            """)
    }

    @Test func misuseIsRefused() {
        #expect(throws: XMLWriterError.invalidName("1a")) { var w = XMLWriter(); try w.startElement("1a") }
        #expect(throws: XMLWriterError.invalidName("a:b")) { var w = XMLWriter(); try w.startElement("a:b") }
        #expect(throws: XMLWriterError.prefixWithoutNamespace(prefix: "p")) {
            var w = XMLWriter(); try w.startElement("a", prefix: "p")
        }
        #expect(throws: XMLWriterError.duplicateAttribute(name: "a", path: "/r")) {
            var w = XMLWriter(); try w.startElement("r"); try w.attribute("a", value: "1"); try w.attribute("a", value: "2")
        }
        #expect(throws: XMLWriterError.attributeOutsideStartTag(name: "a")) {
            var w = XMLWriter(); try w.startElement("r"); try w.text("t"); try w.attribute("a", value: "1")
        }
        #expect(throws: XMLWriterError.secondRoot) {
            var w = XMLWriter(); try w.startElement("a"); try w.endElement(); try w.startElement("b")
        }
        #expect(throws: XMLWriterError.unclosedElements(count: 1)) {
            var w = XMLWriter(); try w.startElement("a"); _ = try w.finish()
        }
        #expect(throws: XMLWriterError.noRoot) { _ = try XMLWriter().finish() }
        #expect(throws: XMLWriterError.conflictingPrefix(prefix: "p", path: "/r")) {
            var w = XMLWriter()
            try w.startElement("r", namespace: "urn:a", prefix: "p")
            try w.attribute("x", value: "1", namespace: "urn:b", prefix: "p")
        }
        #expect(throws: XMLWriterError.reservedName("xmlns")) {
            var w = XMLWriter(); try w.startElement("r"); try w.attribute("xmlns", value: "urn:x")
        }
    }

    @Test func parsedDocumentsSurviveARoundTrip() throws {
        let original = try SafeXML.parse(utf8("""
            <?xml version="1.0"?>
            <j:decision xmlns:j="urn:justice" xmlns="urn:d" j:id="1" xml:lang="fr">
              <note a="x&#9;y&#10;z&#13;">é &lt;b&gt; &amp; <![CDATA[]]]]><![CDATA[>]]>&#13;</note>
              <j:vide/>
              <plain xmlns=""> </plain>
            </j:decision>
            """))
        let reparsed = try SafeXML.parse(try XMLWriter.document(original))
        #expect(reparsed == original)
        #expect(try XMLWriter.document(reparsed) == XMLWriter.document(original))
    }

    @Test func generatedTreesSurviveARoundTrip() throws {
        var generator = TreeGenerator(seed: 0x5EED)
        for _ in 0..<300 {
            let tree = generator.document()
            let bytes = try XMLWriter.document(tree)
            let reparsed = try SafeXML.parse(bytes)
            #expect(reparsed == tree, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func treesWithoutDeclarationsGetThemAndKeepTheirMeaning() throws {
        let tree = XElement("r", namespaceURI: "urn:a", attributes: [XAttribute("x", value: "1", namespaceURI: "urn:b")],
                            children: [.element(XElement("c", namespaceURI: "urn:b", prefix: "b"))])
        let reparsed = try SafeXML.parse(try XMLWriter.document(tree))
        #expect(SafeXML.canonical(reparsed) == SafeXML.canonical(tree))
        #expect(reparsed.attribute("x", ns: "urn:b") == "1")
    }
}

/// Random documents with coherent namespace declarations: a small deterministic generator (SplitMix64).
struct TreeGenerator {
    private var state: UInt64
    private let namespaces = [("a", "urn:a"), ("b", "urn:b?x=1&y=2")]
    private let alphabet: [String] = ["a", "Z", "0", " ", "\t", "\n", "\r", "&", "<", ">", "\"", "'", "]]>", "é",
                                      "€", "𝄞", "\u{7F}", "\u{85}", "\u{FEFF}", "-->", "<!--", "<?x?>", "&amp;"]

    init(seed: UInt64) {
        state = seed
    }

    mutating func document() -> XElement {
        XElement("root", namespaceURI: "urn:a", prefix: "a",
                 namespaceDeclarations: namespaces.map { XNamespaceDeclaration(prefix: $0.0, uri: $0.1) },
                 attributes: attributes(), children: children(depth: 1))
    }

    private mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((value ^ (value >> 31)) % UInt64(bound))
    }

    private mutating func text() -> String {
        (0..<next(6)).map { _ in alphabet[next(alphabet.count)] }.joined()
    }

    private mutating func name() -> String {
        ["n", "nom", "é_1", "a-b.c", "numeroParquet"][next(5)]
    }

    private mutating func attributes() -> [XAttribute] {
        var seen = Set<String>()
        var result: [XAttribute] = []
        for _ in 0..<next(4) {
            let namespace = next(3) == 0 ? namespaces[next(2)] : nil
            let localName = name()
            guard seen.insert("\(namespace?.1 ?? "")|\(localName)").inserted else { continue }
            result.append(XAttribute(localName, value: text(), namespaceURI: namespace?.1, prefix: namespace?.0))
        }
        return result
    }

    private mutating func children(depth: Int) -> [XNode] {
        guard depth < 5 else { return [.text(text())] }
        return (0..<next(4)).map { _ in
            if next(2) == 0 { return XNode.text(text()) }
            let namespace = namespaces[next(2)]
            return .element(XElement(name(), namespaceURI: namespace.1, prefix: namespace.0,
                                     attributes: attributes(), children: children(depth: depth + 1)))
        }
    }
}
