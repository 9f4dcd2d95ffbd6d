/// How validation messages write types and values: plain English, user values quoted as found.
enum ValueWording {
    /// "a string", "an integer or null" …
    static func expected(_ types: [String]) -> String {
        let words = types.map { type -> String in
            switch type {
            case "string": "a string"
            case "integer": "an integer"
            case "number": "a number"
            case "boolean": "true or false"
            case "null": "null"
            case "object": "an object"
            case "array": "a list"
            default: type
            }
        }
        switch words.count {
        case 0: return "any value"
        case 1: return words[0]
        default: return words.dropLast().joined(separator: ", ") + " or " + words.last!
        }
    }

    /// A value as a literal: strings quoted, numbers and `true`/`false`/`null` bare.
    static func literal(_ value: DataValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .integer(let i): return "\(i)"
        case .number(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return "\(Int(d))" }
            return "\(d)"
        case .string(let s): return quoted(s)
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// `'text'`, with line breaks shown as `\n` and long text cut.
    static func quoted(_ string: String) -> String {
        var shown = string.replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
        if shown.count > 60 { shown = String(shown.prefix(57)) + "…" }
        return "'\(shown)'"
    }

    /// "1 item", "3 items".
    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    /// Equality as JSON Schema means it: `1` equals `1.0`.
    static func equal(_ a: DataValue, _ b: DataValue) -> Bool {
        switch (a, b) {
        case (.integer, .number), (.number, .integer): return compare(a, b) == 0
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(equal)
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default: return a == b
        }
    }

    /// -1, 0 or 1 for two numbers; nil if either is not a number (or is NaN).
    static func compare(_ a: DataValue, _ b: DataValue) -> Int? {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        default:
            guard let x = double(a), let y = double(b), !x.isNaN, !y.isNaN else { return nil }
            return x < y ? -1 : (x > y ? 1 : 0)
        }
    }

    private static func double(_ value: DataValue) -> Double? {
        switch value {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }
}
