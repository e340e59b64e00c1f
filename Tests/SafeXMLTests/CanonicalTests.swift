import Testing

@testable import SafeXML

@Suite("Canonical form for comparisons")
struct CanonicalTests {
    private func canonical(_ document: String) throws -> String {
        String(decoding: SafeXML.canonical(try SafeXML.parse(utf8(document))), as: UTF8.self)
    }

    @Test func prefixesAttributeOrderAndIndentationDoNotMatter() throws {
        let first = """
            <j:decision xmlns:j="urn:justice" xmlns:x="urn:x" b="2" x:a="1" a="3">
              <j:affaire>
                <j:n>24/123</j:n>
              </j:affaire>
            </j:decision>
            """
        let second = #"<decision xmlns="urn:justice" xmlns:y="urn:x" a="3" y:a="1" b="2"><affaire><n>24/123</n></affaire></decision>"#
        #expect(try canonical(first) == canonical(second))
    }

    @Test func theFormIsExactAndParsesBack() throws {
        let output = try canonical("""
            <p:r xmlns:p="urn:r" xmlns:q="urn:q" q:z="1" b="&lt;" a="x&#10;y" xml:lang="fr">
              <q:c/> <p:t> spaced &amp; kept </p:t>
            </p:r>
            """)
        #expect(output == """
            <n0:r xmlns:n0="urn:r" xmlns:n1="urn:q" a="x&#xA;y" b="&lt;" xml:lang="fr" n1:z="1">\
            <n1:c></n1:c><n0:t> spaced &amp; kept </n0:t></n0:r>
            """)
        #expect(try canonical(output) == output)
    }

    @Test func differencesThatMatterAreKept() throws {
        let base = try canonical(#"<r xmlns="urn:r"><n>1</n></r>"#)
        #expect(try canonical(#"<r xmlns="urn:other"><n>1</n></r>"#) != base)
        #expect(try canonical(#"<r xmlns="urn:r"><n>2</n></r>"#) != base)
        #expect(try canonical(#"<r xmlns="urn:r"><n> 1</n></r>"#) != base)
        #expect(try canonical(#"<r xmlns="urn:r"><n>1</n><n>1</n></r>"#) != base)
        #expect(try canonical(#"<r xmlns="urn:r" a="1"><n>1</n></r>"#) != base)
    }

    @Test func commentsAndCDATADoNotMatter() throws {
        #expect(try canonical("<r><!-- c -->a&amp;b</r>") == canonical("<r><![CDATA[a&b]]></r>"))
    }
}
