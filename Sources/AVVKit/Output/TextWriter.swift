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
public enum TextWriter {
    /// The widest line, in characters.
    static let lineWidth = 72
    /// Lines in the stamp ``write(_:)`` appends to the ``body(_:)``.
    static let stampLineCount = 7

    /// The whole text: ``body(_:)`` and the stamp.
    public static func write(_ document: Document) -> String {
        String(decoding: writeBytesWithHash(document).bytes, as: UTF8.self)
    }

    /// The whole text and ``textHash(_:)``, from one layout of the body (what a caller that
    /// writes both the text and the HTML needs).
    public static func writeWithHash(_ document: Document) -> (text: String, textHash: String) {
        let (bytes, hash) = writeBytesWithHash(document)
        return (String(decoding: bytes, as: UTF8.self), hash)
    }

    /// ``writeWithHash(_:)`` as the UTF-8 bytes of the text, written into one buffer.
    public static func writeBytesWithHash(_ document: Document) -> (bytes: [UInt8], textHash: String) {
        let written = writeBytesWithHashes(document)
        return (written.bytes, written.textHash)
    }

    /// ``writeBytesWithHash(_:)`` and the SHA-256 of the whole file (body and stamp), as
    /// the manifest lists it: both hashes from one pass over the body's bytes.
    static func writeBytesWithHashes(_ document: Document) -> (bytes: [UInt8], textHash: String, fileHash: String) {
        var bytes = bodyBytes(document, extra: 512)
        let bodyCount = bytes.count
        var running = Hashing.Running()
        running.update(bytes[...])
        let hash = running.hexSoFar
        let labels = OutputLabels.of(document.language)
        let stamp = [
            "",
            TextLayout.repeated(0x2D, lineWidth),
            "\(labels.document): \(Sanitizer.clean(document.documentID))",
            "\(labels.templateVersion): \(Sanitizer.clean(document.templateVersion))",
            "\(labels.date): \(Sanitizer.clean(OutputLabels.stampDate(document.date, language: document.language)))",
            "\(labels.textHash):",
            hash,
        ]
        for line in stamp {
            TextLayout.trimmedTrailingSpaces(TextLayout.oneLine(line)).withUTF8Bytes { bytes.append(contentsOf: $0) }
            bytes.append(0x0A)
        }
        running.update(bytes[bodyCount...])
        return (bytes, hash, running.hexSoFar)
    }

    /// The text without the stamp, ending in one newline: what ``textHash(_:)`` hashes.
    public static func body(_ document: Document) -> String {
        String(decoding: bodyBytes(document, extra: 0), as: UTF8.self)
    }

    /// The hex SHA-256 of ``body(_:)``, printed in the stamps of both the text and the HTML.
    public static func textHash(_ document: Document) -> String {
        Hashing.sha256Hex(bytes: bodyBytes(document, extra: 0))
    }

    /// The body's bytes, in a buffer with room for `extra` more.
    static func bodyBytes(_ document: Document, extra: Int) -> [UInt8] {
        let kind = SizeKind(kind: document.kind, language: document.language)
        let hint = sizes.withLock { $0[kind] }
        var renderer = TextRenderer(document: document, capacity: (hint ?? estimatedSize(document)) + extra)
        renderer.render()
        if renderer.out.lineCount == 0 { renderer.out.appendLine("") }
        let count = renderer.out.bytes.count
        if count > hint ?? 0 { sizes.withLock { $0[kind] = max($0[kind] ?? 0, count) } }
        return renderer.out.bytes
    }

    /// The longest body written so far of each kind of document in each language: the next
    /// one's buffer starts that large, without a walk of the document to estimate its size
    /// (a batch writes thousands of each).
    private static let sizes = Locked([SizeKind: Int]())

    private struct SizeKind: Hashable {
        let kind: String
        let language: Language
    }

    /// About the size of the body: its text, and a quarter more for indentation and labels
    /// (for the first document of its kind).
    static func estimatedSize(_ document: Document) -> Int {
        func size(_ inlines: [Inline]) -> Int {
            var total = 0
            for inline in inlines {
                switch inline {
                case .text(let text): total += text.utf8.count
                case .strong(let content), .emphasis(let content): total += size(content)
                case .link(let href, let content): total += href.utf8.count + size(content) + 3
                case .lineBreak: total += 1
                case .reference(let label, _): total += label.utf8.count
                case .fillIn(let label): total += label.utf8.count + 24
                }
            }
            return total
        }
        func size(_ blocks: [Block]) -> Int {
            var total = 0
            for block in blocks {
                switch block {
                case .heading(let heading): total += size(heading.content) + 2
                case .paragraph(let paragraph): total += size(paragraph.content) + 8
                case .list(let list): total += list.items.reduce(0) { $0 + size($1.blocks) + 4 }
                case .table(let table):
                    total += table.rows.reduce(0) { $0 + $1.cells.reduce(0) { $0 + size($1.content) + 24 } + 2 }
                case .clause(let section), .annex(let section):
                    total += size(section.title) + size(section.blocks) + 80
                case .signatures(let signatures): total += signatures.parties.count * 400
                case .tableOfContents: total += 2048
                }
            }
            return total
        }
        let text = size(document.blocks) + document.title.utf8.count
        return text + text / 4 + 256
    }
}

/// Writes the document tree into a ``TextBuffer``. Each block writes its lines without blank
/// lines at either end; blocks that stand apart ask for a blank line between them
/// (``TextBuffer/blankPending``), which is written only when another line follows.
struct TextRenderer {
    let document: Document
    let labels: OutputLabels
    let outline: Outline
    let width = TextWriter.lineWidth
    var out: TextBuffer
    /// The segments of the inline content being laid out.
    private var scratch = TextSegments()

    init(document: Document, capacity: Int) {
        self.document = document
        self.labels = OutputLabels.of(document.language)
        self.outline = Outline(document.blocks)
        self.out = TextBuffer(capacity: capacity)
        scratch.bytes.reserveCapacity(1024)
        scratch.ends.reserveCapacity(8)
    }

    mutating func render() {
        let hasTitleHeading = document.blocks.contains {
            if case .heading(let h) = $0, h.level <= 1 { return true }
            return false
        }
        let start = out.lineCount
        if !hasTitleHeading {
            title([.text(document.title)])
        }
        separate(from: start)
        blocks(document.blocks, indent: 0, listDepth: 0)
        end(from: start)
    }

    // MARK: - Blank lines between blocks

    /// Before a block that stands apart from what the enclosing block wrote since `start`.
    private mutating func separate(from start: Int) {
        if out.lineCount > start { out.blankPending = true }
    }

    /// After the last block of an enclosing block that began at `start`: no blank line at its
    /// end (one asked for by an enclosing block that wrote nothing yet stays asked for).
    private mutating func end(from start: Int) {
        if out.lineCount > start { out.blankPending = false }
    }

    // MARK: - Blocks

    /// Blocks one after the other. What follows a numbered paragraph (a list, a table, an
    /// unnumbered paragraph) belongs to it and is indented to its text, until the next
    /// numbered paragraph, heading or section.
    mutating func blocks(_ blocks: [Block], indent: Int, listDepth: Int) {
        let start = out.lineCount
        var hanging = 0
        for block in blocks {
            separate(from: start)
            switch block {
            case .paragraph(let paragraph):
                let number = Self.number(of: paragraph)
                if let number { hanging = TextLayout.count(number) + 1 }
                self.paragraph(paragraph, number: number, indent: number == nil ? indent + hanging : indent)
            case .list, .table:
                self.block(block, indent: indent + hanging, listDepth: listDepth)
            case .heading, .clause, .annex, .signatures, .tableOfContents:
                hanging = 0
                self.block(block, indent: indent, listDepth: listDepth)
            }
        }
        end(from: start)
    }

    /// The printed number of a numbered paragraph, nil for an unnumbered one.
    static func number(of paragraph: Paragraph) -> String? {
        guard let number = paragraph.number.map({ TextLayout.oneLine(Sanitizer.clean($0)) }), !number.isEmpty
        else { return nil }
        return number
    }

    mutating func block(_ block: Block, indent: Int, listDepth: Int) {
        switch block {
        case .heading(let heading):
            if heading.level <= 1 {
                title(heading.content)
            } else {
                wrap(heading.content, indent: indent, fixed: heading.fixed)
            }
        case .paragraph(let paragraph):
            self.paragraph(paragraph, number: Self.number(of: paragraph), indent: indent)
        case .list(let list):
            self.list(list, indent: indent, listDepth: listDepth)
        case .table(let table):
            self.table(table, indent: indent)
        case .clause(let section):
            self.section(section, indent: indent, listDepth: listDepth)
        case .annex(let section):
            let rule = TextLayout.repeated(0x3D, width - indent)
            let start = out.lineCount
            out.appendLine(TextLayout.pad(indent) + rule)
            separate(from: start)
            self.section(section, indent: indent, listDepth: listDepth)
            end(from: start)
        case .signatures(let signatures):
            let start = out.lineCount
            for party in signatures.parties {
                separate(from: start)
                self.party(party, indent: indent)
            }
            end(from: start)
        case .tableOfContents:
            tableOfContents(indent: indent)
        }
    }

    /// Centred lines, underlined with `=`.
    mutating func title(_ content: [Inline]) {
        let lines = TextLayout.wrapLines(segments(content), indent: 0, width: width)
        guard let longest = lines.map(TextLayout.count).max(), longest > 0 else { return }
        let underline = TextLayout.repeated(0x3D, longest)
        for line in lines + [underline] {
            out.appendLine(TextLayout.pad(max(0, (width - TextLayout.count(line)) / 2)) + line)
        }
    }

    mutating func paragraph(_ paragraph: Paragraph, number: String?, indent: Int) {
        guard let number else {
            wrap(paragraph.content, indent: indent, fixed: paragraph.fixed)
            return
        }
        let labelWidth = TextLayout.count(number) + 1
        let label = out.pushLabel(number, at: indent, width: labelWidth)
        wrap(paragraph.content, indent: indent + labelWidth, fixed: paragraph.fixed)
        out.popLabel(label)
    }

    mutating func list(_ list: ListBlock, indent: Int, listDepth: Int) {
        let bullet = listDepth % 2 == 0 ? "•" : "–"
        let labels = list.items.map { item in
            item.label.map(Sanitizer.clean).flatMap { $0.isEmpty ? nil : $0 } ?? bullet
        }
        let labelWidth = (labels.map(TextLayout.count).max() ?? 1) + 1
        for (item, label) in zip(list.items, labels) {
            let inner = indent + labelWidth
            let token = out.pushLabel(label, at: indent, width: labelWidth)
            let start = out.lineCount
            for (index, block) in item.blocks.enumerated() {
                // A nested list follows its lead-in text directly; other blocks get a blank line.
                if index > 0, out.lineCount > start, case .list = block {
                    out.blankPending = false
                } else {
                    separate(from: start)
                }
                self.block(block, indent: inner, listDepth: listDepth + 1)
            }
            end(from: start)
            out.popLabel(token)
        }
    }

    mutating func section(_ section: Section, indent: Int, listDepth: Int) {
        let start = out.lineCount
        sectionHeading(section, indent: indent)
        separate(from: start)
        blocks(section.blocks, indent: indent, listDepth: listDepth)
        end(from: start)
    }

    mutating func sectionHeading(_ section: Section, indent: Int) {
        let number = TextLayout.oneLine(Sanitizer.clean(section.number))
        let lead = number + Outline.separator(after: number)
        let leadCount = TextLayout.count(lead)
        let hanging = leadCount <= 20 ? leadCount : 0
        if number.isEmpty {
            wrap(section.title, indent: indent + hanging)
        } else if hanging == 0 {
            out.appendLine(TextLayout.pad(indent) + lead.trimmingSpaces)
            wrap(section.title, indent: indent)
        } else {
            let label = out.pushLabel(lead.trimmingSpaces, at: indent, width: hanging)
            wrap(section.title, indent: indent + hanging)
            out.popLabel(label)
        }
    }

    // MARK: - Table of contents

    mutating func tableOfContents(indent: Int) {
        guard !outline.entries.isEmpty else { return }
        let entries = outline.entries.map { entry in
            let title = segments(entry.title)
            return ContentsMemo.Key.Entry(
                depth: entry.depth * 2,
                number: TextLayout.oneLine(Sanitizer.clean(entry.number)),
                title: title.count == 1 ? title[0] : title.joined(separator: " "))
        }
        // The same entries, indent and width give the same lines. Laid out from the state
        // the memo assumes (no label waiting; the blank line before written), remembered.
        let key = ContentsMemo.Key(
            heading: labels.tableOfContents, indent: indent, width: width, trims: out.trims, entries: entries)
        let remembered = !out.hasWaitingLabels
        if remembered {
            out.writePendingBlank()
            if let known = ContentsMemo.shared.lines(key) {
                out.appendFinishedLines(known.bytes, count: known.count)
                out.blankPending = false
                return
            }
        }
        let startByte = out.bytes.count
        let startLine = out.lineCount
        defer {
            if remembered {
                ContentsMemo.shared.remember(
                    key, .init(bytes: Array(out.bytes[startByte...]), count: out.lineCount - startLine))
            }
        }
        let numberCounts = entries.map { TextLayout.count($0.number) }
        // Titles align in one column after the numbers; a number too long for it (over 20
        // characters) gets its title after a separator instead.
        let fitting = zip(entries, numberCounts).map { $0.depth + $1 }.filter { $0 <= 20 }
        let column = (fitting.max() ?? 0) + 2
        let start = out.lineCount
        out.appendLine(TextLayout.pad(indent) + labels.tableOfContents)
        separate(from: start)
        for (entry, numberCount) in zip(entries, numberCounts) {
            if entry.depth + numberCount <= 20 {
                let label = out.pushLabel(entry.number, at: indent + entry.depth, width: column - entry.depth)
                out.wrap([entry.title], indent: indent + column, width: width)
                out.popLabel(label)
            } else {
                let lead = entry.number + Outline.separator(after: entry.number)
                out.wrap([lead + entry.title], indent: indent + column, firstIndent: indent + entry.depth, width: width)
            }
        }
        end(from: start)
    }

    // MARK: - Tables

    mutating func table(_ table: Table, indent: Int) {
        let rows = table.rows.filter { !$0.cells.isEmpty }
        guard !rows.isEmpty else { return }
        let inner = indent + 2
        let cells: [[[String]]] = rows.map { row in row.cells.map { segments($0.content) } }
        let columnCount = rows.map(\.cells.count).max() ?? 0

        // Aligned columns, when every cell is one line and everything fits.
        let allOneLine = cells.allSatisfy { $0.allSatisfy { $0.count <= 1 } }
        if allOneLine {
            let texts = cells.map { row in row.map { TextLayout.collapsed($0.first ?? "") } }
            var widths = [Int](repeating: 0, count: columnCount)
            for row in texts {
                for (i, text) in row.enumerated() { widths[i] = max(widths[i], TextLayout.count(text)) }
            }
            let total = inner + widths.reduce(0, +) + 2 * (columnCount - 1)
            if total <= width {
                for (row, text) in zip(rows, texts) {
                    columns(text, widths: widths, indent: inner)
                    if row.isHeader {
                        columns(widths.map { TextLayout.repeated(0x2D, $0) }, widths: widths, indent: inner)
                    }
                }
                return
            }
        }

        // One block per body row: `Header: value`.
        var headers: [String] = []
        let allHeaders = rows.filter(\.isHeader).flatMap { row in
            row.cells.map { TextLayout.collapsed(segments($0.content).joined(separator: " ")) }
        }
        let labelColumn = (allHeaders.map(TextLayout.count).max() ?? -2) + 2  // "Label:" and a space
        let aligned = labelColumn <= 28
        let start = out.lineCount
        for (row, rowCells) in zip(rows, cells) {
            if row.isHeader {
                headers = rowCells.map { TextLayout.collapsed($0.joined(separator: " ")) }
                continue
            }
            separate(from: start)
            for (i, content) in rowCells.enumerated() {
                let header = i < headers.count ? headers[i] : ""
                if header.isEmpty {
                    out.wrap(content, indent: inner + (aligned ? labelColumn : 0), width: width)
                } else if aligned {
                    let label = out.pushLabel(header + ":", at: inner, width: labelColumn)
                    out.wrap(content, indent: inner + labelColumn, width: width)
                    out.popLabel(label)
                } else {
                    out.appendLine(TextLayout.pad(inner) + header + ":")
                    out.wrap(content, indent: inner + 4, width: width)
                }
            }
        }
        end(from: start)
    }

    /// One row of aligned columns, two spaces apart.
    private mutating func columns(_ cells: [String], widths: [Int], indent: Int) {
        out.beginLine()
        out.appendSpaces(indent)
        for (i, width) in widths.enumerated() {
            let cell = i < cells.count ? cells[i] : ""
            out.append(cell)
            if i < widths.count - 1 { out.appendSpaces(width - TextLayout.count(cell) + 2) }
        }
        out.endLine(trimming: true)
    }

    // MARK: - Signatures

    mutating func party(_ party: Party, indent: Int) {
        let start = out.lineCount
        out.wrap([Sanitizer.clean(party.role)], indent: indent, width: width)
        wrap(party.name, indent: indent)
        let fieldLabels = [
            labels.placeAndDate, labels.nameInBlockCapitals, labels.function, labels.signature,
        ].map { $0 + ":" }
        let column = (fieldLabels.map(TextLayout.count).max() ?? 0) + 2
        let end = min(width, indent + column + 40)
        func blank(after used: Int) -> String {
            TextLayout.repeated(0x5F, max(10, end - indent - column - used))
        }
        func field(_ label: String, _ value: String?, blankAfterValue: Bool, into out: inout TextBuffer) {
            var content: String
            if let value = value.map({ TextLayout.collapsed(Sanitizer.clean($0)) }), !value.isEmpty {
                content = value
                if blankAfterValue { content += ", " + blank(after: TextLayout.count(value) + 2) }
            } else {
                content = blank(after: 0)
            }
            let token = out.pushLabel(label, at: indent, width: column)
            out.wrap([content], indent: indent + column, width: width)
            out.popLabel(token)
        }
        separate(from: start)
        field(fieldLabels[0], party.place, blankAfterValue: true, into: &out)
        field(fieldLabels[1], party.signatory, blankAfterValue: false, into: &out)
        field(fieldLabels[2], party.function, blankAfterValue: false, into: &out)
        separate(from: start)
        field(fieldLabels[3], nil, blankAfterValue: false, into: &out)
        self.end(from: start)
    }

    // MARK: - Inline content

    /// Lays out inline content: its segments (split at line breaks) wrapped at `indent`.
    /// Fixed wording (`fixed`, the template's; its `content` is `inlines`) brings its segments
    /// along, and its lines are remembered by the object.
    mutating func wrap(_ inlines: [Inline], indent: Int, fixed: FixedContent? = nil) {
        if let fixed {
            wrap(fixed.textSegments, indent: indent, fixed: fixed)
        } else {
            scratch.removeAll()
            scratch.collect(inlines)
            wrap(scratch, indent: indent, fixed: nil)
        }
    }

    private mutating func wrap(_ segments: TextSegments, indent: Int, fixed: FixedContent?) {
        var first = true
        var start = 0
        let width = self.width
        segments.bytes.withUnsafeBufferPointer { bytes in
            for (index, end) in segments.ends.enumerated() {
                out.wrap(
                    UnsafeBufferPointer(rebasing: bytes[start..<end]), indent: indent, firstIndent: nil, width: width,
                    first: &first, fixed: fixed.map { WrapMemo.FixedSegment(content: $0, index: index) })
                start = end
            }
        }
    }

    /// The text of `inlines` split at line breaks, cleaned (``Sanitizer``).
    func segments(_ inlines: [Inline]) -> [String] {
        // Most titles and cells are one run of text.
        if inlines.count == 1, case .text(let text) = inlines[0] { return [Sanitizer.clean(text)] }
        var segments = StringSegments()
        segments.appendInlines(inlines)
        return segments.strings.map(Sanitizer.clean)
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
}

/// Takes inline content as the text writer reads it: text as it is (cleaned later), in
/// segments that line breaks end. One walk of the inlines (``appendInlines(_:)``) serves the
/// byte segments that are wrapped and the text of titles, tables and the contents.
protocol InlineSegmentSink {
    /// Appends `text` to the segment being written.
    mutating func appendRaw(_ text: String)
    /// Ends the segment being written; the next begins.
    mutating func endSegment()
}

extension InlineSegmentSink {
    /// Appends the text of `inlines`, ending a segment at each line break.
    mutating func appendInlines(_ inlines: [Inline]) {
        for inline in inlines {
            switch inline {
            case .text(let text):
                appendRaw(text)
            case .strong(let content), .emphasis(let content):
                appendInlines(content)
            case .link(let rawHref, let content):
                let href = rawHref.trimmingSpaces
                let shown = content.plainText
                if shown.allSatisfy(TextLayout.isBreakingSpace) {
                    appendRaw(href)
                } else {
                    appendInlines(content)
                    if !TextRenderer.linkShowsTarget(text: shown, href: href) {
                        appendRaw(" <\(href)>")
                    }
                }
            case .lineBreak:
                endSegment()
            case .reference(let label, _):
                appendRaw(label)
            case .fillIn(let label):
                // A line to write on, and what belongs there.
                appendRaw("____________________ (\(label))")
            }
        }
    }
}

/// Inline content as the text writer lays it out: its segments' bytes one after the other.
/// ``TextBuffer/wrap(_:indent:firstIndent:width:first:fixed:)`` cleans each segment
/// (``Sanitizer`` replaces character by character, so cleaning the parts or the whole is the
/// same).
struct TextSegments: InlineSegmentSink, Sendable {
    var bytes: [UInt8] = []
    /// Where each segment ends in `bytes`; the last one ends at `bytes.count`.
    var ends: [Int] = []

    init() {}

    /// The segments of `inlines`.
    init(_ inlines: [Inline]) {
        collect(inlines)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Appends the segments of `inlines` (after ``removeAll()``).
    mutating func collect(_ inlines: [Inline]) {
        appendInlines(inlines)
        ends.append(bytes.count)
    }

    mutating func appendRaw(_ text: String) {
        text.withUTF8Bytes { bytes.append(contentsOf: $0) }
    }

    mutating func endSegment() {
        ends.append(bytes.count)
    }
}

/// Inline content's segments as text, for titles, tables and the contents.
struct StringSegments: InlineSegmentSink {
    var strings = [""]

    mutating func appendRaw(_ text: String) {
        strings[strings.count - 1] += text
    }

    mutating func endSegment() {
        strings.append("")
    }
}
