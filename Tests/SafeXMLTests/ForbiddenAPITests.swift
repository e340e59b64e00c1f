import Foundation
import Testing

/// The static check of scripts/check-sources.sh: the XML module and its tests never name a dangerous API or option.
@Suite("Forbidden XML APIs")
struct ForbiddenAPITests {
    /// Spelled in pieces so that this file does not match itself.
    static let forbidden = [
        ["import ", "FoundationXML"], ["XMLDocument", "("], ["XMLElement", "(xmlString"], ["XMLParser", "("],
        ["shouldResolve", "ExternalEntities"], ["externalEntity", "ResolvingPolicy"], ["XML_PARSE_", "NOENT"],
        ["XML_PARSE_", "DTDLOAD"], ["XML_PARSE_", "DTDATTR"], ["XML_PARSE_", "DTDVALID"], ["XML_PARSE_", "HUGE"],
        ["XML_PARSE_", "RECOVER"], ["XML_PARSE_", "XINCLUDE"], ["xmlSubstitute", "EntitiesDefault"],
    ].map { $0.joined() }

    /// Files allowed to name the forbidden strings.
    static let allowList: Set<String> = ["ForbiddenAPITests.swift"]

    @Test func noSourceNamesAForbiddenAPIOrOption() throws {
        let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
        let folders = [packageRoot.appendingPathComponent("Sources/SafeXML"), testsFolder]
        var scanned = 0
        for folder in folders {
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            for file in files where file.hasSuffix(".swift") && !Self.allowList.contains(file) {
                let text = try String(contentsOfFile: folder.appendingPathComponent(file).path, encoding: .utf8)
                scanned += 1
                for needle in Self.forbidden {
                    let named = text.contains(needle)
                    #expect(!named, "\(file) names \(needle)")
                }
            }
        }
        #expect(scanned >= 10, "the scan found only \(scanned) files: is the path right?")
    }
}
