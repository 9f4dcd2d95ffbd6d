/// One node of a ``JSONSchema``: what a field may hold. `$ref`s are already followed.
public struct SchemaNode: Sendable {
    let store: SchemaStore
    let index: Int

    var rules: SchemaRules { store.nodes[index] }

    /// JSON Schema type names (`string`, `integer`, `number`, `boolean`, `null`, `object`,
    /// `array`), in schema order; empty means any type.
    public var types: [String] { rules.types }
    public var title: String? { rules.title }
    public var description: String? { rules.description }
    /// The allowed values, from `enum` or a one-element list from `const`.
    public var enumValues: [DataValue]? { rules.enumValues }
    public var format: String? { rules.format }
    /// The declared properties, in schema order.
    public var propertyNames: [String] { rules.propertyNames }
    public var requiredNames: [String] { rules.required }
    /// The parsed `default`; avv does not fill it in.
    public var defaultValue: DataValue? { rules.defaultValue }
    /// Where the node is written in the schema file.
    public var location: SourceLocation { rules.location }

    /// The schema of a property: a declared one, or else the `additionalProperties` schema.
    public func property(_ name: String) -> SchemaNode? {
        if let child = rules.properties[name] { return SchemaNode(store: store, index: child) }
        if case .schema(let child) = rules.additional { return SchemaNode(store: store, index: child) }
        return nil
    }

    /// The schema of the items of a list.
    public var items: SchemaNode? { rules.items.map { SchemaNode(store: store, index: $0) } }

    /// Whether the value is a list (alone or among other types; or untyped with `items`).
    public var isArray: Bool { types.contains("array") || (types.isEmpty && rules.items != nil) }

    /// Whether the value is an object (alone or among other types; or untyped with `properties`).
    public var isObject: Bool { types.contains("object") || (types.isEmpty && !rules.propertyNames.isEmpty) }

    /// Follows property names; a segment `[]` (or `[N]`) steps into the items of a list.
    public func node(atPath segments: [String]) -> SchemaNode? {
        var node = self
        for segment in segments {
            if segment.hasPrefix("["), segment.hasSuffix("]"),
               segment.dropFirst().dropLast().allSatisfy(\.isNumber) {
                guard let items = node.items else { return nil }
                node = items
            } else {
                guard let child = node.property(segment) else { return nil }
                node = child
            }
        }
        return node
    }
}
