import Foundation

/// The bytes of a source file with fast offset → line/column mapping, and a scanner that
/// finds the raw positions of tags, attributes and `{{` in it.
///
/// libxml2 keeps only a line per node; avv reports columns, so it walks the parsed tree in
/// document order and finds each construct in the raw text behind it.
struct TemplateSource: Sendable {
    let file: String
    let bytes: [UInt8]
    private let lineStarts: [Int]

    /// Largest template file read, in bytes (4 MiB); a contract template is some 100 KiB.
    static let maxFileSize = 4 << 20

    /// Reads a template file, at most ``maxFileSize`` bytes of it: nil when it cannot be
    /// read; a larger file is an `AVV003` error.
    static func read(_ path: String) -> Result<TemplateSource, DiagnosticsError>? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        // One byte past the limit tells a file at the limit from a larger one (or a device).
        let data: Data
        do {
            data = try handle.read(upToCount: maxFileSize + 1) ?? Data()  // nil: the file is empty
        } catch {
            return nil
        }
        if data.count > maxFileSize {
            return .failure(DiagnosticsError([Diagnostic(
                .error, .inputTooLarge,
                "the template is larger than \(maxFileSize >> 20) MiB; split it into partials with avv:include",
                at: SourceLocation(file: path, line: 1, column: 1))]))
        }
        return .success(TemplateSource(file: path, bytes: [UInt8](data)))
    }

    init(file: String, bytes: [UInt8]) {
        self.file = file
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The location of a byte offset; the column counts characters (UTF-8 lead bytes).
    func location(ofOffset offset: Int) -> SourceLocation {
        let offset = max(0, min(offset, bytes.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = 1 + Self.leadBytes(bytes, from: lineStarts[low], to: offset)
        // A BOM at the very start is not a column.
        if low == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]), offset >= 3 { column -= 1 }
        return SourceLocation(file: file, line: low + 1, column: column)
    }

    /// The bytes in `start..<end` that begin a character (all but UTF-8 continuation bytes),
    /// eight at a time: a template's paragraph is often one line of several hundred bytes.
    static func leadBytes(_ bytes: [UInt8], from start: Int, to end: Int) -> Int {
        bytes.withUnsafeBytes { buffer in
            var count = 0
            var i = start
            while i + 8 <= end {
                let word = ASCIIWord.load(buffer.baseAddress!, i)
                // A continuation byte is 10xxxxxx: its top bit set and the next one clear.
                count += 8 - (word & ~(word << 1) & ASCIIWord.highs).nonzeroBitCount
                i += 8
            }
            while i < end {
                if buffer[i] & 0xC0 != 0x80 { count += 1 }
                i += 1
            }
            return count
        }
    }
}

/// Walks raw template bytes in step with the parsed tree.
struct SourceScanner {
    let source: TemplateSource
    private(set) var position = 0

    init(source: TemplateSource) { self.source = source }

    private var bytes: [UInt8] { source.bytes }

    private func starts(with literal: String, at offset: Int) -> Bool {
        // The literal's bytes are read in place: this runs at every `<` of a template.
        let bytes = self.bytes
        var i = offset
        for byte in literal.utf8 {
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
        }
        return true
    }

    private func find(_ literal: String, from offset: Int) -> Int? {
        let lit = Array(literal.utf8)
        guard !lit.isEmpty, bytes.count >= lit.count else { return nil }
        var i = offset
        while i + lit.count <= bytes.count {
            if bytes[i] == lit[0], starts(with: literal, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// Skips a comment, CDATA section, processing instruction or declaration at `offset`
    /// (which holds `<`); returns the offset after it, or nil when none starts there.
    private func skipMarkup(at offset: Int) -> Int? {
        if starts(with: "<!--", at: offset) {
            return (find("-->", from: offset + 4).map { $0 + 3 }) ?? bytes.count
        }
        if starts(with: "<![CDATA[", at: offset) {
            return (find("]]>", from: offset + 9).map { $0 + 3 }) ?? bytes.count
        }
        if starts(with: "<?", at: offset) {
            return (find("?>", from: offset + 2).map { $0 + 2 }) ?? bytes.count
        }
        if starts(with: "<!", at: offset) {
            var depth = 0
            var i = offset + 2
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "]"): depth -= 1
                case UInt8(ascii: ">") where depth <= 0: return i + 1
                default: break
                }
                i += 1
            }
            return bytes.count
        }
        return nil
    }

    private static func isNameEnd(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n")
            || b == UInt8(ascii: "\r") || b == UInt8(ascii: "/") || b == UInt8(ascii: ">")
    }

    /// Finds the start tag `<qname`, records the positions of its attributes, and moves
    /// past the tag. Returns the tag's location and byte offset, attribute name and value
    /// locations by qualified name, and whether the tag closed itself.
    mutating func startTag(_ qname: String) -> (
        location: SourceLocation, offset: Int, attributes: [String: (name: SourceLocation, value: SourceLocation)],
        selfClosing: Bool
    ) {
        var i = position
        var tagStart: Int?
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else { i += 1; continue }
            if let after = skipMarkup(at: i) { i = after; continue }
            let nameEnd = i + 1 + qname.utf8.count
            if starts(with: qname, at: i + 1), nameEnd < bytes.count, Self.isNameEnd(bytes[nameEnd]) {
                tagStart = i
                break
            }
            i += 1
        }
        guard let start = tagStart else {
            return (source.location(ofOffset: position), position, [:], false)
        }
        var attributes: [String: (name: SourceLocation, value: SourceLocation)] = [:]
        i = start + 1 + qname.utf8.count
        var selfClosing = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ">") { i += 1; break }
            if b == UInt8(ascii: "/") { selfClosing = true; i += 1; continue }
            if Self.isNameEnd(b) { i += 1; continue }
            // An attribute: name, optional spaces, '=', spaces, quoted value.
            let nameStart = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "="), !Self.isNameEnd(bytes[i]) { i += 1 }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "'") { i += 1 }
            guard i < bytes.count else { break }
            let quote = bytes[i]
            let valueStart = i + 1
            i = valueStart
            while i < bytes.count, bytes[i] != quote { i += 1 }
            i += 1
            attributes[name] = (source.location(ofOffset: nameStart), source.location(ofOffset: valueStart))
        }
        position = i
        return (source.location(ofOffset: start), start, attributes, selfClosing)
    }

    /// Moves past the end tag `</qname>`.
    mutating func endTag(_ qname: String) {
        var i = position
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else { i += 1; continue }
            if let after = skipMarkup(at: i) { i = after; continue }
            if starts(with: "</" + qname, at: i) {
                if let close = find(">", from: i) { position = close + 1 } else { position = bytes.count }
                return
            }
            i += 1
        }
    }

    /// The raw region of the character data that starts here: its start location and
    /// the locations of every `{{` in it. Moves to the next tag.
    mutating func text() -> (location: SourceLocation, markers: [SourceLocation]) {
        let start = position
        var markers: [SourceLocation] = []
        var i = position
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                if starts(with: "<![CDATA[", at: i), let after = skipMarkup(at: i) {
                    // CDATA is merged into text by the parser: keep scanning it.
                    var k = i + 9
                    while k + 1 < after {
                        if bytes[k] == UInt8(ascii: "{"), bytes[k + 1] == UInt8(ascii: "{") {
                            markers.append(source.location(ofOffset: k))
                            k += 2
                        } else {
                            k += 1
                        }
                    }
                    i = after
                    continue
                }
                if starts(with: "<!--", at: i), let after = skipMarkup(at: i) { i = after; continue }
                break
            }
            if bytes[i] == UInt8(ascii: "{"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") {
                markers.append(source.location(ofOffset: i))
                i += 2
                continue
            }
            i += 1
        }
        position = i
        return (source.location(ofOffset: start), markers)
    }
}
