/// Characters that a data file may not put into a value: every character the writers would
/// have to replace (``Sanitizer``), that is the control characters XML 1.0 forbids, DEL and
/// the C1 controls, and the Unicode noncharacters such as U+FFFE.
///
/// They are found at load time so that the error names the field and the exact position,
/// written literally or as an escape (`"\u0007"`, `"\e"`); the writers' replacement with
/// U+FFFD stays as a last defence only.
enum ForbiddenCharacters {
    /// A forbidden character written literally in the text, at a scalar offset.
    struct Occurrence {
        var offset: Int
        var scalar: Unicode.Scalar
    }

    /// The text with every literal forbidden character replaced by a harmless one of the same
    /// UTF-8 width (so that libyaml's scalar and byte offsets both stay right), and where
    /// each one was. libyaml itself rejects most of them without saying in which field.
    static func screen(_ text: String) -> (text: String, occurrences: [Occurrence]) {
        guard Sanitizer.containsForbidden(text) else { return (text, []) }
        var occurrences: [Occurrence] = []
        var scalars = String.UnicodeScalarView()
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            guard Sanitizer.isForbidden(scalar) else {
                scalars.append(scalar)
                continue
            }
            occurrences.append(Occurrence(offset: offset, scalar: scalar))
            switch UTF8.width(scalar) {
            case 1: scalars.append("x")
            case 2: scalars.append("\u{DF}")  // ß
            case 3: scalars.append("\u{20AC}")  // €
            default: scalars.append("\u{10000}")  // 𐀀, a letter
            }
        }
        return (String(scalars), occurrences)
    }

    /// "the control character U+0007", "the noncharacter U+FFFE".
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let code = "U+" + String(repeating: "0", count: max(0, 4 - String(scalar.value, radix: 16).count))
            + String(scalar.value, radix: 16, uppercase: true)
        return scalar.value <= 0x9F ? "the control character \(code)" : "the noncharacter \(code)"
    }

    /// In the raw text of a YAML double-quoted scalar (quotes included), the offset and
    /// length of the first escape that stands for a forbidden character.
    static func firstForbiddenEscape(in raw: ArraySlice<Unicode.Scalar>) -> (offset: Int, length: Int, scalar: Unicode.Scalar)? {
        let characters = Array(raw)
        var i = 1
        while i < characters.count {
            guard characters[i] == "\\", i + 1 < characters.count else {
                i += 1
                continue
            }
            let kind = characters[i + 1]
            var value: UInt32?
            var length = 2
            switch kind {
            case "0": value = 0
            case "a": value = 7
            case "b": value = 8
            case "v": value = 0x0B
            case "f": value = 0x0C
            case "e": value = 0x1B
            case "N": value = 0x85
            case "x", "u", "U":
                let digits = kind == "x" ? 2 : kind == "u" ? 4 : 8
                if i + 2 + digits <= characters.count {
                    var text = ""
                    text.unicodeScalars.append(contentsOf: characters[(i + 2)..<(i + 2 + digits)])
                    value = UInt32(text, radix: 16)
                    length = 2 + digits
                }
            default: break
            }
            if let value, let scalar = Unicode.Scalar(value), Sanitizer.isForbidden(scalar) {
                return (i, length, scalar)
            }
            i += length
        }
        return nil
    }
}
