import AVVKit
import Foundation

/// Writes customer data as YAML that `avv generate` reads back to the same value: keys in
/// schema order, every string double-quoted (so `no`, `2026-11-21` or `0049…` stay text),
/// block style, two-space indent. The submitted data in the ZIP is this text.
enum YAMLWriter {
    static func write(_ data: DataValue, schema: SchemaNode?, header: [String] = []) -> String {
        var out = header.map { "# " + $0 + "\n" }.joined()
        if case .object(let members) = data, !members.isEmpty {
            writeMembers(members, schema: schema, indent: 0, into: &out)
        } else {
            out += inline(data) + "\n"
        }
        return out
    }

    private static func orderedKeys(_ members: [String: DataValue], schema: SchemaNode?) -> [String] {
        let declared = (schema?.propertyNames ?? []).filter { members[$0] != nil }
        return declared + members.keys.filter { !declared.contains($0) }.sorted()
    }

    private static func writeMembers(_ members: [String: DataValue], schema: SchemaNode?, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for key in orderedKeys(members, schema: schema) {
            let value = members[key]!
            let child = schema?.property(key)
            out += pad + self.key(key) + ":"
            writeValue(value, schema: child, indent: indent, into: &out)
        }
    }

    /// Writes a value after `key:` or `- `: inline scalars, nested blocks on the next lines.
    private static func writeValue(_ value: DataValue, schema: SchemaNode?, indent: Int, into out: inout String) {
        switch value {
        case .object(let members) where !members.isEmpty:
            out += "\n"
            writeMembers(members, schema: schema, indent: indent + 2, into: &out)
        case .array(let items) where !items.isEmpty:
            out += "\n"
            let pad = String(repeating: " ", count: indent + 2)
            for item in items {
                out += pad + "-"
                if case .object(let members) = item, !members.isEmpty {
                    // The first key on the dash line, the rest aligned under it.
                    var block = ""
                    writeMembers(members, schema: schema?.items, indent: indent + 4, into: &block)
                    out += " " + block.dropFirst(indent + 4)
                } else if case .array(let nested) = item, !nested.isEmpty {
                    writeValue(item, schema: schema?.items, indent: indent + 2, into: &out)
                } else {
                    out += " " + inline(item) + "\n"
                }
            }
        default:
            out += " " + inline(value) + "\n"
        }
    }

    private static func inline(_ value: DataValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : String(d)
        case .string(let s): quoted(s)
        case .array: "[]"
        case .object: "{}"
        }
    }

    /// A plain key when it cannot be read as anything but a string, else double-quoted.
    private static func key(_ key: String) -> String {
        let plain = key.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true
            && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"].contains(key.lowercased())
        return plain ? key : quoted(key)
    }

    /// A double-quoted YAML (and JSON) string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
