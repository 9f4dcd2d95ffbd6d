import AVVKit
import Foundation

/// Turns the typed form values into customer data, typed by the schema: whole numbers for
/// `integer`, numbers with `,` or `.` for `number`, `true`/`false` from a checkbox, lists
/// without their empty rows, and every empty optional field (or optional group left empty)
/// omitted. What cannot be converted stays text, so that the schema validator reports it
/// with its field path like any other mistake.
enum FormConverter {
    struct Result {
        /// The data; always an object for the root.
        var data: DataValue
        /// The form values with empty list rows removed: its row numbers are the data's, so
        /// that an error's path (`processor.subprocessors[1].name`) points at the right row.
        var tree: FormTree
    }

    static func convert(_ tree: FormTree, schema: SchemaNode) -> Result {
        let (data, compacted) = convert(tree, node: schema, required: true)
        return Result(data: data ?? .object([:]), tree: compacted)
    }

    /// The data for one node, or nil when nothing was entered and the node may be left out.
    private static func convert(_ tree: FormTree?, node: SchemaNode, required: Bool) -> (DataValue?, FormTree) {
        if node.isObject {
            var members: [String: DataValue] = [:]
            var formMembers: [String: FormTree] = [:]
            for name in FormSchema.fieldNames(of: node) {
                guard let child = node.property(name) else { continue }
                let (value, childTree) = convert(tree?[name], node: child, required: node.requiredNames.contains(name))
                if let value { members[name] = value }
                formMembers[name] = childTree
            }
            let entered = members.values.contains(where: isEntered)
            return (entered || required ? .object(members) : nil, .object(formMembers))
        }
        if node.isArray, let items = node.items {
            var values: [DataValue] = []
            var rows: [FormTree] = []
            for row in tree?.rows ?? [] {
                // An empty row is a row nobody filled in: dropped, in the data and in the form.
                let (value, rowTree) = convert(row, node: items, required: false)
                if let value, isEntered(value) {
                    values.append(value)
                    rows.append(rowTree)
                }
            }
            return (values.isEmpty && !required ? nil : .array(values), .list(rows))
        }
        let text = (tree?.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let types = node.types
        if types.contains("boolean") && !types.contains("string") {
            let on = ["true", "on", "1", "yes"].contains(text.lowercased())
            return (.bool(on), .text(on ? "true" : ""))
        }
        guard !text.isEmpty else { return (nil, .text("")) }
        if types.contains("integer") && !types.contains("string"), let value = integer(text) {
            return (.integer(value), .text(text))
        }
        if types.contains("number") && !types.contains("string"), let value = number(text) {
            return (value, .text(text))
        }
        return (.string(text), .text(text))
    }

    /// Whether a value carries something a person entered: an unticked checkbox does not.
    private static func isEntered(_ value: DataValue) -> Bool {
        switch value {
        case .null, .bool(false): false
        case .object(let members): members.values.contains(where: isEntered)
        case .array(let items): !items.isEmpty
        default: true
        }
    }

    private static func integer(_ text: String) -> Int? {
        Int(text.replacingOccurrences(of: " ", with: ""))
    }

    /// `1,40`, `1.40`, `12`; a thousands separator is not guessed at.
    private static func number(_ text: String) -> DataValue? {
        var text = text.replacingOccurrences(of: " ", with: "")
        if let value = Int(text) { return .integer(value) }
        if text.filter({ $0 == "," }).count == 1, !text.contains(".") {
            text = text.replacingOccurrences(of: ",", with: ".")
        }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              let value = Double(text), value.isFinite else { return nil }
        return .number(value)
    }
}
