// The text writer as it was before it streamed into one byte buffer (commit 2e83850), kept
// as the reference the streaming writer must match byte for byte (TextWriterEquivalenceTests).

@testable import AVVKit
/// Writes a ``Document`` as UTF-8 plain text for e-mail: wrapped at 72 columns, with the same
/// numbering and content as the HTML.
///
/// Layout:
/// - The title centred and underlined with `=`; headings on their own line, blank lines around.
/// - Clause headings `§ 3 Weisungen`, annexes after a rule of 72 `=` as
///   `Anlage 1: Technische und organisatorische Maßnahmen`.
/// - Numbered paragraphs and list items with a hanging indent after their number or label
///   (`(1) `, `1. `, `a) `, `• ` for bullets); nested lists indented further.
/// - Tables as aligned columns when every cell is one line and the table fits in 72 columns;
///   otherwise each body row is an indented block of `Header: value` lines, values aligned
///   and wrapped, rows separated by a blank line.
/// - References print their label, links their text and then `<URL>` when the URL differs,
///   strong and emphasis print plainly.
/// - For each signing party its role and name, then lines to fill in (Ort, Datum / Name in
///   Druckbuchstaben / Funktion / Unterschrift), prefilled where the party has the value.
///
/// Columns are counted in characters (grapheme clusters), not bytes. Only a single word longer
/// than 72 characters (a long URL) may overflow; a shorter word that does not fit at its indent
/// moves left instead. No line ends in a space, the text ends with one newline, and the same
/// document always gives the same text.
///
/// The file ends with a stamp of 7 lines: a blank line, a rule of 72 `-`, the document id,
/// the template version, the date, and `SHA-256 (Textfassung):` followed by the hex SHA-256 of
/// everything above the stamp (``body(_:)``). To verify a copy: `head -n -7 file.txt | sha256sum`.
enum LegacyTextWriter {
    /// The widest line, in characters.
    static let lineWidth = 72
    /// Lines in the stamp ``write(_:)`` appends to the ``body(_:)``.
    static let stampLineCount = 7

    /// The whole text: ``body(_:)`` and the stamp.
    static func write(_ document: Document) -> String {
        writeWithHash(document).text
    }

    /// The whole text and ``textHash(_:)``, from one layout of the body (what a caller that
    /// writes both the text and the HTML needs).
    static func writeWithHash(_ document: Document) -> (text: String, textHash: String) {
        let body = body(document)
        let hash = Hashing.sha256Hex(body)
        let labels = OutputLabels.of(document.language)
        var stamp = [
            "",
            String(repeating: "-", count: lineWidth),
            "\(labels.document): \(Sanitizer.clean(document.documentID))",
            "\(labels.templateVersion): \(Sanitizer.clean(document.templateVersion))",
            "\(labels.date): \(Sanitizer.clean(OutputLabels.stampDate(document.date, language: document.language)))",
            "\(labels.textHash):",
            hash,
        ]
        stamp = stamp.map { LegacyTextLayout.trimmedTrailingSpaces(LegacyTextLayout.oneLine($0)) }
        return (body + stamp.joined(separator: "\n") + "\n", hash)
    }

    /// The text without the stamp, ending in one newline: what ``textHash(_:)`` hashes.
    static func body(_ document: Document) -> String {
        var renderer = LegacyTextRenderer(document: document)
        let lines = renderer.render()
        return lines.joined(separator: "\n") + "\n"
    }

    /// The hex SHA-256 of ``body(_:)``, printed in the stamps of both the text and the HTML.
    static func textHash(_ document: Document) -> String {
        Hashing.sha256Hex(body(document))
    }
}

/// Turns the document tree into lines; every function returns lines without blank lines at
/// either end, and callers put blank lines between blocks.
struct LegacyTextRenderer {
    let document: Document
    let labels: OutputLabels
    let outline: Outline
    let width = LegacyTextWriter.lineWidth

    init(document: Document) {
        self.document = document
        self.labels = OutputLabels.of(document.language)
        self.outline = Outline(document.blocks)
    }

    mutating func render() -> [String] {
        var parts: [[String]] = []
        let hasTitleHeading = document.blocks.contains {
            if case .heading(let h) = $0, h.level <= 1 { return true }
            return false
        }
        if !hasTitleHeading {
            parts.append(title([.text(document.title)]))
        }
        parts.append(blocks(document.blocks, indent: 0, listDepth: 0))
        let lines = joined(parts, blankBetween: true)
        return lines.map(LegacyTextLayout.trimmedTrailingSpaces)
    }

    // MARK: - Blocks

    /// Blocks one after the other. What follows a numbered paragraph (a list, a table, an
    /// unnumbered paragraph) belongs to it and is indented to its text, until the next
    /// numbered paragraph, heading or section.
    func blocks(_ blocks: [Block], indent: Int, listDepth: Int) -> [String] {
        var parts: [[String]] = []
        var hanging = 0
        for block in blocks {
            switch block {
            case .paragraph(let paragraph):
                if let number = Self.number(of: paragraph) { hanging = number.count + 1 }
                let rendered =
                    Self.number(of: paragraph) == nil
                    ? self.paragraph(paragraph, indent: indent + hanging)
                    : self.paragraph(paragraph, indent: indent)
                parts.append(rendered)
            case .list, .table:
                parts.append(self.block(block, indent: indent + hanging, listDepth: listDepth))
            case .heading, .clause, .annex, .signatures, .tableOfContents:
                hanging = 0
                parts.append(self.block(block, indent: indent, listDepth: listDepth))
            }
        }
        return joined(parts, blankBetween: true)
    }

    /// The printed number of a numbered paragraph, nil for an unnumbered one.
    static func number(of paragraph: Paragraph) -> String? {
        guard let number = paragraph.number.map({ LegacyTextLayout.oneLine(Sanitizer.clean($0)) }), !number.isEmpty
        else { return nil }
        return number
    }

    func block(_ block: Block, indent: Int, listDepth: Int) -> [String] {
        switch block {
        case .heading(let heading):
            if heading.level <= 1 { return title(heading.content) }
            return LegacyTextLayout.wrap(segments(heading.content), indent: indent, width: width)
        case .paragraph(let paragraph):
            return self.paragraph(paragraph, indent: indent)
        case .list(let list):
            return self.list(list, indent: indent, listDepth: listDepth)
        case .table(let table):
            return self.table(table, indent: indent)
        case .clause(let section):
            return self.section(section, indent: indent, listDepth: listDepth)
        case .annex(let section):
            let rule = String(repeating: "=", count: width - indent)
            return joined(
                [[LegacyTextLayout.pad(indent) + rule], self.section(section, indent: indent, listDepth: listDepth)],
                blankBetween: true)
        case .signatures(let signatures):
            return joined(signatures.parties.map { party($0, indent: indent) }, blankBetween: true)
        case .tableOfContents:
            return tableOfContents(indent: indent)
        }
    }

    /// Centred lines, underlined with `=`.
    func title(_ content: [Inline]) -> [String] {
        let lines = LegacyTextLayout.wrap(segments(content), indent: 0, width: width)
        guard let longest = lines.map(\.count).max(), longest > 0 else { return [] }
        let underline = String(repeating: "=", count: longest)
        return (lines + [underline]).map { line in
            LegacyTextLayout.pad(max(0, (width - line.count) / 2)) + line
        }
    }

    func paragraph(_ paragraph: Paragraph, indent: Int) -> [String] {
        let content = segments(paragraph.content)
        guard let number = Self.number(of: paragraph) else {
            return LegacyTextLayout.wrap(content, indent: indent, width: width)
        }
        let labelWidth = number.count + 1
        let lines = LegacyTextLayout.wrap(content, indent: indent + labelWidth, width: width)
        return LegacyTextLayout.overlay(number, at: indent, labelWidth: labelWidth, onto: lines)
    }

    func list(_ list: ListBlock, indent: Int, listDepth: Int) -> [String] {
        let bullet = listDepth % 2 == 0 ? "•" : "–"
        let labels = list.items.map { item in
            item.label.map(Sanitizer.clean).flatMap { $0.isEmpty ? nil : $0 } ?? bullet
        }
        let labelWidth = (labels.map(\.count).max() ?? 1) + 1
        var lines: [String] = []
        for (item, label) in zip(list.items, labels) {
            let inner = indent + labelWidth
            var parts: [[String]] = []
            for (index, block) in item.blocks.enumerated() {
                let rendered = self.block(block, indent: inner, listDepth: listDepth + 1)
                if rendered.isEmpty { continue }
                // A nested list follows its lead-in text directly; other blocks get a blank line.
                if index > 0, !parts.isEmpty, case .list = block {
                    parts[parts.count - 1] += rendered
                } else {
                    parts.append(rendered)
                }
            }
            let content = joined(parts, blankBetween: true)
            lines += LegacyTextLayout.overlay(label, at: indent, labelWidth: labelWidth, onto: content)
        }
        return lines
    }

    func section(_ section: Section, indent: Int, listDepth: Int) -> [String] {
        joined(
            [sectionHeading(section, indent: indent), blocks(section.blocks, indent: indent, listDepth: listDepth)],
            blankBetween: true)
    }

    func sectionHeading(_ section: Section, indent: Int) -> [String] {
        let number = LegacyTextLayout.oneLine(Sanitizer.clean(section.number))
        let lead = number + Outline.separator(after: number)
        let title = segments(section.title)
        let hanging = lead.count <= 20 ? lead.count : 0
        let lines = LegacyTextLayout.wrap(title, indent: indent + hanging, width: width)
        if number.isEmpty { return lines }
        if hanging == 0 { return [LegacyTextLayout.pad(indent) + lead.trimmingSpaces] + lines }
        return LegacyTextLayout.overlay(lead.trimmingSpaces, at: indent, labelWidth: hanging, onto: lines)
    }

    // MARK: - Table of contents

    func tableOfContents(indent: Int) -> [String] {
        guard !outline.entries.isEmpty else { return [] }
        let entries = outline.entries.map { entry in
            (
                depth: entry.depth * 2,
                number: LegacyTextLayout.oneLine(Sanitizer.clean(entry.number)),
                title: [segments(entry.title).joined(separator: " ")]
            )
        }
        // Titles align in one column after the numbers; a number too long for it (over 20
        // characters) gets its title after a separator instead.
        let fitting = entries.map { $0.depth + $0.number.count }.filter { $0 <= 20 }
        let column = (fitting.max() ?? 0) + 2
        var lines: [String] = []
        for entry in entries {
            if entry.depth + entry.number.count <= 20 {
                let content = LegacyTextLayout.wrap(entry.title, indent: indent + column, width: width)
                lines += LegacyTextLayout.overlay(
                    entry.number, at: indent + entry.depth, labelWidth: column - entry.depth, onto: content)
            } else {
                let lead = entry.number + Outline.separator(after: entry.number)
                lines += LegacyTextLayout.wrap(
                    [lead + entry.title[0]], indent: indent + column, firstIndent: indent + entry.depth, width: width)
            }
        }
        return joined([[LegacyTextLayout.pad(indent) + labels.tableOfContents], lines], blankBetween: true)
    }

    // MARK: - Tables

    func table(_ table: Table, indent: Int) -> [String] {
        let rows = table.rows.filter { !$0.cells.isEmpty }
        guard !rows.isEmpty else { return [] }
        let inner = indent + 2
        let cells: [[[String]]] = rows.map { row in row.cells.map { segments($0.content) } }
        let columnCount = rows.map(\.cells.count).max() ?? 0

        // Aligned columns, when every cell is one line and everything fits.
        let allOneLine = cells.allSatisfy { $0.allSatisfy { $0.count <= 1 } }
        if allOneLine {
            let texts = cells.map { row in row.map { LegacyTextLayout.collapsed($0.first ?? "") } }
            var widths = [Int](repeating: 0, count: columnCount)
            for row in texts {
                for (i, text) in row.enumerated() { widths[i] = max(widths[i], text.count) }
            }
            let total = inner + widths.reduce(0, +) + 2 * (columnCount - 1)
            if total <= width {
                var lines: [String] = []
                for (row, text) in zip(rows, texts) {
                    lines.append(LegacyTextLayout.columns(text, widths: widths, indent: inner))
                    if row.isHeader {
                        lines.append(
                            LegacyTextLayout.columns(
                                widths.map { String(repeating: "-", count: $0) }, widths: widths, indent: inner))
                    }
                }
                return lines.map(LegacyTextLayout.trimmedTrailingSpaces)
            }
        }

        // One block per body row: `Header: value`.
        var headers: [String] = []
        var blocks: [[String]] = []
        let allHeaders = rows.filter(\.isHeader).flatMap { row in
            row.cells.map { LegacyTextLayout.collapsed(segments($0.content).joined(separator: " ")) }
        }
        let labelColumn = (allHeaders.map(\.count).max() ?? -2) + 2  // "Label:" and a space
        let aligned = labelColumn <= 28
        for (row, rowCells) in zip(rows, cells) {
            if row.isHeader {
                headers = rowCells.map { LegacyTextLayout.collapsed($0.joined(separator: " ")) }
                continue
            }
            var block: [String] = []
            for (i, content) in rowCells.enumerated() {
                let header = i < headers.count ? headers[i] : ""
                if header.isEmpty {
                    block += LegacyTextLayout.wrap(content, indent: inner + (aligned ? labelColumn : 0), width: width)
                } else if aligned {
                    let lines = LegacyTextLayout.wrap(content, indent: inner + labelColumn, width: width)
                    block += LegacyTextLayout.overlay(header + ":", at: inner, labelWidth: labelColumn, onto: lines)
                } else {
                    block.append(LegacyTextLayout.pad(inner) + header + ":")
                    block += LegacyTextLayout.wrap(content, indent: inner + 4, width: width)
                }
            }
            blocks.append(block)
        }
        return joined(blocks, blankBetween: true)
    }

    // MARK: - Signatures

    func party(_ party: Party, indent: Int) -> [String] {
        var lines = LegacyTextLayout.wrap([Sanitizer.clean(party.role)], indent: indent, width: width)
        lines += LegacyTextLayout.wrap(segments(party.name), indent: indent, width: width)
        let fieldLabels = [
            labels.placeAndDate, labels.nameInBlockCapitals, labels.function, labels.signature,
        ].map { $0 + ":" }
        let column = (fieldLabels.map(\.count).max() ?? 0) + 2
        let end = min(width, indent + column + 40)
        func blank(after used: Int) -> String {
            String(repeating: "_", count: max(10, end - indent - column - used))
        }
        func field(_ label: String, _ value: String?, blankAfterValue: Bool) -> [String] {
            var content: String
            if let value = value.map({ LegacyTextLayout.collapsed(Sanitizer.clean($0)) }), !value.isEmpty {
                content = value
                if blankAfterValue { content += ", " + blank(after: value.count + 2) }
            } else {
                content = blank(after: 0)
            }
            let wrapped = LegacyTextLayout.wrap([content], indent: indent + column, width: width)
            return LegacyTextLayout.overlay(label, at: indent, labelWidth: column, onto: wrapped)
        }
        var fields = field(fieldLabels[0], party.place, blankAfterValue: true)
        fields += field(fieldLabels[1], party.signatory, blankAfterValue: false)
        fields += field(fieldLabels[2], party.function, blankAfterValue: false)
        return joined([lines, fields, field(fieldLabels[3], nil, blankAfterValue: false)], blankBetween: true)
    }

    // MARK: - Inline content

    /// The text of `inlines` split at line breaks.
    func segments(_ inlines: [Inline]) -> [String] {
        var result = [""]
        append(inlines, to: &result)
        return result.map(Sanitizer.clean)
    }

    private func append(_ inlines: [Inline], to result: inout [String]) {
        for inline in inlines {
            switch inline {
            case .text(let text):
                result[result.count - 1] += text
            case .strong(let content), .emphasis(let content):
                append(content, to: &result)
            case .link(let rawHref, let content):
                let href = rawHref.trimmingSpaces
                let shown = content.plainText
                if shown.allSatisfy(LegacyTextLayout.isBreakingSpace) {
                    result[result.count - 1] += href
                } else {
                    append(content, to: &result)
                    if !Self.linkShowsTarget(text: shown, href: href) {
                        result[result.count - 1] += " <\(href)>"
                    }
                }
            case .lineBreak:
                result.append("")
            case .reference(let label, _):
                result[result.count - 1] += label
            case .fillIn(let label):
                // A line to write on, and what belongs there.
                result[result.count - 1] += "____________________ (\(label))"
            }
        }
    }

    /// Whether a link's text already is its target: `info@example.com` for
    /// `mailto:info@example.com`, `https://example.com` for itself.
    static func linkShowsTarget(text: String, href: String) -> Bool {
        let text = LegacyTextLayout.collapsed(text)
        let target = href.trimmingSpaces
        if text == target { return true }
        for scheme in ["mailto:", "tel:"] where target.lowercased().hasPrefix(scheme) {
            if text == String(target.dropFirst(scheme.count)) { return true }
        }
        return false
    }

    // MARK: - Joining

    func joined(_ parts: [[String]], blankBetween: Bool) -> [String] {
        var lines: [String] = []
        for part in parts where !part.isEmpty {
            if blankBetween, !lines.isEmpty { lines.append("") }
            lines += part
        }
        return lines
    }
}
/// Line breaking for the text writer: words, hanging indents, columns. Widths are counted in
/// characters (grapheme clusters).
enum LegacyTextLayout {
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

