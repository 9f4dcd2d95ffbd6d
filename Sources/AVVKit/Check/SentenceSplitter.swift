import Foundation

/// Splits running text into sentences, aware of German and English legal abbreviations.
///
/// The rules work on characters (grapheme clusters). Most text is made of characters that
/// are one Unicode scalar each (Latin-1, general punctuation, currency signs); such text is
/// split on its scalars and UTF-8 bytes, which gives the same sentences without breaking the
/// text into clusters and building each sentence character by character.
enum SentenceSplitter {
    static let abbreviations: Set<String> = [
        "art", "abs", "nr", "lit", "ziff", "s", "bzw", "ggf", "vgl", "gem", "inkl", "zzgl", "ca", "etc", "ff",
        "f", "str", "dr", "tel", "z", "b", "d", "h", "u", "a", "i", "v", "m", "e", "g", "no", "para", "sec",
        "cl", "co", "ltd", "inc", "corp", "st", "mio", "max", "min", "eur", "usw", "sog", "bspw", "evtl", "insb",
        "einschl", "ausschl", "allg", "anl", "kap", "buchst", "doppelbuchst", "satz", "ua", "vs", "approx", "incl",
        "ie", "eg", "cf", "resp", "reg", "ust", "hrb", "hra", "fax", "mr", "mrs", "ms", "prof",
    ]

    /// Legal forms that follow a company name; a dot before them does not end a sentence.
    static let legalForms: Set<String> = ["gmbh", "ag", "kg", "kgaa", "ohg", "gbr", "ug", "se", "mbh", "ltd", "llc", "inc", "plc", "llp"]

    static func split(_ text: String) -> [String] {
        splitScalars(text) ?? splitCharacters(text)
    }

    /// Whether a scalar always forms a character of its own, whatever stands around it: no
    /// grapheme cluster rule joins it to a neighbour (CR joins LF; combining marks, joiners,
    /// prepended and spacing marks, Hangul, emoji and regional indicators lie outside).
    @inline(__always)
    static func standsAlone(_ v: UInt32) -> Bool {
        (v < 0x300 && v != 0x0D) || (v >= 0x2010 && v <= 0x2027) || (v >= 0x2030 && v <= 0x205E)
            || (v >= 0x20A0 && v <= 0x20CF)
    }

    /// Character properties of Latin-1, read off `Character` once: bit 0 letter, 1 number,
    /// 2 lower case.
    private static let latin1: [UInt8] = (0..<256).map { v in
        let c = Character(Unicode.Scalar(UInt8(v)))
        return (c.isLetter ? 1 : 0) | (c.isNumber ? 2 : 0) | (c.isLowercase ? 4 : 0)
    }

    private static func isLetter(_ s: Unicode.Scalar) -> Bool {
        s.value < 256 ? latin1[Int(s.value)] & 1 != 0 : Character(s).isLetter
    }

    private static func isNumber(_ s: Unicode.Scalar) -> Bool {
        s.value < 256 ? latin1[Int(s.value)] & 2 != 0 : Character(s).isNumber
    }

    private static func isLowercase(_ s: Unicode.Scalar) -> Bool {
        s.value < 256 ? latin1[Int(s.value)] & 4 != 0 : Character(s).isLowercase
    }

    /// Whether `CharacterSet.whitespacesAndNewlines` holds the scalar: exact for the scalars
    /// that stand alone (``standsAlone(_:)``), the only ones ``splitScalars(_:)`` sees (a test
    /// compares each with the set): tab, line breaks, space, NEL, no-break space; also the
    /// line and paragraph separators and the narrow no-break space. Asking Foundation's set
    /// at every sentence edge cost more than the rest of the split.
    @inline(__always)
    static func isTrimmed(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x2028, 0x2029, 0x202F: true
        default: false
        }
    }

    /// ``splitCharacters(_:)`` for text whose characters are single scalars
    /// (``standsAlone(_:)``); nil for any other text.
    static func splitScalars(_ text: String) -> [String]? {
        let utf8 = Array(text.utf8)
        var chars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        chars.reserveCapacity(utf8.count)
        offsets.reserveCapacity(utf8.count + 1)
        // Decoded from the bytes: one and two bytes (below U+0800), three for the ranges of
        // U+2010–U+20CF that stand alone; any other sequence is text for the character rules.
        var offset = 0
        while offset < utf8.count {
            let lead = utf8[offset]
            let value: UInt32
            let width: Int
            switch lead {
            case 0x00..<0x80:
                value = UInt32(lead)
                width = 1
            case 0xC2...0xDF:
                value = UInt32(lead & 0x1F) << 6 | UInt32(utf8[offset + 1] & 0x3F)
                width = 2
            case 0xE2:
                value = 0x2000 | UInt32(utf8[offset + 1] & 0x3F) << 6 | UInt32(utf8[offset + 2] & 0x3F)
                width = 3
            default:
                return nil
            }
            guard standsAlone(value), let scalar = Unicode.Scalar(value) else { return nil }
            chars.append(scalar)
            offsets.append(offset)
            offset += width
        }
        offsets.append(offset)
        var sentences: [String] = []
        var start = 0
        var i = 0
        func flush(_ end: Int) {
            var a = start, b = end
            while a < b, isTrimmed(chars[a].value) { a += 1 }
            while b > a, isTrimmed(chars[b - 1].value) { b -= 1 }
            if a < b {
                sentences.append(String(decoding: utf8[offsets[a]..<offsets[b]], as: UTF8.self))
            }
            start = end
        }
        func word(_ range: Range<Int>) -> String {
            String(decoding: utf8[offsets[range.lowerBound]..<offsets[range.upperBound]], as: UTF8.self)
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\n" {
                // A blank line or a line break before a list marker ends a sentence.
                if i + 1 < chars.count, chars[i + 1] == "\n" { flush(i); i += 1; continue }
            }
            if c == "." || c == "!" || c == "?" {
                let next: Unicode.Scalar = i + 1 < chars.count ? chars[i + 1] : " "
                guard next == " " || next == "\n" || next == "\u{A0}" || next == "\"" || next == "“" || next == ")" || i + 1 == chars.count else {
                    i += 1
                    continue
                }
                if c == "." {
                    // The word before the dot: an abbreviation or a number does not end it.
                    var j = i - 1
                    while j >= 0, isLetter(chars[j]) || isNumber(chars[j]) { j -= 1 }
                    let w = word((j + 1)..<i).lowercased()
                    if abbreviations.contains(w) || (!w.isEmpty && chars[(j + 1)..<i].allSatisfy(isNumber) && i - j - 1 <= 3) {
                        i += 1
                        continue
                    }
                    // "z. B." and the like: a single lower-case letter after a dot ("Exhibit C."
                    // and "Anlage B." end sentences).
                    if i - j - 1 == 1, j >= 0, chars[j] == " " || chars[j] == ".",
                       isLowercase(chars[i - 1]) || (j >= 1 && chars[j] == "." && isLetter(chars[j - 1])) { i += 1; continue }
                    // A company name with dots runs on into its legal form ("Plan.tec. GmbH").
                    var k = i + 1
                    while k < chars.count, chars[k] == " " || chars[k] == "\u{A0}" { k += 1 }
                    var end = k
                    while end < chars.count, isLetter(chars[end]) || chars[end] == "&" { end += 1 }
                    if legalForms.contains(word(k..<end).lowercased()) { i += 1; continue }
                }
                flush(i + 1)
            }
            i += 1
        }
        flush(chars.count)
        return sentences
    }

    /// The rules on characters, for any text.
    static func splitCharacters(_ text: String) -> [String] {
        var sentences: [String] = []
        let chars = Array(text)
        var start = 0
        var i = 0
        func flush(_ end: Int) {
            let s = String(chars[start..<end]).trimmingCharacters(in: .whitespacesAndNewlines)
            if !s.isEmpty { sentences.append(s) }
            start = end
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\n" {
                // A blank line or a line break before a list marker ends a sentence.
                if i + 1 < chars.count, chars[i + 1] == "\n" { flush(i); i += 1; continue }
            }
            if c == "." || c == "!" || c == "?" {
                let next = i + 1 < chars.count ? chars[i + 1] : " "
                guard next == " " || next == "\n" || next == "\u{A0}" || next == "\"" || next == "“" || next == ")" || i + 1 == chars.count else {
                    i += 1
                    continue
                }
                if c == "." {
                    // The word before the dot: an abbreviation or a number does not end it.
                    var j = i - 1
                    while j >= 0, chars[j].isLetter || chars[j].isNumber { j -= 1 }
                    let word = String(chars[(j + 1)..<i]).lowercased()
                    if abbreviations.contains(word) || (!word.isEmpty && word.allSatisfy(\.isNumber) && word.count <= 3) {
                        i += 1
                        continue
                    }
                    // "z. B." and the like: a single lower-case letter after a dot ("Exhibit C."
                    // and "Anlage B." end sentences).
                    if word.count == 1, j >= 0, chars[j] == " " || chars[j] == ".",
                       chars[i - 1].isLowercase || (j >= 1 && chars[j] == "." && chars[j - 1].isLetter) { i += 1; continue }
                    // A company name with dots runs on into its legal form ("Plan.tec. GmbH").
                    var k = i + 1
                    while k < chars.count, chars[k] == " " || chars[k] == "\u{A0}" { k += 1 }
                    var end = k
                    while end < chars.count, chars[end].isLetter || chars[end] == "&" { end += 1 }
                    if legalForms.contains(String(chars[k..<end]).lowercased()) { i += 1; continue }
                }
                flush(i + 1)
            }
            i += 1
        }
        flush(chars.count)
        return sentences
    }
}
