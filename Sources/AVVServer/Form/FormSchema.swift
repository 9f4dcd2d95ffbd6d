import AVVKit

/// How the form reads the schema: which properties become fields, their labels and help
/// texts in the UI language, and which input each type gets. Nothing here names a field of
/// the shipped schema: a property added to `Templates/schema.json` appears in the form.
enum FormSchema {
    /// The kinds of input a schema node becomes.
    enum Input: Equatable {
        case text, email, url, date, integer, number, checkbox
        case select([String])
        case group
        case list
    }

    /// The properties of an object node shown as fields, in schema order. Keys starting with
    /// `$` (`$schema`, the editor's pointer to the schema) are not data anyone fills in.
    static func fieldNames(of node: SchemaNode) -> [String] {
        node.propertyNames.filter { !$0.hasPrefix("$") }
    }

    static func input(for node: SchemaNode) -> Input {
        if node.isObject { return .group }
        if node.isArray { return .list }
        let types = node.types
        if let values = node.enumValues {
            let options = values.compactMap { value -> String? in
                switch value {
                case .string(let s): s
                case .integer(let i): String(i)
                case .number(let d): FormTree.format(d)
                case .bool(let b): b ? "true" : "false"
                default: nil
                }
            }
            if !options.isEmpty { return .select(options) }
        }
        if types.contains("boolean") && !types.contains("string") { return .checkbox }
        if types.contains("integer") && !types.contains("string") { return .integer }
        if types.contains("number") && !types.contains("string") { return .number }
        switch node.format {
        case "date": return .date
        case "email": return .email
        case "uri", "url": return .url
        default: return .text
        }
    }

    /// The field's label: the schema's `title`, in English its `x-title-en` (German if none),
    /// else the property name.
    static func title(_ node: SchemaNode, name: String, language: Language) -> String {
        if language == .en, let english = node.annotation("x-title-en") { return english }
        return node.title ?? name
    }

    /// The help text: `description`, in English `x-description-en` (German if none).
    static func help(_ node: SchemaNode, language: Language) -> String? {
        if language == .en, let english = node.annotation("x-description-en") { return english }
        return node.description
    }
}
