import Foundation
import Testing

@testable import SafeXML

/// The hostile XML inputs that apply to the parser library.
///
/// Serialized because several tests assert that the process-wide count of refused loads did not move, and one
/// test calls the loader on purpose.
@Suite("Hostile XML catalogue", .serialized)
struct HostileInputTests {
    init() {
        SafeXML.installHardening()
    }

    private func isDoctypeRejection(_ rejection: XMLRejection?) -> Bool {
        if case .forbiddenConstruct("DOCTYPE", _)? = rejection { true } else { false }
    }

    @Test func hardeningInstallsOurDenyAllLoader() {
        SafeXML.installHardening()
        SafeXML.installHardening()
        #expect(SafeXML.hardeningIsInstalled)
    }

    @Test func theLoaderRefusesAndCountsEveryRequest() {
        let before = SafeXML.deniedExternalLoads
        let input = Hardening.denyAll("file:///etc/passwd", nil, nil)
        #expect(input == nil)
        #expect(SafeXML.deniedExternalLoads == before + 1)
    }

    @Test func x1ExternalFileEntityNeverLeaksTheCanary() throws {
        let canary = try Canary()
        let document = utf8(#"<!DOCTYPE r [<!ENTITY x SYSTEM "file:\#(canary.path)">]><r>&x;</r>"#)
        let loadsBefore = SafeXML.deniedExternalLoads

        let atGate = rejection(of: document)
        #expect(isDoctypeRejection(atGate))
        let atReader = readerRejection(of: document)
        #expect(isDoctypeRejection(atReader))

        for rejection in [atGate, atReader] {
            #expect(!String(describing: rejection).contains(canary.secret))
        }
        #expect(SafeXML.deniedExternalLoads == loadsBefore)
    }

    @Test func x2ExternalHTTPEntityMakesNoRequest() throws {
        let listener = try LoopbackListener()
        let document = utf8(#"<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:\#(listener.port)/x">]><r>&x;</r>"#)

        #expect(isDoctypeRejection(rejection(of: document)))
        #expect(isDoctypeRejection(readerRejection(of: document)))
        #expect(listener.connectionsReceived() == 0)
    }

    @Test func x3ExternalParameterEntityIsNeitherReadNorExpanded() throws {
        let canary = try Canary()
        let dtd = try canary.directory.write("evil.dtd", #"<!ENTITY leak SYSTEM "file:\#(canary.path)">"#)
        let document = utf8(#"<!DOCTYPE r [<!ENTITY % p SYSTEM "file:\#(dtd)"> %p;]><r>&leak;</r>"#)
        let loadsBefore = SafeXML.deniedExternalLoads

        let atGate = rejection(of: document)
        let atReader = readerRejection(of: document)
        #expect(isDoctypeRejection(atGate))
        #expect(atReader != nil)
        for rejection in [atGate, atReader] {
            #expect(!String(describing: rejection).contains(canary.secret))
        }
        #expect(SafeXML.deniedExternalLoads == loadsBefore)
    }

    @Test func x4BillionLaughsIsRejected() {
        var declarations = #"<!ENTITY l0 "ha">"#
        for level in 1...9 {
            declarations += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">"
        }
        let document = utf8("<!DOCTYPE r [\(declarations)]><r>&l9;</r>")

        #expect(isDoctypeRejection(rejection(of: document)))
        // Behind the gate, libxml2 reports the entity loop while reading the DTD, before the DOCTYPE node.
        #expect(readerRejection(of: document) != nil)
    }

    @Test func x5QuadraticBlowupIsRejectedByTheGate() {
        let entity = String(repeating: "a", count: 50_000)
        let references = String(repeating: "&e;", count: 50_000)
        let document = utf8(#"<!DOCTYPE r [<!ENTITY e "\#(entity)">]><r>\#(references)</r>"#)

        #expect(throws: XMLRejection.forbiddenConstruct("DOCTYPE", line: 1)) {
            try InputGate.check(document, limits: XMLLimits())
        }
        #expect(isDoctypeRejection(readerRejection(of: document)))
    }

    @Test func x6ExternalDTDIsNeverFetched() throws {
        let listener = try LoopbackListener()
        let document = utf8(#"<!DOCTYPE r SYSTEM "http://127.0.0.1:\#(listener.port)/x.dtd"><r/>"#)

        #expect(isDoctypeRejection(rejection(of: document)))
        #expect(isDoctypeRejection(readerRejection(of: document)))
        #expect(listener.connectionsReceived() == 0)
    }

    @Test func x7XIncludeIsNotProcessedAndItsNamespaceIsRejected() throws {
        let canary = try Canary()
        let document = utf8("""
            <r xmlns="urn:r" xmlns:xi="http://www.w3.org/2001/XInclude">\
            <xi:include href="file:\(canary.path)" parse="text"/></r>
            """)
        let loadsBefore = SafeXML.deniedExternalLoads

        let root = try SafeXML.parse(document)

        #expect(!String(decoding: SafeXML.canonical(root), as: UTF8.self).contains(canary.secret))
        #expect(throws: XMLRejection.unexpectedNamespace(path: "/r/include", expected: "urn:r")) {
            try root.expectAllElements(inNamespace: "urn:r")
        }
        #expect(SafeXML.deniedExternalLoads == loadsBefore)
    }

    @Test func x8SchemaLocationIsNeverFetched() throws {
        let listener = try LoopbackListener()
        let schema = try XMLSchema(bytes: utf8("""
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:r" elementFormDefault="qualified">
              <xs:element name="r" type="xs:string"/>
            </xs:schema>
            """))
        let document = utf8("""
            <r xmlns="urn:r" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="urn:r http://127.0.0.1:\(listener.port)/r.xsd">text</r>
            """)
        let noNamespace = utf8("""
            <r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:noNamespaceSchemaLocation="http://127.0.0.1:\(listener.port)/r.xsd">text</r>
            """)
        let loadsBefore = SafeXML.deniedExternalLoads

        #expect(throws: Never.self) { try SafeXML.parse(document, schema: schema) }
        #expect(throws: Never.self) { try SafeXML.parse(noNamespace) }
        #expect(rejection(of: noNamespace, schema: schema) != nil)
        #expect(listener.connectionsReceived() == 0)
        #expect(SafeXML.deniedExternalLoads == loadsBefore)
    }

    @Test func x9NestingIsLimitedTo64Levels() throws {
        func nested(_ depth: Int) -> [UInt8] {
            utf8(String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth))
        }
        #expect(throws: Never.self) { try SafeXML.parse(nested(64)) }
        #expect(throws: XMLRejection.tooDeep(limit: 64, line: 1)) { try SafeXML.parse(nested(65)) }
        #expect(throws: XMLRejection.tooDeep(limit: 64, line: 1)) { try SafeXML.parse(nested(100_000)) }
    }

    @Test func x10OversizedPartsAreRejectedByLimit() {
        let hugeAttribute = utf8(#"<r a=""# + String(repeating: "x", count: 20 << 20) + #""/>"#)
        #expect(rejection(of: hugeAttribute) == .tooLarge(limit: 1 << 20))
        let longAttribute = utf8(#"<r><e a=""# + String(repeating: "x", count: 100_000) + #""/></r>"#)
        #expect(rejection(of: longAttribute) == .attributeTooLong(limit: 64 << 10, path: "/r/e", attribute: "a"))

        let longText = utf8("<r><t>" + String(repeating: "x", count: 300_000) + "</t></r>")
        #expect(rejection(of: longText) == .textTooLong(limit: 256 << 10, path: "/r/t"))

        let manyAttributes = utf8("<r " + (0..<10_000).map { "a\($0)=\"1\"" }.joined(separator: " ") + "/>")
        #expect(rejection(of: manyAttributes) == .tooManyAttributes(limit: 32, path: "/r"))

        let hugeName = utf8("<" + String(repeating: "n", count: 60_000) + "/>")
        #expect(rejection(of: hugeName) != nil)
        let longName = utf8("<" + String(repeating: "n", count: 257) + "/>")
        #expect(rejection(of: longName) == .nameTooLong(limit: 256, line: 1))

        let manyElements = utf8("<r>" + String(repeating: "<e/>", count: 100_000) + "</r>")
        #expect(rejection(of: manyElements) == .tooManyElements(limit: 100_000))
    }

    @Test func x11InvalidUTF8InTextIsRejectedAtTheGate() {
        let document = utf8("<r>") + [0xC3, 0x28, 0xFF, 0xFE] + utf8("</r>")
        #expect(rejection(of: document) == .invalidUTF8(offset: 3))
        #expect(readerRejection(of: document) != nil)
    }

    @Test func x12InvalidUTF8InANameIsRejectedAndTheProcessLives() {
        let document = utf8("<a r") + [0xFF] + utf8(#"="1"/>"#)
        #expect(rejection(of: document) == .invalidUTF8(offset: 4))
        #expect(readerRejection(of: document) != nil)
    }

    @Test func x13OnlyUTF8IsAccepted() {
        #expect(rejection(of: utf8(#"<?xml version="1.0" encoding="UTF-16"?><r/>"#)) == .notUTF8Declaration)
        #expect(rejection(of: utf8(#"<?xml version="1.0" encoding="ISO-8859-1"?><r/>"#)) == .notUTF8Declaration)
        let utf16: [UInt8] = [0xFF, 0xFE] + "<r/>".utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(rejection(of: utf16) == .unsupportedEncoding(found: "a UTF-16 byte order mark"))
        let utf16WithoutBOM = Array(utf16.dropFirst(2))
        #expect(rejection(of: utf16WithoutBOM) == .unsupportedEncoding(found: "UTF-16 or UTF-32 without a byte order mark"))

        #expect(rejection(of: utf8(#"<?xml version="1.0" encoding="utf-8"?><r/>"#)) == nil)
        #expect(rejection(of: [0xEF, 0xBB, 0xBF] + utf8(#"<?xml version='1.0'?><r/>"#)) == nil)
    }

    @Test func x14ForbiddenCharactersAndXML11AreRejected() {
        for document in ["<r>&#x1;</r>", "<r>&#0;</r>", "<r>\u{1}</r>", "<r a=\"\u{1}\"/>"] {
            guard case .malformed? = rejection(of: utf8(document)) else {
                Issue.record("accepted a forbidden character")
                continue
            }
        }
        let xml11 = utf8(#"<?xml version="1.1"?><r/>"#)
        #expect(rejection(of: xml11) == .unsupportedVersion)
        // Behind the gate, XML 1.1 only raises a warning in libxml2: warnings must reject too.
        #expect(readerRejection(of: xml11) != nil)
    }

    @Test(arguments: ["<r><a>text</a>", "<r>", "<a/><b/>", "<r/>garbage", "<r></a>", ""])
    func x15BrokenDocumentsAreRejected(document: String) {
        #expect(rejection(of: utf8(document)) != nil)
        #expect(readerRejection(of: utf8(document)) != nil)
    }

    @Test func x16NamespacesAreCheckedByURI() throws {
        let right = try SafeXML.parse(utf8(#"<p:decision xmlns:p="urn:justice"/>"#))
        #expect(throws: Never.self) { try right.expectRoot(localName: "decision", namespace: "urn:justice") }

        let wrongNamespace = try SafeXML.parse(utf8(#"<decision xmlns="urn:other"/>"#))
        #expect(throws: XMLRejection.unexpectedNamespace(path: "/decision", expected: "urn:justice")) {
            try wrongNamespace.expectRoot(localName: "decision", namespace: "urn:justice")
        }
        let noNamespace = try SafeXML.parse(utf8("<decision/>"))
        #expect(throws: XMLRejection.unexpectedNamespace(path: "/decision", expected: "urn:justice")) {
            try noNamespace.expectRoot(localName: "decision", namespace: "urn:justice")
        }
        let rebound = try SafeXML.parse(utf8("""
            <p:decision xmlns:p="urn:justice"><p:affaire xmlns:p="urn:other"><p:n>1</p:n></p:affaire></p:decision>
            """))
        #expect(throws: Never.self) { try rebound.expectRoot(localName: "decision", namespace: "urn:justice") }
        #expect(throws: XMLRejection.unexpectedNamespace(path: "/decision/affaire", expected: "urn:justice")) {
            try rebound.expectAllElements(inNamespace: "urn:justice")
        }
        #expect(try rebound.child("affaire", ns: "urn:justice") == nil)
    }

    @Test func x17AnElementExpectedOnceThatAppearsTwiceIsRejected() throws {
        let root = try SafeXML.parse(utf8("<r><n>first</n><n>second</n></r>"))
        #expect(throws: XMLRejection.duplicateElement(path: "/r/n")) { try root.child("n", ns: nil) }
        #expect(throws: XMLRejection.duplicateElement(path: "/r/n")) { try root.requiredText("n", ns: nil) }
    }

    @Test func x20CDATAIsPreservedAndProcessingInstructionsAreRejected() throws {
        let split = try SafeXML.parse(utf8("<r><![CDATA[a]]]]><![CDATA[>b]]></r>"))
        #expect(split.text == "a]]>b")
        let exact = try SafeXML.parse(utf8("<r><![CDATA[<&>\"'\t é 𝄞 &amp;]]></r>"))
        #expect(exact.children == [.text("<&>\"'\t é 𝄞 &amp;")])

        let instruction = utf8("<r><?evil data?></r>")
        #expect(rejection(of: instruction) == .forbiddenConstruct("a processing instruction", line: 1))
        #expect(readerRejection(of: instruction) == .forbiddenConstruct("a processing instruction", line: 1))

        guard case .malformed? = rejection(of: utf8("<r><!-- a -- b --></r>")) else {
            Issue.record("accepted a comment containing --")
            return
        }
    }

    @Test func x21ConcurrentValidAndMalformedDocumentsAreEachJudgedAlone() async {
        let valid = utf8(#"<r xmlns="urn:r"><n a="1">valeur</n></r>"#)
        let malformed = utf8(#"<r xmlns="urn:r"><n a="1">valeur</r>"#)
        let outcomes = await withTaskGroup(of: (Bool, Bool).self) { group in
            for index in 0..<400 {
                let isValid = index.isMultiple(of: 2)
                group.addTask {
                    let accepted = (try? SafeXML.parse(isValid ? valid : malformed)) != nil
                    return (isValid, accepted)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 400)
        #expect(outcomes.allSatisfy { isValid, accepted in isValid == accepted })
    }

    @Test func rejectionsNeverQuoteDocumentContent() {
        let secret = "DupontJean1975"
        let documents = [
            #"<r xmlns:p="\#(secret) not a uri"/>"#,
            #"<r xml:space="\#(secret)"/>"#,
            "<r a='\(secret)' a='\(secret)'/>",
            "<r>\(secret) &\(secret);</r>",
            "<r><![CDATA[\(secret)",
            "<r><!-- \(secret)",
            "<r>\(secret)</r>\(secret)",
        ]
        for document in documents {
            let rejection = rejection(of: utf8(document))
            let description = String(describing: rejection)
            #expect(rejection != nil, "accepted: \(document)")
            #expect(!description.contains(secret), "\(description)")
        }
    }
}
