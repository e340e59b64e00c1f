import Gateway
import SafeXML

/// How a refused GENESIS document is reported: status and error class for each reason SafeXML or the contract
/// gives. Messages come from `XMLRejection`, which names elements and lines but never content.
enum GenesisRejection {
    static func from(_ rejection: XMLRejection) -> InboundRejection {
        let (status, errorClass): (Int, String) = switch rejection {
        case .tooLarge: (413, "too-large")
        case .invalidUTF8, .unsupportedEncoding, .nulByte, .notUTF8Declaration: (400, "encoding")
        case .forbiddenConstruct, .externalLoadAttempted: (400, "forbidden-construct")
        case .malformed, .notOneRoot, .unsupportedVersion: (400, "malformed")
        case .tooDeep, .tooManyElements, .tooManyAttributes, .attributeTooLong, .textTooLong, .nameTooLong: (400, "limit")
        case .schemaViolation, .unexpectedElement, .unexpectedNamespace, .duplicateElement, .missingElement,
             .missingAttribute, .missingValue: (422, "schema")
        case .parserUnavailable: (503, "unavailable")
        }
        return InboundRejection(status: status, errorClass: errorClass, message: "GENESIS document rejected: \(rejection)")
    }

    /// A document that matches the schema but says something the adapter cannot use.
    static func invalid(_ path: String, _ reason: String) -> InboundRejection {
        InboundRejection(status: 422, errorClass: "invalid", message: "GENESIS document rejected: element \(path): \(reason)")
    }

    /// A document of another version of the contract, or in no GENESIS namespace at all.
    static func wrongNamespace(_ found: String?) -> InboundRejection {
        let reason: String
        if let found, found.hasPrefix(GenesisContract.namespaceStem) {
            reason = "this version of the detention contract is not supported; this gateway reads \(GenesisContract.namespace)"
        } else {
            reason = "the root element must be in the namespace \(GenesisContract.namespace)"
        }
        return InboundRejection(status: 422, errorClass: "schema", message: "GENESIS document rejected: \(reason)")
    }
}
