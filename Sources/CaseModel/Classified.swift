/// A canonical type whose stored properties are each listed as a `Field` and given a data category.
public protocol Classified: Codable, Sendable {
    /// One case per stored property; the raw value is the property's JSON key.
    associatedtype Field: ClassifiedField
}

/// A stored property of a canonical type: its JSON key (`rawValue`) and its data category.
///
/// Conforming enums implement `category` as a `switch` without `default`, so a property added
/// to a type does not compile until it is classified.
public protocol ClassifiedField: RawRepresentable<String>, CaseIterable, Hashable, Sendable {
    /// The data category of the value stored under this field.
    var category: DataCategory { get }
}
