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

    static func pad(_ count: Int) -> String { String(repeating: " ", count: max(0, count)) }

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
    static func collapsed(_ text: String) -> String { words(text).joined(separator: " ") }

    /// `text` on one line: line breaks and tabs become spaces, runs collapse.
    static func oneLine(_ text: String) -> String { collapsed(text) }

    static func trimmedTrailingSpaces(_ line: String) -> String {
        // Ends in an ASCII character that is no white space: nothing to trim.
        if let last = line.utf8.last, last < 0x80, last > 0x20 { return line }
        var line = Substring(line)
        while let last = line.last, last.isWhitespace { line = line.dropLast() }
        return String(line)
    }

    /// Fills lines up to `width`, each starting at `indent` (the very first at `firstIndent`
    /// when given); each segment starts a new line.
    ///
    /// A word that does not fit at its indent but is no wider than `width` moves left just
    /// enough to fit; only a word wider than `width` overflows.
    static func wrap(_ segments: [String], indent: Int, firstIndent: Int? = nil, width: Int) -> [String] {
        var lines: [String] = []
        for segment in segments {
            if wrapSimple(segment, into: &lines, indent: indent, firstIndent: firstIndent, width: width) { continue }
            var line = ""
            var length = 0
            for (word, count) in wordsWithCounts(segment) {
                let indent = lines.isEmpty && length == 0 ? (firstIndent ?? indent) : indent
                if length > 0 {
                    if length + 1 + count <= width {
                        line += " " + word
                        length += 1 + count
                        continue
                    }
                    lines.append(line)
                }
                let lead = min(indent, max(0, width - count))
                line = pad(lead) + word
                length = lead + count
            }
            if length > 0 { lines.append(line) }
        }
        return lines
    }

    /// ``wrap(_:indent:firstIndent:width:)`` for one segment of simple text (see
    /// ``simpleWords(_:)``), building each line in one byte buffer; false for other text.
    private static func wrapSimple(
        _ segment: String, into lines: inout [String], indent: Int, firstIndent: Int?, width: Int
    ) -> Bool {
        segment.withUTF8Bytes { bytes in
            guard let words = simpleWordRanges(bytes) else { return false }
            var line: [UInt8] = []
            line.reserveCapacity(2 * width)
            var length = 0
            for word in words {
                let indent = lines.isEmpty && length == 0 ? (firstIndent ?? indent) : indent
                let wordBytes = UnsafeBufferPointer(rebasing: bytes[word.start..<word.end])
                if length > 0 {
                    if length + 1 + word.count <= width {
                        line.append(0x20)
                        line.append(contentsOf: wordBytes)
                        length += 1 + word.count
                        continue
                    }
                    lines.append(String(decoding: line, as: UTF8.self))
                }
                let lead = min(indent, max(0, width - word.count))
                line.removeAll(keepingCapacity: true)
                line.append(contentsOf: repeatElement(0x20, count: max(0, lead)))
                line.append(contentsOf: wordBytes)
                length = lead + word.count
            }
            if length > 0 { lines.append(String(decoding: line, as: UTF8.self)) }
            return true
        }
    }

    /// Puts `label` into the indentation of the first line (the hanging indent of `(1)`,
    /// `a)`, `•`): `lines` start at `indent + labelWidth`. When the first line had to move
    /// left, or there are no lines, the label stands on a line of its own.
    static func overlay(_ label: String, at indent: Int, labelWidth: Int, onto lines: [String]) -> [String] {
        let labelLine = pad(indent) + label
        guard let first = lines.first else { return [labelLine] }
        let inner = indent + labelWidth
        let leading = first.prefix(while: { $0 == " " }).count
        guard leading >= inner, labelLine.count < inner else { return [labelLine] + lines }
        return [labelLine + pad(inner - labelLine.count) + first.dropFirst(inner)] + lines.dropFirst()
    }

    /// One row of aligned columns, two spaces apart.
    static func columns(_ cells: [String], widths: [Int], indent: Int) -> String {
        var line = pad(indent)
        for (i, width) in widths.enumerated() {
            let cell = i < cells.count ? cells[i] : ""
            line += cell
            if i < widths.count - 1 { line += pad(width - cell.count + 2) }
        }
        return trimmedTrailingSpaces(line)
    }
}

extension String {
    /// Without breaking spaces at either end.
    var trimmingSpaces: String {
        // Starts and ends with a visible ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return self
        }
        var s = Substring(self)
        while let first = s.first, TextLayout.isBreakingSpace(first) { s = s.dropFirst() }
        while let last = s.last, TextLayout.isBreakingSpace(last) { s = s.dropLast() }
        return String(s)
    }
}
