import Foundation

/// Splits running text into sentences, aware of German and English legal abbreviations.
///
/// The rules work on characters (grapheme clusters). Most text is made of characters that
/// are one Unicode scalar each (Latin-1, general punctuation, currency signs); such text is
/// split on its UTF-8 bytes, which gives the same sentences without breaking the text into
/// clusters and building each sentence character by character.
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

    /// The two lists for the byte-wise splitter.
    private static let abbreviationWords = WordList(abbreviations)
    private static let legalFormWords = WordList(legalForms)

    @inline(never)  // a call per paragraph; inlined, it made its callers too big to inline
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
    ///
    /// Works on the UTF-8 bytes in place: the rules look only at ASCII marks (`.`, `!`, `?`,
    /// line breaks) and at the scalars right around them, which are decoded where needed.
    static func splitScalars(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { utf8 -> [String]? in
            guard allStandAlone(utf8) else { return nil }
            return splitStandingAlone(utf8)
        }
    }

    /// Whether every scalar of the (valid) UTF-8 text stands alone: one and two bytes below
    /// U+0300 but CR, three bytes in the ranges of U+2010–U+20CF that do.
    static func allStandAlone(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var offset = 0
        let count = utf8.count
        while offset < count {
            let lead = utf8[offset]
            if lead < 0x80 {
                if lead == 0x0D { return false }
                offset += 1
            } else if lead >= 0xC2, lead <= 0xCB {
                offset += 2
            } else if lead == 0xE2 {
                let value = 0x2000 | UInt32(utf8[offset + 1] & 0x3F) << 6 | UInt32(utf8[offset + 2] & 0x3F)
                guard standsAlone(value) else { return false }
                offset += 3
            } else {
                return false
            }
        }
        return true
    }

    /// The scalar that starts at byte `offset` and its width (text of ``allStandAlone(_:)``).
    @inline(__always)
    private static func scalar(at offset: Int, in utf8: UnsafeBufferPointer<UInt8>) -> (value: UInt32, width: Int) {
        let lead = utf8[offset]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead < 0xE0 { return (UInt32(lead & 0x1F) << 6 | UInt32(utf8[offset + 1] & 0x3F), 2) }
        return (0x2000 | UInt32(utf8[offset + 1] & 0x3F) << 6 | UInt32(utf8[offset + 2] & 0x3F), 3)
    }

    /// The scalar that ends at byte `offset` and where it starts.
    @inline(__always)
    private static func scalar(before offset: Int, in utf8: UnsafeBufferPointer<UInt8>) -> (value: UInt32, start: Int) {
        var start = offset - 1
        while utf8[start] & 0xC0 == 0x80 { start -= 1 }
        return (scalar(at: start, in: utf8).value, start)
    }

    private static func isLetter(_ v: UInt32) -> Bool {
        v < 256 ? latin1[Int(v)] & 1 != 0 : Character(Unicode.Scalar(v)!).isLetter
    }

    private static func isNumber(_ v: UInt32) -> Bool {
        v < 256 ? latin1[Int(v)] & 2 != 0 : Character(Unicode.Scalar(v)!).isNumber
    }

    private static func isLowercase(_ v: UInt32) -> Bool {
        v < 256 ? latin1[Int(v)] & 4 != 0 : Character(Unicode.Scalar(v)!).isLowercase
    }

    /// The rules of ``splitCharacters(_:)`` on bytes whose scalars all stand alone, so that
    /// each scalar is one character.
    private static func splitStandingAlone(_ utf8: UnsafeBufferPointer<UInt8>) -> [String] {
        let count = utf8.count
        var sentences: [String] = []
        var start = 0
        func flush(_ end: Int) {
            var a = start, b = end
            while a < b {
                let (value, width) = scalar(at: a, in: utf8)
                guard isTrimmed(value) else { break }
                a += width
            }
            while b > a {
                let (value, from) = scalar(before: b, in: utf8)
                guard isTrimmed(value) else { break }
                b = from
            }
            if a < b { sentences.append(String(decoding: UnsafeBufferPointer(rebasing: utf8[a..<b]), as: UTF8.self)) }
            start = end
        }
        // Whether the word `utf8[from..<to]` is in `set` (lower-cased): ASCII words are read
        // from `words` without making a String.
        func listed(_ words: WordList, _ set: Set<String>, _ from: Int, _ to: Int) -> Bool {
            let bytes = UnsafeBufferPointer(rebasing: utf8[from..<to])
            return words.contains(bytes)
                ?? set.contains(String(decoding: bytes, as: UTF8.self).lowercased())
        }
        // Byte by byte: the marks are ASCII, and no byte of a longer scalar is ASCII.
        var i = 0
        while i < count {
            let c = utf8[i]
            if c == 0x0A {
                // A blank line or a line break before a list marker ends a sentence.
                if i + 1 < count, utf8[i + 1] == 0x0A { flush(i); i += 1; continue }
            }
            guard c == 0x2E || c == 0x21 || c == 0x3F else {
                i += 1
                continue
            }
            if i + 1 < count {
                let next = scalar(at: i + 1, in: utf8).value
                // space, line break, no-break space, `"`, `“`, `)`
                guard next == 0x20 || next == 0x0A || next == 0xA0 || next == 0x22 || next == 0x201C || next == 0x29 else {
                    i += 1
                    continue
                }
            }
            if c == 0x2E {
                // The word before the dot: an abbreviation or a number does not end it.
                var j = i
                var letters = 0
                var allNumbers = true
                while j > 0 {
                    let (value, from) = scalar(before: j, in: utf8)
                    let number = isNumber(value)
                    guard number || isLetter(value) else { break }
                    allNumbers = allNumbers && number
                    letters += 1
                    j = from
                }
                if (letters > 0 && allNumbers && letters <= 3) || listed(abbreviationWords, abbreviations, j, i) {
                    i += 1
                    continue
                }
                // "z. B." and the like: a single lower-case letter after a dot ("Exhibit C."
                // and "Anlage B." end sentences).
                if letters == 1, j > 0 {
                    let (before, from) = scalar(before: j, in: utf8)
                    if before == 0x20 || before == 0x2E,
                       isLowercase(scalar(before: i, in: utf8).value)
                        || (from > 0 && before == 0x2E && isLetter(scalar(before: from, in: utf8).value)) {
                        i += 1
                        continue
                    }
                }
                // A company name with dots runs on into its legal form ("Plan.tec. GmbH").
                var k = i + 1
                while k < count {
                    let (value, width) = scalar(at: k, in: utf8)
                    guard value == 0x20 || value == 0xA0 else { break }
                    k += width
                }
                var end = k
                while end < count {
                    let (value, width) = scalar(at: end, in: utf8)
                    guard isLetter(value) || value == 0x26 else { break }
                    end += width
                }
                if listed(legalFormWords, legalForms, k, end) { i += 1; continue }
            }
            flush(i + 1)
            i += 1
        }
        flush(count)
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

/// Lower-case ASCII words, looked up by their bytes in any case: each word of up to eight
/// letters packed into one integer (a sorted list, searched by halves), longer ones compared
/// byte by byte. What the splitter asks at every dot; a String, `lowercased()` and a hash per
/// question cost most of a split.
struct WordList: Sendable {
    private let short: [UInt64]
    private let long: [[UInt8]]

    init(_ words: Set<String>) {
        var short: [UInt64] = [], long: [[UInt8]] = []
        for word in words {
            let bytes = Array(word.utf8)
            precondition(!bytes.isEmpty && bytes.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }, "'\(word)' is not a lower-case ASCII word")
            if bytes.count <= 8 {
                short.append(bytes.withUnsafeBufferPointer { Self.pack($0)! })
            } else {
                long.append(bytes)
            }
        }
        self.short = short.sorted()
        self.long = long
    }

    /// The ASCII bytes lower-cased (`A`–`Z` to `a`–`z`), packed from the low byte up; nil
    /// when a byte is not ASCII or there are more than eight.
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard bytes.count <= 8 else { return nil }
        var packed: UInt64 = 0
        for (k, byte) in bytes.enumerated() {
            guard byte < 0x80 else { return nil }
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            packed |= UInt64(lower) << UInt64(8 * k)
        }
        return packed
    }

    /// Whether the word is listed, in any case of its ASCII letters; nil when it has a byte
    /// that is not ASCII (the caller asks the `Set` of Strings).
    func contains(_ word: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard !word.isEmpty else { return false }
        if word.count > 8 {
            guard word.allSatisfy({ $0 < 0x80 }) else { return nil }
            return long.contains { entry in
                entry.count == word.count
                    && zip(entry, word).allSatisfy { e, b in e == (b >= 0x41 && b <= 0x5A ? b + 0x20 : b) }
            }
        }
        guard let key = Self.pack(word) else { return nil }
        var low = 0, high = short.count
        while low < high {
            let middle = (low + high) / 2
            if short[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < short.count && short[low] == key
    }
}
