/// What ``SchemaValidator`` reads of one schema node at every value, compiled from the node's
/// ``SchemaRules`` once, when the schema is loaded.
///
/// Only plain bits: type and keyword sets, counts, and the indices of subschemas (lists of
/// them as ranges into ``SchemaStore/children``). Copying one is a copy of a few words, so
/// walking the data retains nothing; a copy of `SchemaRules`, with its two dozen strings,
/// arrays and dictionaries, retained and released each of them at every value. The rules'
/// collections (`enum` values, `required`, `properties`, the pattern, the bounds) are read in
/// place, and only where ``keywords`` says the node has them; messages read the rules as before.
struct SchemaCheck: Sendable, BitwiseCopyable {
    /// JSON Schema's types as bits: a node's `type`, or the types a value has.
    struct Types: OptionSet, Sendable, BitwiseCopyable {
        let rawValue: UInt8
        static let null = Types(rawValue: 1 << 0)
        static let boolean = Types(rawValue: 1 << 1)
        static let string = Types(rawValue: 1 << 2)
        static let integer = Types(rawValue: 1 << 3)
        static let number = Types(rawValue: 1 << 4)
        static let array = Types(rawValue: 1 << 5)
        static let object = Types(rawValue: 1 << 6)

        init(rawValue: UInt8) { self.rawValue = rawValue }

        /// The bits of type names as the parser keeps them (unknown names are dropped there).
        init(names: [String]) {
            var types: Types = []
            for name in names {
                switch name {
                case "null": types.insert(.null)
                case "boolean": types.insert(.boolean)
                case "string": types.insert(.string)
                case "integer": types.insert(.integer)
                case "number": types.insert(.number)
                case "array": types.insert(.array)
                case "object": types.insert(.object)
                default: break
                }
            }
            self = types
        }

        /// The types a value satisfies: an integer is a number too, and so is a number
        /// without a fraction an integer (`1.0`).
        init(of value: DataValue) {
            switch value {
            case .null: self = .null
            case .bool: self = .boolean
            case .string: self = .string
            case .integer: self = [.integer, .number]
            case .number(let d): self = d.isFinite && d == d.rounded() ? [.integer, .number] : .number
            case .array: self = .array
            case .object: self = .object
            }
        }
    }

    /// Which keywords with collections or values behind them the node has.
    struct Keywords: OptionSet, Sendable, BitwiseCopyable {
        let rawValue: UInt16
        static let rejectsAll = Keywords(rawValue: 1 << 0)
        static let enumValues = Keywords(rawValue: 1 << 1)
        static let pattern = Keywords(rawValue: 1 << 2)
        static let bounds = Keywords(rawValue: 1 << 3)
        static let required = Keywords(rawValue: 1 << 4)
        static let properties = Keywords(rawValue: 1 << 5)
        static let uniqueItems = Keywords(rawValue: 1 << 6)
        static let formatDate = Keywords(rawValue: 1 << 7)
        static let formatEmail = Keywords(rawValue: 1 << 8)
        static let forbidsAdditional = Keywords(rawValue: 1 << 9)

        init(rawValue: UInt16) { self.rawValue = rawValue }
    }

    /// Empty: any type.
    var types: Types
    var keywords: Keywords
    var minLength: Int?
    var maxLength: Int?
    var minItems: Int?
    var maxItems: Int?
    var items: Int?
    var contains: Int?
    /// The `additionalProperties` schema.
    var additional: Int?
    var not: Int?
    var condition: Int?
    var then: Int?
    var otherwise: Int?
    /// Lists in ``SchemaStore/children``; nil where the keyword is absent.
    var allOf: Subschemas?
    var anyOf: Subschemas?
    var oneOf: Subschemas?

    /// Where a list of subschema indices stands in ``SchemaStore/children`` (a `Range` is
    /// generic, so not known to be plain bits).
    struct Subschemas: Sendable, BitwiseCopyable {
        var start: Int
        var end: Int
        var range: Range<Int> { start..<end }
    }

    /// Compiles one node; the subschema lists of `allOf`, `anyOf` and `oneOf` go to `children`.
    init(_ rules: SchemaRules, children: inout [Int]) {
        types = Types(names: rules.types)
        var keywords: Keywords = []
        if rules.rejectsAll { keywords.insert(.rejectsAll) }
        if rules.enumValues != nil { keywords.insert(.enumValues) }
        if rules.pattern != nil { keywords.insert(.pattern) }
        if rules.minimum != nil || rules.maximum != nil || rules.exclusiveMinimum != nil
            || rules.exclusiveMaximum != nil { keywords.insert(.bounds) }
        if !rules.required.isEmpty { keywords.insert(.required) }
        if !rules.properties.isEmpty { keywords.insert(.properties) }
        if rules.uniqueItems { keywords.insert(.uniqueItems) }
        switch rules.format {
        case "date": keywords.insert(.formatDate)
        case "email": keywords.insert(.formatEmail)
        default: break
        }
        switch rules.additional {
        case .allowed: additional = nil
        case .forbidden: additional = nil; keywords.insert(.forbidsAdditional)
        case .schema(let child): additional = child
        }
        self.keywords = keywords
        minLength = rules.minLength
        maxLength = rules.maxLength
        minItems = rules.minItems
        maxItems = rules.maxItems
        items = rules.items
        contains = rules.contains
        not = rules.not
        condition = rules.condition
        then = rules.then
        otherwise = rules.otherwise
        func list(_ indices: [Int]?) -> Subschemas? {
            guard let indices else { return nil }
            let start = children.count
            children += indices
            return Subschemas(start: start, end: children.count)
        }
        allOf = list(rules.allOf)
        anyOf = list(rules.anyOf)
        oneOf = list(rules.oneOf)
    }
}
