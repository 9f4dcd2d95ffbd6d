/// Resolves YAML scalars by the YAML 1.2 core schema, never by YAML 1.1.
///
/// Only plain (unquoted) scalars are resolved: `true`/`false` in three spellings, `null`,
/// `~` or nothing, decimal, `0o` octal and `0x` hex integers, and floats including `.inf` and
/// `.nan`. Everything else stays a string: `yes`, `no`, `on`, `NO` (Norway) and dates too.
/// Anything quoted or written as a block scalar is a string.
enum ScalarResolver {
    enum Style: Sendable { case plain, quoted, block }

    static let tagPrefix = "tag:yaml.org,2002:"

    /// The value of a scalar, or a message saying why an explicit tag does not fit it.
    static func resolve(_ text: String, style: Style, tag: String?) -> Result<DataValue, TagError> {
        switch tag {
        case nil:
            return .success(style == .plain ? core(text) : .string(text))
        case "!", tagPrefix + "str":
            return .success(.string(text))
        case tagPrefix + "int":
            if case .integer = core(text) { return .success(core(text)) }
            return .failure(TagError(message: "'\(text)' is not an integer (tagged !!int)"))
        case tagPrefix + "float":
            switch core(text) {
            case .integer(let i): return .success(.number(Double(i)))
            case .number(let d): return .success(.number(d))
            default: return .failure(TagError(message: "'\(text)' is not a number (tagged !!float)"))
            }
        case tagPrefix + "bool":
            if case .bool = core(text) { return .success(core(text)) }
            return .failure(TagError(message: "'\(text)' is not true or false (tagged !!bool)"))
        case tagPrefix + "null":
            if core(text) == .null { return .success(.null) }
            return .failure(TagError(message: "'\(text)' is not null (tagged !!null)"))
        case let other?:
            return .failure(TagError(message: "unsupported tag '\(shortTag(other))'"))
        }
    }

    struct TagError: Error { var message: String }

    static func shortTag(_ tag: String) -> String {
        tag.hasPrefix(tagPrefix) ? "!!" + tag.dropFirst(tagPrefix.count) : tag
    }

    /// The core schema's reading of a plain scalar.
    static func core(_ text: String) -> DataValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        let utf8 = Array(text.utf8)
        if isDecimalInteger(utf8) {
            // Too large for Int: keep the value as a float, as JSON parsers do.
            return Int(text).map(DataValue.integer) ?? Double(text).map(DataValue.number) ?? .string(text)
        }
        if utf8.count > 2, utf8[0] == UInt8(ascii: "0") {
            let digits = String(text.dropFirst(2))
            if utf8[1] == UInt8(ascii: "o"), digits.utf8.allSatisfy({ (48...55).contains($0) }) {
                return Int(digits, radix: 8).map(DataValue.integer) ?? .string(text)
            }
            if utf8[1] == UInt8(ascii: "x"), digits.utf8.allSatisfy(isHexDigit) {
                return Int(digits, radix: 16).map(DataValue.integer) ?? .string(text)
            }
        }
        if isFloat(utf8), let value = Double(text) { return .number(value) }
        return .string(text)
    }

    /// `[-+]?[0-9]+`
    static func isDecimalInteger(_ s: [UInt8]) -> Bool {
        var i = 0
        if i < s.count, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") { i += 1 }
        return i < s.count && s[i...].allSatisfy(isDigit)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    static func isFloat(_ s: [UInt8]) -> Bool {
        var i = 0
        if i < s.count, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") { i += 1 }
        let intStart = i
        while i < s.count, isDigit(s[i]) { i += 1 }
        let intDigits = i - intStart
        var fracDigits = 0
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            while i < s.count, isDigit(s[i]) { i += 1 }
            fracDigits = i - fracStart
            if intDigits == 0 && fracDigits == 0 { return false }
        } else if intDigits == 0 {
            return false
        }
        if i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            if i < s.count, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") { i += 1 }
            let expStart = i
            while i < s.count, isDigit(s[i]) { i += 1 }
            if i == expStart { return false }
        }
        return i == s.count
    }

    /// A JSON literal: `true`, `false`, `null` or a JSON number.
    static func isJSONLiteral(_ text: String) -> Bool {
        if text == "true" || text == "false" || text == "null" { return true }
        let s = Array(text.utf8)
        var i = 0
        if i < s.count, s[i] == UInt8(ascii: "-") { i += 1 }
        guard i < s.count, isDigit(s[i]) else { return false }
        if s[i] == UInt8(ascii: "0") { i += 1 } else { while i < s.count, isDigit(s[i]) { i += 1 } }
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < s.count, isDigit(s[i]) { i += 1 }
            if i == start { return false }
        }
        if i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            if i < s.count, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") { i += 1 }
            let start = i
            while i < s.count, isDigit(s[i]) { i += 1 }
            if i == start { return false }
        }
        return i == s.count
    }

    private static func isDigit(_ c: UInt8) -> Bool { (48...57).contains(c) }
    private static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (65...70).contains(c) || (97...102).contains(c)
    }
}
