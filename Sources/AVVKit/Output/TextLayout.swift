/// Line breaking for the text writer: words, hanging indents, columns. Widths are counted in
/// characters (grapheme clusters).
enum TextLayout {
    /// Spaces where a line may break. No-break spaces (U+00A0, U+202F, U+2007) are not among
    /// them: `1.234,50 €` stays on one line.
    static func isBreakingSpace(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x09...0x0D, 0x20, 0x85, 0x1680, 0x2000...0x2006, 0x2008...0x200A, 0x2028, 0x2029,
                0x205F, 0x3000:
                true
            default:
                false
            }
        }
    }

    static func pad(_ count: Int) -> String { repeated(0x20, count) }

    /// `count` copies of an ASCII character (a space, `=`, `-`, `_`), written as bytes:
    /// `String(repeating:count:)` goes through `String` appends.
    static func repeated(_ ascii: UInt8, _ count: Int) -> String {
        let count = max(0, count)
        return String(unsafeUninitializedCapacity: count) { buffer in
            buffer.initialize(repeating: ascii)
            return count
        }
    }

    /// The words of `text`, split at breaking spaces.
    static func words(_ text: String) -> [String] {
        if let words = simpleWords(text) { return words.map(\.word) }
        return text.split(whereSeparator: isBreakingSpace).map(String.init)
    }

    /// The words of `text` with their length in characters.
    static func wordsWithCounts(_ text: String) -> [(word: String, count: Int)] {
        if let words = simpleWords(text) { return words }
        return text.split(whereSeparator: isBreakingSpace).map { (String($0), $0.count) }
    }

    /// The words of text in which every Unicode scalar is a character of its own (all below
    /// U+0300, or common punctuation, spaces and currency signs of U+2000–U+20C0; "\r\n" is
    /// one character but both of its scalars are breaking spaces): split byte-wise, with the
    /// same result as splitting the characters. Nil for other text.
    static func simpleWords(_ text: String) -> [(word: String, count: Int)]? {
        text.withUTF8Bytes { bytes -> [(word: String, count: Int)]? in
            simpleWordRanges(bytes)?.map { range in
                (String(decoding: UnsafeBufferPointer(rebasing: bytes[range.start..<range.end]), as: UTF8.self),
                 range.count)
            }
        }
    }

    /// The words of ``simpleWords(_:)`` as byte ranges of `bytes` with their length in
    /// characters; nil when the text is not that simple.
    static func simpleWordRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [(start: Int, end: Int, count: Int)]? {
        var words: [(start: Int, end: Int, count: Int)] = []
        var start = -1
        var count = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var breaking = false
            var width = 1
            switch byte {
            case 0x21...0x7E: break
            case 0x09...0x0D, 0x20: breaking = true
            case 0x00...0x7F: break
            case 0xC2...0xCB:  // U+0080–U+02FF
                width = 2
                if byte == 0xC2, bytes[index + 1] == 0x85 { breaking = true }  // NEL
            case 0xE2:
                width = 3
                let scalar = 0x2000 | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F)
                switch scalar {
                case 0x2000...0x2006, 0x2008...0x200A, 0x205F: breaking = true
                case 0x2007, 0x2010...0x2027, 0x202F...0x205E, 0x20A0...0x20C0: break
                default: return nil
                }
            default: return nil
            }
            if breaking {
                if start >= 0 {
                    words.append((start, index, count))
                    start = -1
                }
            } else {
                if start < 0 {
                    start = index
                    count = 0
                }
                count += 1
            }
            index += width
        }
        if start >= 0 { words.append((start, bytes.count, count)) }
        return words
    }

    /// `text` with every run of breaking spaces turned into one space, trimmed.
    static func collapsed(_ text: String) -> String {
        if isCollapsed(text) { return text }
        return words(text).joined(separator: " ")
    }

    /// A quick look at the bytes: true when `text` has no breaking space but single U+0020s
    /// between other characters, so that ``collapsed(_:)`` gives it back unchanged. False
    /// (look closer) for a space at either end, two spaces in a row, or any other breaking
    /// space (tab, line breaks, NEL, U+1680, U+2000–U+200A, U+2028, U+2029, U+205F, U+3000).
    static func isCollapsed(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            guard let first = bytes.first, let last = bytes.last else { return true }
            if first == 0x20 || last == 0x20 { return false }
            var previousSpace = false
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                index += 1
                if byte > 0x20, byte < 0x80 {
                    previousSpace = false
                    continue
                }
                if byte == 0x20 {
                    if previousSpace { return false }
                    previousSpace = true
                    continue
                }
                previousSpace = false
                switch byte {
                case 0x09...0x0D: return false
                case 0xC2: if bytes[index] == 0x85 { return false }
                case 0xE1: if bytes[index] == 0x9A, bytes[index + 1] == 0x80 { return false }
                case 0xE2:
                    let second = bytes[index]
                    let third = bytes[index + 1]
                    if second == 0x80, third <= 0x8A || third == 0xA8 || third == 0xA9 { return false }
                    if second == 0x81, third == 0x9F { return false }
                case 0xE3: if bytes[index] == 0x80, bytes[index + 1] == 0x80 { return false }
                default: break
                }
            }
            return true
        }
    }

    /// `text` on one line: line breaks and tabs become spaces, runs collapse.
    static func oneLine(_ text: String) -> String { collapsed(text) }

    static func trimmedTrailingSpaces(_ line: String) -> String {
        // Ends in an ASCII character that is no white space: nothing to trim.
        if let last = line.utf8.last, last < 0x80, last > 0x20 { return line }
        var line = Substring(line)
        while let last = line.last, last.isWhitespace { line = line.dropLast() }
        return String(line)
    }

    /// Wrapped lines as strings, untrimmed (for the title, which is centred by their widths).
    static func wrapLines(_ segments: [String], indent: Int, width: Int) -> [String] {
        var buffer = TextBuffer(capacity: 256, trims: false)
        buffer.wrap(segments, indent: indent, width: width)
        return buffer.bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    // MARK: - Bytes

    /// Whether `bytes` is simple text (see ``simpleWords(_:)``); with `clean`, also text in which
    /// ``Sanitizer`` has nothing to replace: no control character but tab, line feed and
    /// carriage return, no DEL, nothing of U+0080–U+009F. Eight bytes at a time while they
    /// are ASCII.
    static func isSimple(_ bytes: UnsafeBufferPointer<UInt8>, clean: Bool = false) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var index = 0
        while index < count {
            if index + 8 <= count {
                let word = ASCIIWord.load(raw, index)
                if clean ? ASCIIWord.isPrintable(word) : word & ASCIIWord.highs == 0 {
                    index += 8
                    continue
                }
            }
            let byte = base[index]
            if byte < 0x80 {
                if clean, (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F {
                    return false
                }
                index += 1
                continue
            }
            switch byte {
            case 0xC2...0xCB:
                if clean, byte == 0xC2, base[index + 1] < 0xA0 { return false }
                index += 2
            case 0xE2:
                switch scalarE2(bytes, index) {
                case 0x2000...0x200A, 0x2010...0x2027, 0x202F...0x205F, 0x20A0...0x20C0: index += 3
                default: return false
                }
            default:
                return false
            }
        }
        return true
    }

    /// The scalar of the three-byte sequence at `index`, whose lead byte is 0xE2.
    @inline(__always)
    static func scalarE2(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt32 {
        0x2000 | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F)
    }

    /// Whether `scalar` (not ASCII) is of a range where each scalar begins a character of its
    /// own and is no white space: U+00A1–U+02FF, and the punctuation and currency signs
    /// U+2010–U+2027, U+2030–U+205E, U+20A0–U+20C0. No white space, combining mark or joiner
    /// is among them, so no character that such a scalar ends begins with white space, and a
    /// space before one is a character of its own.
    @inline(__always)
    static func isPlainScalar(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0xA1...0x2FF, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20C0: true
        default: false
        }
    }

    /// The scalar that ends at `end` in valid UTF-8 `bytes` (non-empty).
    static func lastScalar(_ bytes: UnsafeBufferPointer<UInt8>, end: Int) -> UInt32 {
        var start = end - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return firstScalar(bytes, at: start)
    }

    /// The scalar that starts at `index` in valid UTF-8 `bytes`.
    static func firstScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32 {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return lead }
        if lead < 0xE0 { return (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F) }
        if lead < 0xF0 {
            return (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        }
        return (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
            | UInt32(bytes[index + 3] & 0x3F)
    }

    /// Whether the line `bytes[start..<end]` certainly does not end in white space (what
    /// ``trimmedTrailingSpaces(_:)`` would remove): it ends in visible ASCII or in a scalar
    /// of ``isPlainScalar(_:)``. False means: look closer.
    static func endsVisibly(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        guard end > start else { return true }
        let last = bytes[end - 1]
        if last < 0x80 { return last > 0x20 }
        return isPlainScalar(lastScalar(bytes, end: end))
    }

    /// `prefix(while: { $0 == " " }).count` of the line in `bytes`: its leading spaces, counted
    /// as characters.
    static func leadingSpaces(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        while count < bytes.count, bytes[count] == 0x20 { count += 1 }
        if count == 0 || count == bytes.count || bytes[count] < 0x80 { return count }
        if isPlainScalar(firstScalar(bytes, at: count)) { return count }
        // The last space may form one character with what follows (a combining mark).
        return String(decoding: bytes, as: UTF8.self).prefix(while: { $0 == " " }).count
    }

    /// `text.count`, from the bytes when every scalar of `text` is a character of its own
    /// (simple text without control characters).
    static func count(_ text: String) -> Int {
        let simple = text.withUTF8Bytes { bytes -> Int? in
            // Printable ASCII, eight bytes at a time: one character per byte.
            if let base = bytes.baseAddress {
                var index = 0
                while index + 8 <= bytes.count, ASCIIWord.isPrintable(ASCIIWord.load(UnsafeRawPointer(base), index)) {
                    index += 8
                }
                while index < bytes.count, bytes[index] >= 0x20, bytes[index] < 0x7F { index += 1 }
                if index == bytes.count { return index }
            }
            var characters = 0
            for byte in bytes {
                if byte < 0x20 { return nil }
                if byte & 0xC0 != 0x80 { characters += 1 }
            }
            return isSimple(bytes) ? characters : nil
        }
        return simple ?? text.count
    }
}

extension String {
    /// Without breaking spaces at either end.
    var trimmingSpaces: String {
        // Starts and ends with a visible ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return self
        }
        if let trimmed = trimmingPlainSpaces { return trimmed }
        var s = Substring(self)
        while let first = s.first, TextLayout.isBreakingSpace(first) { s = s.dropFirst() }
        while let last = s.last, TextLayout.isBreakingSpace(last) { s = s.dropLast() }
        return String(s)
    }

    /// ``trimmingSpaces`` byte by byte where that is sure to agree with `Character`s: only
    /// U+0020 is cut, the kept text ends in visible ASCII (so the spaces after it are
    /// characters of their own and it is none), and it starts in visible ASCII, or, with no
    /// space before it, in a character that cannot be a breaking space (`§`). Nil otherwise.
    private var trimmingPlainSpaces: String? {
        let result = utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var start = 0
            var end = bytes.count
            while start < end, bytes[start] == 0x20 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 { end -= 1 }
            guard start < end else { return nil }
            let last = bytes[end - 1]
            guard last > 0x20, last < 0x7F else { return nil }
            let first = bytes[start]
            let plainStart: Bool = switch first {
            case 0x21...0x7E: true
            // No space cut before it: a lead byte of no breaking space (U+0085 is 0xC2 0x85).
            case 0xC3...0xE0, 0xE4...0xF4: start == 0
            case 0xC2: start == 0 && bytes[start + 1] != 0x85
            default: false
            }
            guard plainStart else { return nil }
            if start == 0, end == bytes.count { return self }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        return result ?? nil
    }
}
