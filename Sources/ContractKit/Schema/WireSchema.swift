import CaseModel
import Foundation
import SafeXML

/// The schema of one wire message: a JSON Schema (`*.schema.json`) or an XSD (`*.xsd`), chosen by file name.
public enum WireSchema: Sendable {
    case json(JSONSchema)
    case xml(XMLSchema)

    /// Loads a schema file of a contract.
    public init(file: URL) throws(ContractError) {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw ContractError("cannot read the schema \(file.path)")
        }
        let name = file.lastPathComponent
        if name.hasSuffix(".xsd") {
            do {
                self = .xml(try XMLSchema(bytes: [UInt8](data)))
            } catch {
                throw ContractError("\(file.path): \(error)")
            }
        } else if name.hasSuffix(".json") {
            self = .json(try JSONSchema(bytes: [UInt8](data), file: file.path))
        } else {
            throw ContractError("\(file.path): a schema is a .schema.json or an .xsd file; move other files out of schema/")
        }
    }

    /// Why `body` does not satisfy the schema; empty when it does. Parsing is the strict one the gateway uses.
    public func violations(of body: [UInt8]) -> [String] {
        switch self {
        case .json(let schema):
            do {
                return schema.validate(try StrictJSON.parse(body))
            } catch {
                return ["not strict JSON: \(error)"]
            }
        case .xml(let schema):
            do {
                _ = try SafeXML.parse(body, schema: schema)
                return []
            } catch {
                return ["\(error)"]
            }
        }
    }
}
