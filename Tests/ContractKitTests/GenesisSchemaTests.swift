import Foundation
import SafeXML
import Testing

/// The GENESIS contract's schema, ahead of its adapter: every accepted case's message is valid, and every rejected
/// case's message is refused for the reason its case names.
@Suite struct GenesisSchemaTests {
    static let folder = Paths.contracts.appendingPathComponent("genesis")
    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(
        atPath: folder.appendingPathComponent("cases").path)) ?? []).sorted()

    /// What the refusal of each rejected case must say, so that a case never passes by failing for another reason.
    static let refusals: [String: String] = [
        "010-reject-doctype-external-entity": "DOCTYPE is not allowed",
        "011-reject-movement-given-twice": "identity-constraint '{urn:fr:justice:genesis:detention:v1}mouvementUnique'",
        "012-reject-movement-time-without-offset": "dateHeure': [facet",
        "013-reject-other-contract-version": "attribute 'version'",
        "014-reject-page-without-namespace": "Element 'pageMouvements': No matching global declaration",
        "015-reject-ecrou-number-that-is-not-a-number": "numeroEcrou': [facet",
        "016-reject-transfer-without-destination": "Expected is ( {urn:fr:justice:genesis:detention:v1}etablissementDestination )",
        "017-reject-unknown-element-carrying-a-note": "v1}note': This element is not expected",
        "018-reject-entity-expansion": "DOCTYPE is not allowed",
    ]

    func message(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Self.folder.appendingPathComponent("cases/\(name)/message.xml")))
    }

    @Test func theSchemaLoadsThroughSafeXML() throws {
        _ = try XMLSchema(contentsOfFile: Self.folder.appendingPathComponent("schema/detention.v1.xsd").path)
        #expect(Self.cases.count >= 16)
        #expect(Set(Self.cases.filter { $0.contains("-reject-") }) == Set(Self.refusals.keys))
    }

    @Test(arguments: cases)
    func eachCaseIsAcceptedOrRefusedAsItsNameSays(_ name: String) throws {
        let schema = try XMLSchema(contentsOfFile: Self.folder.appendingPathComponent("schema/detention.v1.xsd").path)
        let bytes = try message(name)
        if let reason = Self.refusals[name] {
            do {
                _ = try SafeXML.parse(bytes, schema: schema)
                Issue.record("\(name) was accepted")
            } catch {
                #expect(String(describing: error).contains(reason), "\(name): \(error)")
            }
        } else {
            _ = try SafeXML.parse(bytes, schema: schema)
        }
    }
}
