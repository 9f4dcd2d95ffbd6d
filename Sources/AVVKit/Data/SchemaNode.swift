/// One node of a ``JSONSchema``: what a field may hold. `$ref`s are already followed.
///
/// The queries describe the node's own keywords only: ``propertyNames``, ``property(_:)``,
/// ``requiredNames``, ``items``, ``types``, ``enumValues`` and ``node(atPath:)`` read the plain
/// `properties`, `required`, `items`, `type` and `enum`/`const` of the node. Subschemas in
/// `allOf`, `anyOf`, `oneOf`, `not` and `if`/`then`/`else` are not folded in: a field that a
/// `then` requires or constrains is found here only if the node declares it in `properties`
/// too (the shipped schema declares every field there, and uses `then` for conditions only).
/// The template engine's static analysis relies on this: a name is known because the node
/// declares it, whichever branch a customer's data takes. Validation applies everything.
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
    /// The declared properties, in schema order (from `properties`, not from `then` or `allOf`).
    public var propertyNames: [String] { rules.propertyNames }
    /// The unconditionally required properties (a `then` that requires more is not counted).
    public var requiredNames: [String] { rules.required }
    /// The parsed `default`; avv does not fill it in.
    public var defaultValue: DataValue? { rules.defaultValue }
    /// A string annotation such as `x-title-en` (keys starting with `x-`); one written beside a
    /// `$ref` wins over the definition's, as `title` and `description` do. Validation ignores them.
    public func annotation(_ key: String) -> String? { rules.annotations[key] }
    /// Where the node is written in the schema file.
    public var location: SourceLocation { rules.location }

    /// Whether `additionalProperties` is `false`: a property not declared is an error.
    var forbidsAdditionalProperties: Bool {
        if case .forbidden = rules.additional { return true }
        return false
    }

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
