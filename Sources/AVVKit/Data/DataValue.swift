/// A value of customer data, as loaded from YAML or JSON: the JSON data model.
///
/// Numbers keep integers apart from fractions so that `12` renders as `12`, not `12.0`.
public enum DataValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([DataValue])
    case object([String: DataValue])

    /// The JSON Schema type name of this value (`integer` for whole numbers).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Truthiness in template conditions: null, false, 0, "" and [] are false.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        case .integer(let i): i != 0
        case .number(let d): d != 0
        case .string(let s): !s.isEmpty
        case .array(let a): !a.isEmpty
        case .object: true
        }
    }

    public subscript(key: String) -> DataValue? {
        guard case .object(let members) = self else { return nil }
        return members.member(key)
    }
}

extension Dictionary where Key == String {
    /// `self[key]`, found in a small dictionary by comparing keys instead of hashing `key`.
    /// The objects of a profile and the properties of a schema node have a dozen members or
    /// fewer, and comparing a few keys (a short key is held in the string itself and compared
    /// as two words) costs less than hashing one. Keys compare as `==` does, canonical equivalence included, so the answer
    /// is the dictionary's.
    func member(_ key: String) -> Value? {
        guard count <= 12 else { return self[key] }
        var index = startIndex
        let end = endIndex
        while index != end {
            if keys[index] == key { return values[index] }
            formIndex(after: &index)
        }
        return nil
    }
}
