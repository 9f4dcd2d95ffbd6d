// The text writer as it was before it streamed into one byte buffer (commit 2e83850), kept
// as the reference the streaming writer must match byte for byte (TextWriterEquivalenceTests).
// Delete it (and that test) once the streaming writer has been trusted for a while.

@testable import AVVKit
/// The layout rules are those documented on ``TextWriter``.
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
        stamp = stamp.map { TextLayout.trimmedTrailingSpaces(TextLayout.oneLine($0)) }
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
        return lines.map(TextLayout.trimmedTrailingSpaces)
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
        guard let number = paragraph.number.map({ TextLayout.oneLine(Sanitizer.clean($0)) }), !number.isEmpty
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
                [[TextLayout.pad(indent) + rule], self.section(section, indent: indent, listDepth: listDepth)],
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
            TextLayout.pad(max(0, (width - line.count) / 2)) + line
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
        let number = TextLayout.oneLine(Sanitizer.clean(section.number))
        let lead = number + Outline.separator(after: number)
        let title = segments(section.title)
        let hanging = lead.count <= 20 ? lead.count : 0
        let lines = LegacyTextLayout.wrap(title, indent: indent + hanging, width: width)
        if number.isEmpty { return lines }
        if hanging == 0 { return [TextLayout.pad(indent) + lead.trimmingSpaces] + lines }
        return LegacyTextLayout.overlay(lead.trimmingSpaces, at: indent, labelWidth: hanging, onto: lines)
    }

    // MARK: - Table of contents

    func tableOfContents(indent: Int) -> [String] {
        guard !outline.entries.isEmpty else { return [] }
        let entries = outline.entries.map { entry in
            (
                depth: entry.depth * 2,
                number: TextLayout.oneLine(Sanitizer.clean(entry.number)),
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
        return joined([[TextLayout.pad(indent) + labels.tableOfContents], lines], blankBetween: true)
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
            let texts = cells.map { row in row.map { TextLayout.collapsed($0.first ?? "") } }
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
                return lines.map(TextLayout.trimmedTrailingSpaces)
            }
        }

        // One block per body row: `Header: value`.
        var headers: [String] = []
        var blocks: [[String]] = []
        let allHeaders = rows.filter(\.isHeader).flatMap { row in
            row.cells.map { TextLayout.collapsed(segments($0.content).joined(separator: " ")) }
        }
        let labelColumn = (allHeaders.map(\.count).max() ?? -2) + 2  // "Label:" and a space
        let aligned = labelColumn <= 28
        for (row, rowCells) in zip(rows, cells) {
            if row.isHeader {
                headers = rowCells.map { TextLayout.collapsed($0.joined(separator: " ")) }
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
                    block.append(TextLayout.pad(inner) + header + ":")
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
            if let value = value.map({ TextLayout.collapsed(Sanitizer.clean($0)) }), !value.isEmpty {
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
                if shown.allSatisfy(TextLayout.isBreakingSpace) {
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
        let text = TextLayout.collapsed(text)
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
    // The primitives the new writer kept unchanged (breaking spaces, padding, words,
    // collapsing, trimming) are TextLayout's own; what is copied here is the layout the new
    // writer replaced.

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
            for (word, count) in TextLayout.wordsWithCounts(segment) {
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
                line = TextLayout.pad(lead) + word
                length = lead + count
            }
            if length > 0 { lines.append(line) }
        }
        return lines
    }

    /// ``wrap(_:indent:firstIndent:width:)`` for one segment of simple text (see
    /// ``TextLayout.simpleWords(_:)``), building each line in one byte buffer; false for other text.
    private static func wrapSimple(
        _ segment: String, into lines: inout [String], indent: Int, firstIndent: Int?, width: Int
    ) -> Bool {
        segment.withUTF8Bytes { bytes in
            guard let words = TextLayout.simpleWordRanges(bytes) else { return false }
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
        let labelLine = TextLayout.pad(indent) + label
        guard let first = lines.first else { return [labelLine] }
        let inner = indent + labelWidth
        let leading = first.prefix(while: { $0 == " " }).count
        guard leading >= inner, labelLine.count < inner else { return [labelLine] + lines }
        return [labelLine + TextLayout.pad(inner - labelLine.count) + first.dropFirst(inner)] + lines.dropFirst()
    }

    /// One row of aligned columns, two spaces apart.
    static func columns(_ cells: [String], widths: [Int], indent: Int) -> String {
        var line = TextLayout.pad(indent)
        for (i, width) in widths.enumerated() {
            let cell = i < cells.count ? cells[i] : ""
            line += cell
            if i < widths.count - 1 { line += TextLayout.pad(width - cell.count + 2) }
        }
        return TextLayout.trimmedTrailingSpaces(line)
    }
}

