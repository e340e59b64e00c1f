import Foundation
import CaseModel
import Gateway
import SafeXML

/// Typed reading of one element of a validated transmission: children in the contract's namespace, values
/// trimmed and converted, every failure naming the element's path and never its content.
///
/// The XSD already checked shapes; these checks stay because they are what the Swift values rely on.
struct TransmissionNode {
    let element: XElement

    init(_ element: XElement) {
        self.element = element
    }

    var path: String { element.path }

    func child(_ name: String) throws(InboundRejection) -> TransmissionNode? {
        do {
            return try element.child(name, ns: CassiopeeContract.executionNamespace).map(TransmissionNode.init)
        } catch {
            throw TransmissionRejection.from(error)
        }
    }

    func required(_ name: String) throws(InboundRejection) -> TransmissionNode {
        guard let found = try child(name) else { throw TransmissionRejection.from(.missingElement(path: path + "/" + name)) }
        return found
    }

    func all(_ name: String) -> [TransmissionNode] {
        element.children(name, ns: CassiopeeContract.executionNamespace).map(TransmissionNode.init)
    }

    /// The element's own text, trimmed; the XSD types of the contract collapse or forbid surrounding blanks.
    var value: String {
        element.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func text(_ name: String) throws(InboundRejection) -> String {
        let node = try required(name)
        guard !node.value.isEmpty else { throw TransmissionRejection.from(.missingValue(path: node.path)) }
        return node.value
    }

    func optionalText(_ name: String) throws(InboundRejection) -> String? {
        guard let node = try child(name) else { return nil }
        return node.value.isEmpty ? nil : node.value
    }

    func date(_ name: String) throws(InboundRejection) -> LocalDate {
        let node = try required(name)
        return try node.asDate()
    }

    func optionalDate(_ name: String) throws(InboundRejection) -> LocalDate? {
        try child(name).map { node throws(InboundRejection) in try node.asDate() }
    }

    func optionalInt(_ name: String) throws(InboundRejection) -> Int? {
        guard let node = try child(name) else { return nil }
        let digits = node.value.hasPrefix("+") ? String(node.value.dropFirst()) : node.value
        guard let number = Int(digits), number >= 0 else {
            throw TransmissionRejection.invalid(node.path, "expected a whole number")
        }
        return number
    }

    func bool(_ name: String) throws(InboundRejection) -> Bool {
        try required(name).asBool()
    }

    func optionalBool(_ name: String) throws(InboundRejection) -> Bool? {
        try child(name).map { node throws(InboundRejection) in try node.asBool() }
    }

    func attribute(_ name: String) throws(InboundRejection) -> String {
        do {
            return try element.requiredAttribute(name).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw TransmissionRejection.from(error)
        }
    }

    /// A closed vocabulary of the contract (`nature`, `sexe`, `type`…).
    func code<Code: RawRepresentable<String>>(_ name: String, as: Code.Type) throws(InboundRejection) -> Code {
        let node = try required(name)
        guard let code = Code(rawValue: node.value) else {
            throw TransmissionRejection.invalid(node.path, "not one of the values the contract allows")
        }
        return code
    }

    private func asDate() throws(InboundRejection) -> LocalDate {
        guard let date = LocalDate(value) else {
            throw TransmissionRejection.invalid(path, "expected a date YYYY-MM-DD without a time zone")
        }
        return date
    }

    private func asBool() throws(InboundRejection) -> Bool {
        switch value {
        case "true", "1": return true
        case "false", "0": return false
        default: throw TransmissionRejection.invalid(path, "expected true or false")
        }
    }
}
