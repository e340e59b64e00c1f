/// Reads which fields of a classified value hold something, from its canonical encoding.
///
/// The canonical encoding omits `nil` optionals, so its keys are exactly the present fields.
enum FieldInspection {
    /// The present fields of `value` with their encoded values; nil when `value` cannot be encoded
    /// or encodes a key that is not one of its fields, so callers can fail closed.
    static func members<E: Classified>(of value: E) -> [(field: E.Field, value: JSONValue)]? {
        guard case .object(let encoded)? = try? CanonicalEncoder.tree(value) else { return nil }
        var members: [(field: E.Field, value: JSONValue)] = []
        for (key, member) in encoded {
            guard let field = E.Field(rawValue: key) else { return nil }
            members.append((field, member))
        }
        return members
    }
}
