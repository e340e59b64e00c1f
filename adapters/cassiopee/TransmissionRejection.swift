import Gateway
import SafeXML

/// How a refused transmission is answered: the HTTP status and error class for each reason SafeXML or the
/// contract gives. Messages come from `XMLRejection`, which names elements and lines but never content.
enum TransmissionRejection {
    static func from(_ rejection: XMLRejection) -> InboundRejection {
        // SafeXML's own wording already says "nothing stored", which the gateway adds to every refusal.
        if case .tooLarge(let limit) = rejection {
            return InboundRejection(status: 413, errorClass: "too-large",
                                    message: "Cassiopée transmission rejected: the document is larger than the limit of \(limit) bytes")
        }
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
        return InboundRejection(status: status, errorClass: errorClass,
                                message: "Cassiopée transmission rejected: \(rejection)")
    }

    /// A transmission that matches the schema but says something impossible (an appeal on a final decision).
    static func invalid(_ path: String, _ reason: String) -> InboundRejection {
        InboundRejection(status: 422, errorClass: "invalid",
                         message: "Cassiopée transmission rejected: element \(path): \(reason)")
    }

    /// A transmission in another version of the contract, or in no Cassiopée namespace at all.
    static func wrongNamespace(_ found: String?) -> InboundRejection {
        let reason: String
        if let found, found.hasPrefix(CassiopeeContract.executionNamespaceStem) {
            reason = "this version of the transmission contract is not supported; this gateway reads "
                + CassiopeeContract.executionNamespace
        } else {
            reason = "the root element transmission must be in the namespace \(CassiopeeContract.executionNamespace)"
        }
        return InboundRejection(status: 422, errorClass: "schema", message: "Cassiopée transmission rejected: \(reason)")
    }
}
