/// Turns positions counted in Unicode scalars from the start of a text (as libyaml counts
/// them) into 1-based line and character columns (as ``SourceLocation`` and editors count).
///
/// Lines end at "\n" (a "\r\n" pair is one break), as in ``DiagnosticFormatter``; libyaml's
/// own line numbers also break at NEL, LS and PS, so they are not used. Columns count
/// `Character`s: a decomposed "u\u{308}" is one column, as it is one on screen.
final class SourceText {
    let file: String
    private let scalars: [Unicode.Scalar]
    /// Scalar offset where each line starts.
    private let lineStarts: [Int]
    /// Per line: whether some character on it may be more than one scalar; then its columns
    /// need counting.
    private let complexLines: [Bool]
    /// Per complex line, once counted: the character column of each scalar on it.
    private var columnTables: [[Int]?]

    init(_ text: String, file: String) {
        self.file = file
        // One pass: the scalars are counted as they are copied (the UTF-8 length bounds
        // their number).
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        var starts = [0]
        var complex = [false]
        for scalar in text.unicodeScalars {
            scalars.append(scalar)
            if scalar == "\n" {
                starts.append(scalars.count)
                complex.append(false)
            } else if Self.mayJoin(scalar) {
                complex[complex.count - 1] = true
            }
        }
        self.scalars = scalars
        self.lineStarts = starts
        self.complexLines = complex
        self.columnTables = Array(repeating: nil, count: starts.count)
    }

    /// Whether `scalar` may form one character with a scalar beside it. Combining marks,
    /// joiners, variation selectors, Hangul jamo and regional indicators all lie at U+0300 or
    /// above; below it every scalar is a character of its own (a "\r" before "\n" ends the
    /// line). So are the dashes, quotation marks, ellipsis and other punctuation of U+2010 to
    /// U+205E (the joiners and invisible operators around them are left out) and the currency
    /// signs, which German text uses on many lines.
    static func mayJoin(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case ..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20C0: false
        default: true
        }
    }

    var scalarCount: Int { scalars.count }

    /// The scalars in `range`, clamped to the text.
    func scalars(_ range: Range<Int>) -> ArraySlice<Unicode.Scalar> {
        scalars[min(max(0, range.lowerBound), scalars.count)..<min(max(range.lowerBound, range.upperBound), scalars.count)]
    }

    /// The 1-based line of a scalar offset.
    private func lineIndex(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    private func lineEnd(_ line: Int) -> Int {
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : scalars.count
        if end > lineStarts[line], end - 1 < scalars.count, scalars[end - 1] == "\r" { end -= 1 }
        return end
    }

    private func characterColumn(line: Int, offset: Int) -> Int {
        let start = lineStarts[line]
        guard complexLines[line] else { return offset - start + 1 }
        if columnTables[line] == nil {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<lineEnd(line)])
            var table: [Int] = []
            var column = 1
            for character in String(view) {
                for _ in character.unicodeScalars { table.append(column) }
                column += 1
            }
            table.append(column)
            columnTables[line] = table
        }
        let table = columnTables[line]!
        return table[min(offset - start, table.count - 1)]
    }

    /// The location of a scalar offset (clamped to the text).
    func location(at offset: Int) -> SourceLocation {
        let offset = min(max(0, offset), scalars.count)
        let line = lineIndex(of: offset)
        return SourceLocation(file: file, line: line + 1, column: characterColumn(line: line, offset: offset))
    }

    /// Characters from `start` to `end`, cut at the end of the start's line (at least 1).
    func length(from start: Int, to end: Int) -> Int {
        let start = min(max(0, start), scalars.count)
        let line = lineIndex(of: start)
        let stop = min(max(start, end), lineEnd(line))
        return max(1, characterColumn(line: line, offset: stop) - characterColumn(line: line, offset: start))
    }

    /// The scalar offset of a UTF-8 byte offset into the text.
    func scalarOffset(ofByte byteOffset: Int) -> Int {
        var bytes = 0, offset = 0
        while offset < scalars.count, bytes < byteOffset {
            bytes += UTF8.width(scalars[offset])
            offset += 1
        }
        return offset
    }
}
