import CaseModel
import Foundation
import Gateway
import SafeXML

/// Typed reading of one element of a validated GENESIS document: children in the contract's namespace, values
/// trimmed and converted, every failure naming the element's path and never its content.
struct GenesisNode {
    let element: XElement

    init(_ element: XElement) {
        self.element = element
    }

    var path: String { element.path }
    var name: String { element.localName }

    /// The element's own text, trimmed.
    var value: String { element.text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Child elements in document order.
    var elements: [GenesisNode] { element.elements.map(GenesisNode.init) }

    func child(_ name: String) throws(InboundRejection) -> GenesisNode? {
        do {
            return try element.child(name, ns: GenesisContract.namespace).map(GenesisNode.init)
        } catch {
            throw GenesisRejection.from(error)
        }
    }

    func required(_ name: String) throws(InboundRejection) -> GenesisNode {
        guard let found = try child(name) else { throw GenesisRejection.from(.missingElement(path: path + "/" + name)) }
        return found
    }

    func all(_ name: String) -> [GenesisNode] {
        element.children(name, ns: GenesisContract.namespace).map(GenesisNode.init)
    }

    func text(_ name: String) throws(InboundRejection) -> String {
        let node = try required(name)
        guard !node.value.isEmpty else { throw GenesisRejection.from(.missingValue(path: node.path)) }
        return node.value
    }

    func optionalText(_ name: String) throws(InboundRejection) -> String? {
        guard let node = try child(name) else { return nil }
        return node.value.isEmpty ? nil : node.value
    }

    func date(_ name: String) throws(InboundRejection) -> LocalDate {
        try required(name).asDate()
    }

    func optionalDate(_ name: String) throws(InboundRejection) -> LocalDate? {
        try child(name).map { node throws(InboundRejection) in try node.asDate() }
    }

    func instant(_ name: String) throws(InboundRejection) -> Date {
        let node = try required(name)
        guard let instant = InstantText.parse(node.value) else {
            throw GenesisRejection.invalid(node.path, "expected an instant YYYY-MM-DDTHH:MM:SS with Z or an offset")
        }
        return instant
    }

    func int(_ name: String) throws(InboundRejection) -> Int {
        let node = try required(name)
        guard let number = Int(node.value) else { throw GenesisRejection.invalid(node.path, "expected a whole number") }
        return number
    }

    func optionalInt(_ name: String) throws(InboundRejection) -> Int? {
        guard let node = try child(name) else { return nil }
        guard let number = Int(node.value) else { throw GenesisRejection.invalid(node.path, "expected a whole number") }
        return number
    }

    func attribute(_ name: String) throws(InboundRejection) -> String {
        do {
            return try element.requiredAttribute(name).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw GenesisRejection.from(error)
        }
    }

    private func asDate() throws(InboundRejection) -> LocalDate {
        guard let date = LocalDate(value) else {
            throw GenesisRejection.invalid(path, "expected a date YYYY-MM-DD without a time zone")
        }
        return date
    }
}
