/// JSON strings read by JSON's rules rather than YAML's.
///
/// libyaml reads JSON's double-quoted strings as YAML ones, which differ in two ways that
/// matter: YAML refuses the surrogate pairs JSON writes for characters above U+FFFF
/// (`"\ud83d\ude00"` for 😀, as Python's `json.dumps` writes them), and accepts escapes JSON
/// does not have (`\x41`, `\e`, `\U0001F600`). So surrogate escapes are masked before libyaml
/// sees them, and every JSON string is decoded again here from the original text.
enum JSONString {
    /// Why a string does not decode: where (an offset into the raw string) and what.
    struct Failure: Error {
        var offset: Int
        var length: Int
        var message: String
        var code: DiagnosticCode
    }

    /// Whether `\u` or `\U` occurs in `text` (byte-wise: a whole file, searched once).
    static func mayHaveUnicodeEscape(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count > 1 else { return false }
            for i in 0..<(bytes.count - 1) where bytes[i] == 0x5C && (bytes[i + 1] == 0x75 || bytes[i + 1] == 0x55) {
                return true
            }
            return false
        }
    }

    /// The text with each `\uD8xx`–`\uDFxx` escape inside a string replaced by the same
    /// number of characters that libyaml accepts (`\u0078`); offsets stay the same.
    static func maskSurrogates(_ text: String) -> String {
        guard mayHaveUnicodeEscape(text) else { return text }
        var scalars = Array(text.unicodeScalars)
        var inString = false
        var i = 0
        var changed = false
        while i < scalars.count {
            let c = scalars[i]
            if !inString {
                if c == "\"" { inString = true }
                i += 1
                continue
            }
            if c == "\"" {
                inString = false
                i += 1
                continue
            }
            guard c == "\\", i + 1 < scalars.count else {
                i += 1
                continue
            }
            if scalars[i + 1] == "u", let value = hex(scalars, from: i + 2, digits: 4), (0xD800...0xDFFF).contains(value) {
                for (k, s) in "\\u0078".unicodeScalars.enumerated() { scalars[i + k] = s }
                changed = true
                i += 6
            } else {
                i += 2
            }
        }
        guard changed else { return text }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Decodes the raw text of one JSON string, quotes included.
    static func decode(_ raw: ArraySlice<Unicode.Scalar>) -> Result<String, Failure> {
        let s = Array(raw)
        guard s.count >= 2, s.first == "\"", s.last == "\"" else {
            return .failure(Failure(offset: 0, length: 1, message: "invalid JSON: expected a string in double quotes",
                                    code: .dataSyntax))
        }
        var out = String.UnicodeScalarView()
        var i = 1
        let end = s.count - 1
        while i < end {
            let c = s[i]
            if Sanitizer.isForbidden(c) {
                // Written literally: the loader reports it with the field (AVV212).
                out.append(c)
                i += 1
                continue
            }
            if c.value < 0x20 {
                let what = c == "\n" || c == "\r" ? "a line break" : c == "\t" ? "a tab" : "a control character"
                return .failure(Failure(
                    offset: i, length: 1,
                    message: "invalid JSON: \(what) inside a string; write it as an escape such as \\n or \\t",
                    code: .dataSyntax))
            }
            guard c == "\\" else {
                out.append(c)
                i += 1
                continue
            }
            guard i + 1 < end else {
                return .failure(Failure(offset: i, length: 1, message: "invalid JSON: '\\' at the end of a string",
                                        code: .dataSyntax))
            }
            let kind = s[i + 1]
            switch kind {
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "/": out.append("/")
            case "b": return .failure(forbidden("\u{08}", at: i, length: 2))
            case "f": return .failure(forbidden("\u{0C}", at: i, length: 2))
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "u":
                guard let high = hex(s, from: i + 2, digits: 4), i + 6 <= end else {
                    return .failure(Failure(offset: i, length: 2,
                                            message: "invalid JSON: '\\u' needs four hex digits, as in \\u00fc",
                                            code: .dataSyntax))
                }
                if (0xDC00...0xDFFF).contains(high) {
                    return .failure(lone(s, at: i))
                }
                if (0xD800...0xDBFF).contains(high) {
                    guard i + 12 <= end, s[i + 6] == "\\", s[i + 7] == "u", let low = hex(s, from: i + 8, digits: 4),
                          (0xDC00...0xDFFF).contains(low) else {
                        return .failure(lone(s, at: i))
                    }
                    let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
                    if Sanitizer.isForbidden(scalar) { return .failure(forbidden(scalar, at: i, length: 12)) }
                    out.append(scalar)
                    i += 12
                    continue
                }
                let scalar = Unicode.Scalar(high)!
                if Sanitizer.isForbidden(scalar) { return .failure(forbidden(scalar, at: i, length: 6)) }
                out.append(scalar)
                i += 6
                continue
            default:
                var shown = "\\"
                shown.unicodeScalars.append(kind)
                return .failure(Failure(
                    offset: i, length: 2,
                    message: "invalid JSON: '\(shown)' is not a JSON escape; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
                    code: .dataSyntax))
            }
            i += 2
        }
        return .success(String(out))
    }

    private static func forbidden(_ scalar: Unicode.Scalar, at i: Int, length: Int) -> Failure {
        Failure(offset: i, length: length,
                message: "contains \(ForbiddenCharacters.describe(scalar)), which a document cannot show; remove it",
                code: .forbiddenCharacter)
    }

    private static func lone(_ s: [Unicode.Scalar], at i: Int) -> Failure {
        var escape = ""
        escape.unicodeScalars.append(contentsOf: s[i..<min(s.count, i + 6)])
        return Failure(
            offset: i, length: 6,
            message: "contains the lone surrogate \(escape), which is no character; a character above U+FFFF is written as a pair such as \\ud83d\\ude00",
            code: .forbiddenCharacter)
    }

    private static func hex(_ s: [Unicode.Scalar], from start: Int, digits: Int) -> UInt32? {
        guard start + digits <= s.count else { return nil }
        var value: UInt32 = 0
        for k in start..<(start + digits) {
            guard let digit = Int(String(s[k]), radix: 16) else { return nil }
            value = value * 16 + UInt32(digit)
        }
        return value
    }
}
