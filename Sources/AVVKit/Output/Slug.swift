import Foundation

/// File and folder names made from customer names and contract numbers.
public enum Slug {
    /// The longest slug ``make(_:)`` returns.
    public static let maximumLength = 60

    /// A safe, readable file name part: `Müller & Söhne GmbH` → `mueller-soehne-gmbh`.
    ///
    /// Lower-case ASCII letters, digits and single hyphens, never at either end. German umlauts
    /// and ß are transliterated (ä → ae, ö → oe, ü → ue, ß → ss), other letters lose their
    /// diacritics (é → e, ł → l), everything else becomes a hyphen. At most
    /// ``maximumLength`` characters; never empty (`unnamed`); names Windows reserves (`con`,
    /// `nul`, `com1` …) get the suffix `-file`, because `con.de.html` cannot be created there.
    public static func make(_ text: String) -> String {
        var out = ""
        var pendingHyphen = false
        func append(_ piece: String) {
            if pendingHyphen, !out.isEmpty { out += "-" }
            pendingHyphen = false
            out += piece
        }
        // Composed form first, so that `u` + combining diaeresis counts as ü. Text below
        // U+0300 (no combining marks) is composed already: Foundation's normalisation cost
        // more than the rest of a batch customer's folder name.
        let composed = text.unicodeScalars.allSatisfy { $0.value < 0x300 } ? text : text.precomposedStringWithCanonicalMapping
        for scalar in composed.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                // ASCII letters and digits stand for themselves, in lower case.
                let lower = (0x41...0x5A).contains(v) ? v + 0x20 : v
                if (0x30...0x39).contains(lower) || (0x61...0x7A).contains(lower) {
                    if pendingHyphen, !out.isEmpty { out.unicodeScalars.append("-") }
                    pendingHyphen = false
                    out.unicodeScalars.append(Unicode.Scalar(UInt8(lower)))
                } else {
                    pendingHyphen = true
                }
                continue
            }
            if let piece = transliteration(of: scalar) {
                append(piece)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                // A combining accent on an already transliterated letter: drop it.
                continue
            } else {
                pendingHyphen = true
            }
        }
        var slug = Substring(out)
        if slug.count > maximumLength {
            slug = slug.prefix(maximumLength)
            while slug.last == "-" { slug = slug.dropLast() }
        }
        var result = slug.isEmpty ? "unnamed" : String(slug)
        if result == "." || result == ".." { result = "unnamed" }
        if reservedOnWindows.contains(result) { result += "-file" }
        return result
    }

    /// Device names Windows reserves whatever the extension.
    static let reservedOnWindows: Set<String> = {
        var names: Set<String> = ["con", "prn", "aux", "nul"]
        for n in 0...9 {
            names.insert("com\(n)")
            names.insert("lpt\(n)")
        }
        return names
    }()

    /// Letters without a decomposition into base letter and accent.
    private static let special: [Unicode.Scalar: String] = [
        "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ß": "ss", "ẞ": "ss",
        "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l",
        "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h",
        "Ħ": "h", "ŀ": "l", "Ŀ": "l",
    ]

    /// The ASCII letters or digits `scalar` stands for, or nil for a separator.
    private static func transliteration(of scalar: Unicode.Scalar) -> String? {
        if scalar.isASCII {
            let v = scalar.value
            if (0x30...0x39).contains(v) || (0x61...0x7A).contains(v) { return String(scalar) }
            if (0x41...0x5A).contains(v) { return String(Character(Unicode.Scalar(UInt8(v + 0x20)))) }
            return nil
        }
        if let special = special[scalar] { return special }
        // A precomposed letter with diacritics: keep its ASCII base letter (é → e, Å → a).
        guard scalar.properties.isAlphabetic,
            let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first,
            base.isASCII, base != scalar
        else { return nil }
        return transliteration(of: base)
    }
}
