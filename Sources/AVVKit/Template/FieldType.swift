/// What static analysis knows about a value an expression names.
indirect enum FieldType: Sendable {
    /// A field described by the data schema.
    case schema(SchemaNode)
    /// A built-in object (`avv`, `loop`) with fixed members.
    case builtin([String: FieldType])
    /// A built-in scalar of a JSON type (`string`, `integer`, `boolean`).
    case scalar(String)

    var memberNames: [String] {
        switch self {
        case .schema(let node): node.propertyNames
        case .builtin(let members): members.keys.sorted()
        case .scalar: []
        }
    }

    func member(_ name: String) -> FieldType? {
        switch self {
        case .schema(let node): node.property(name).map(FieldType.schema)
        case .builtin(let members): members[name]
        case .scalar: nil
        }
    }

    /// JSON type names; empty when any type is allowed.
    var types: [String] {
        switch self {
        case .schema(let node): node.types
        case .builtin: ["object"]
        case .scalar(let t): [t]
        }
    }

    var enumValues: [DataValue]? {
        if case .schema(let node) = self { return node.enumValues }
        return nil
    }

    var itemType: FieldType? {
        if case .schema(let node) = self, let items = node.items { return .schema(items) }
        return nil
    }

    func allows(_ type: String) -> Bool {
        let t = types
        if t.isEmpty { return true }
        if type == "number" { return t.contains("number") || t.contains("integer") }
        return t.contains(type)
    }

    /// The members of `avv`, available in every template.
    static let builtins = FieldType.builtin([
        "date": .scalar("string"),
        "language": .scalar("string"),
        "templateVersion": .scalar("string"),
        "documentID": .scalar("string"),
    ])

    /// The members of `loop`, available inside `avv:each`.
    static let loopInfo = FieldType.builtin([
        "index": .scalar("integer"),
        "first": .scalar("boolean"),
        "last": .scalar("boolean"),
        "count": .scalar("integer"),
    ])
}
