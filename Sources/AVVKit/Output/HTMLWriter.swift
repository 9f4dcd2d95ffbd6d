/// Writes a ``Document`` as one self-contained, print-ready HTML file.
///
/// The file is polyglot: valid HTML5 (the Nu checker reports no errors) and well-formed XML
/// (libxml2 parses it), with void elements self-closed and only the entities XML predefines.
/// It has inline CSS and nothing else: no script, no external fonts or images, no requests.
///
/// - Print CSS for A4; each annex starts a new page; headings and signatures do not split.
/// - Headings in order: `h1` the title, `h2` clauses, annexes and the table of contents,
///   `h3` and below inside them, never skipping a level.
/// - HTML ids: a clause `loeschung` is `clause-loeschung`, an annex `annex-…`; paragraph,
///   list item and heading anchors as the document gives them. A reference whose anchor is a
///   section id links to that section; otherwise to the anchor as given. An id used twice
///   keeps only its first element.
/// - Links keep `http`, `https`, `mailto` and `tel` targets, percent-encoded where needed, and
///   show the URL after the text like the text version does; other schemes are not linked.
/// - A signature block with two columns, and a footer stamp with document id, template
///   version, date and the SHA-256 of the text version (``TextWriter/textHash(_:)``).
public enum HTMLWriter {
    /// The HTML text; `textHash` is printed in the stamp (pass ``TextWriter/textHash(_:)``).
    public static func write(_ document: Document, textHash: String) -> String {
        var renderer = HTMLRenderer(document: document)
        return renderer.render(textHash: textHash)
    }
}

struct HTMLRenderer {
    let document: Document
    let labels: OutputLabels
    let outline: Outline
    private var out = ""
    /// Raw section id → HTML id of the first section with that id.
    private var sectionIDs: [String: String] = [:]
    private var usedIDs: Set<String> = []
    /// Section ids already written (they are reserved in `usedIDs` from the start).
    private var writtenSectionIDs: Set<String> = []
    /// The level of the last heading written, so that none is skipped.
    private var lastHeadingLevel = 1

    init(document: Document) {
        self.document = document
        self.labels = OutputLabels.of(document.language)
        self.outline = Outline(document.blocks)
        for entry in outline.entries where sectionIDs[entry.id] == nil {
            if let id = HTMLEscaping.identifier(entry.htmlID), !usedIDs.contains(id) {
                sectionIDs[entry.id] = id
                usedIDs.insert(id)
            }
        }
    }

    mutating func render(textHash: String) -> String {
        out += Self.documentStart(title: document.title, language: document.language)
        let hasTitleHeading = document.blocks.contains {
            if case .heading(let h) = $0, h.level <= 1 { return true }
            return false
        }
        if !hasTitleHeading { out += Self.titleHeader(document.title) }
        blocks(document.blocks, sectionLevel: 1)
        out += Self.documentEnd(document, textHash: textHash)
        return out
    }

    /// Everything up to the document's first block: head, style sheet, `<main>`.
    static func documentStart(title: String, language: Language) -> String {
        headBeforeTitle(language) + HTMLEscaping.text(TextLayout.oneLine(title)) + headAfterTitle
    }

    static func headBeforeTitle(_ language: Language) -> String {
        var out = "<!DOCTYPE html>\n"
        out += "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"\(language.rawValue)\">\n"
        out += "<head>\n"
        out += "<meta charset=\"utf-8\"/>\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        out += "<meta name=\"generator\" content=\"avv\"/>\n"
        out += "<title>"
        return out
    }

    static let headAfterTitle = "</title>\n<style>\n\(HTMLStyle.css)</style>\n</head>\n<body>\n<main class=\"document\">\n"

    /// The title as a heading, for a document whose template has no `h1` of its own.
    static func titleHeader(_ title: String) -> String {
        "<header class=\"title\">\n<h1>\(HTMLEscaping.text(title))</h1>\n</header>\n"
    }

    /// Everything after the last block: the end of `<main>`, the stamp, the end of the file.
    static func documentEnd(_ document: Document, textHash: String) -> String {
        String(decoding: documentEndBytes(document, textHash: textHash), as: UTF8.self)
    }

    /// ``documentEnd(_:textHash:)`` as bytes, put together without `String` interpolation:
    /// the direct path appends it to every document.
    static func documentEndBytes(_ document: Document, textHash: String) -> [UInt8] {
        let labels = OutputLabels.of(document.language)
        var out: [UInt8] = []
        out.reserveCapacity(512)
        func put(_ text: String) { out.append(contentsOf: text.utf8) }
        func escaped(_ text: String) { out.append(contentsOf: HTMLEscaping.text(text).utf8) }
        func item(_ label: String, _ value: String) {
            put("<div><dt>")
            escaped(label)
            put("</dt><dd>")
            escaped(value)
            put("</dd></div>\n")
        }
        put("</main>\n<footer class=\"stamp\">\n<dl>\n")
        item(labels.document, document.documentID)
        item(labels.templateVersion, document.templateVersion)
        put("<div><dt>")
        escaped(labels.date)
        put("</dt><dd>")
        let date = OutputLabels.stampDate(document.date, language: document.language)
        if ISODate(document.date) != nil {
            put("<time datetime=\"")
            put(HTMLEscaping.attribute(document.date))
            put("\">")
            escaped(date)
            put("</time>")
        } else {
            escaped(date)
        }
        put("</dd></div>\n<div><dt>")
        escaped(labels.textHash)
        put("</dt><dd><code>")
        escaped(textHash)
        put("</code></dd></div>\n</dl>\n</footer>\n</body>\n</html>\n")
        return out
    }

    // MARK: - Blocks

    /// Blocks one after the other. What follows a numbered paragraph (a list, a table, an
    /// unnumbered paragraph) belongs to it and gets the class `continued` (indented to its
    /// text), until the next numbered paragraph, heading or section: as in the text version.
    private mutating func blocks(_ blocks: [Block], sectionLevel: Int) {
        var continued = false
        for block in blocks {
            switch block {
            case .paragraph(let paragraph):
                let numbered = TextRenderer.number(of: paragraph) != nil
                self.block(block, sectionLevel: sectionLevel, continued: continued && !numbered)
                if numbered { continued = true }
            case .list, .table:
                self.block(block, sectionLevel: sectionLevel, continued: continued)
            case .heading, .clause, .annex, .signatures, .tableOfContents:
                continued = false
                self.block(block, sectionLevel: sectionLevel, continued: false)
            }
        }
    }

    /// `sectionLevel`: the heading level of the enclosing section (1 outside any section).
    private mutating func block(_ block: Block, sectionLevel: Int, continued: Bool) {
        switch block {
        case .heading(let heading):
            let level: Int
            if heading.level <= 1 {
                level = 1
            } else {
                level = min(6, max(sectionLevel + 1, min(heading.level, lastHeadingLevel + 1)))
            }
            lastHeadingLevel = level
            out += "<h\(level)\(idAttribute(heading.anchor))>"
            inlines(heading.content)
            out += "</h\(level)>\n"
        case .paragraph(let paragraph):
            let number = TextRenderer.number(of: paragraph)
            let className = number != nil ? " class=\"numbered\"" : continued ? " class=\"continued\"" : ""
            out += "<p\(idAttribute(paragraph.anchor))\(className)>"
            if let number { out += "<span class=\"number\">\(HTMLEscaping.text(number))</span> " }
            inlines(paragraph.content)
            out += "</p>\n"
        case .list(let list):
            self.list(list, sectionLevel: sectionLevel, continued: continued)
        case .table(let table):
            self.table(table, continued: continued)
        case .clause(let section):
            self.section(section, className: "clause", htmlID: "clause-" + section.id, sectionLevel: sectionLevel)
        case .annex(let section):
            self.section(section, className: "annex", htmlID: "annex-" + section.id, sectionLevel: sectionLevel)
        case .signatures(let signatures):
            self.signatures(signatures)
        case .tableOfContents:
            tableOfContents(sectionLevel: sectionLevel)
        }
    }

    private mutating func section(_ section: Section, className: String, htmlID: String, sectionLevel: Int) {
        let level = min(6, sectionLevel + 1)
        var idText = ""
        if let id = HTMLEscaping.identifier(htmlID), sectionIDs[section.id] == id,
            writtenSectionIDs.insert(id).inserted
        {
            idText = " id=\"\(HTMLEscaping.attribute(id))\""
        }
        out += "<section class=\"\(className)\"\(idText)>\n"
        out += "<h\(level)>"
        let number = TextLayout.oneLine(section.number)
        if !number.isEmpty {
            out += "<span class=\"number\">\(HTMLEscaping.text(number))</span>"
            out += HTMLEscaping.text(Outline.separator(after: number))
        }
        inlines(section.title)
        out += "</h\(level)>\n"
        lastHeadingLevel = level
        blocks(section.blocks, sectionLevel: level)
        lastHeadingLevel = sectionLevel
        out += "</section>\n"
    }

    private mutating func list(_ list: ListBlock, sectionLevel: Int, continued: Bool) {
        guard !list.items.isEmpty else { return }
        let labelled = list.items.contains { ($0.label ?? "").isEmpty == false }
        let tag = list.ordered ? "ol" : "ul"
        let classes = (labelled ? ["labelled"] : []) + (continued ? ["continued"] : [])
        out += "<\(tag)\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>\n"
        for item in list.items {
            out += "<li\(idAttribute(item.anchor))>"
            if labelled {
                let label = TextLayout.oneLine(item.label ?? "")
                out += "<span class=\"label\">\(HTMLEscaping.text(label.isEmpty ? "•" : label))</span>"
            }
            out += "\n"
            blocks(item.blocks, sectionLevel: sectionLevel)
            out += "</li>\n"
        }
        out += "</\(tag)>\n"
    }

    private mutating func table(_ table: Table, continued: Bool) {
        let rows = table.rows.filter { !$0.cells.isEmpty }
        guard !rows.isEmpty else { return }
        let columns = rows.map(\.cells.count).max() ?? 0
        let headCount = rows.prefix(while: \.isHeader).count
        out += "<div class=\"table\(continued ? " continued" : "")\">\n<table>\n"
        if headCount > 0 {
            out += "<thead>\n"
            for row in rows.prefix(headCount) { tableRow(row, columns: columns, inHead: true) }
            out += "</thead>\n"
        }
        if headCount < rows.count {
            out += "<tbody>\n"
            for row in rows.dropFirst(headCount) { tableRow(row, columns: columns, inHead: false) }
            out += "</tbody>\n"
        }
        out += "</table>\n</div>\n"
    }

    private mutating func tableRow(_ row: TableRow, columns: Int, inHead: Bool) {
        out += "<tr>"
        for cell in row.cells {
            if cell.isHeader {
                out += "<th scope=\"\(row.isHeader ? "col" : "row")\">"
                inlines(cell.content)
                out += "</th>"
            } else {
                out += "<td>"
                inlines(cell.content)
                out += "</td>"
            }
        }
        for _ in row.cells.count..<columns { out += row.isHeader ? "<th></th>" : "<td></td>" }
        out += "</tr>\n"
    }

    private mutating func tableOfContents(sectionLevel: Int) {
        guard !outline.entries.isEmpty else { return }
        let level = min(6, sectionLevel + 1)
        let headingID = uniqueID("avv-toc")
        out += "<nav class=\"toc\"\(headingID.map { " aria-labelledby=\"\($0)\"" } ?? "")>\n"
        out += "<h\(level)\(headingID.map { " id=\"\($0)\"" } ?? "")>"
        out += "\(HTMLEscaping.text(labels.tableOfContents))</h\(level)>\n"
        lastHeadingLevel = level
        out += "<ol>\n"
        for entry in outline.entries {
            let number = TextLayout.oneLine(entry.number)
            let title = TextLayout.oneLine(entry.title.plainText)
            out += "<li class=\"depth-\(min(entry.depth, 3))\">"
            if let target = sectionIDs[entry.id] {
                out += "<a href=\"\(HTMLEscaping.attribute(Self.fragment(target)))\">"
            }
            out += "<span class=\"number\">\(HTMLEscaping.text(number))</span> "
            out += "<span class=\"title\">\(HTMLEscaping.text(title))</span>"
            if sectionIDs[entry.id] != nil { out += "</a>" }
            out += "</li>\n"
        }
        out += "</ol>\n</nav>\n"
    }

    private mutating func signatures(_ signatures: Signatures) {
        guard !signatures.parties.isEmpty else { return }
        out += Self.signaturesStart(labels)
        for party in signatures.parties {
            out += Self.partyStart(role: party.role)
            inlines(party.name)
            out += Self.partyEnd(party, labels: labels)
        }
        out += "</div>\n"
    }

    static func signaturesStart(_ labels: OutputLabels) -> String {
        "<div class=\"signatures\" role=\"group\" aria-label=\"\(HTMLEscaping.attribute(labels.signatures))\">\n"
    }

    /// A party up to its name (the name's inline content follows).
    static func partyStart(role: String) -> String {
        "<div class=\"party\">\n<p class=\"role\">\(HTMLEscaping.text(role))</p>\n<p class=\"party-name\">"
    }

    /// A party after its name: the lines to sign on, prefilled where the party has the value.
    static func partyEnd(_ party: Party, labels: OutputLabels) -> String {
        // "Ort, " before the blank for the date; the line is collapsed, so the comma ends it.
        let place = party.place.map(TextLayout.collapsed).flatMap { $0.isEmpty ? nil : $0 + "," }
        var out = "</p>\n"
        for (field, value) in zip(partyFieldTags(labels), [place, party.signatory, party.function, nil]) {
            out += field.before + HTMLEscaping.text(value.map(TextLayout.collapsed) ?? "") + field.after
        }
        out += "</div>\n"
        return out
    }

    /// The lines under a party's name (place and date, name, function, signature): the
    /// markup before each line's value and after it, with the line's caption.
    static func partyFieldTags(_ labels: OutputLabels) -> [(before: String, after: String)] {
        [(labels.placeAndDate, "field"), (labels.nameInBlockCapitals, "field"), (labels.function, "field"),
         (labels.signature, "field signature")].map { caption, className in
            ("<div class=\"\(className)\"><div class=\"fill\">",
             "</div><div class=\"caption\">\(HTMLEscaping.text(caption))</div></div>\n")
        }
    }

    // MARK: - Inline content

    private mutating func inlines(_ inlines: [Inline], insideLink: Bool = false) {
        for inline in inlines { self.inline(inline, insideLink: insideLink) }
    }

    private mutating func inline(_ inline: Inline, insideLink: Bool) {
        switch inline {
        case .text(let text):
            out += HTMLEscaping.text(text)
        case .strong(let content):
            out += "<strong>"
            inlines(content, insideLink: insideLink)
            out += "</strong>"
        case .emphasis(let content):
            out += "<em>"
            inlines(content, insideLink: insideLink)
            out += "</em>"
        case .link(let rawHref, let content):
            let href = rawHref.trimmingSpaces
            let shown = content.plainText
            let hasText = !shown.allSatisfy(TextLayout.isBreakingSpace)
            let target = insideLink ? nil : HTMLEscaping.href(href)
            if let target { out += "<a href=\"\(HTMLEscaping.attribute(target))\">" }
            if hasText { inlines(content, insideLink: true) } else { out += HTMLEscaping.text(href) }
            if target != nil { out += "</a>" }
            if hasText, !TextRenderer.linkShowsTarget(text: shown, href: href) {
                out += " <span class=\"url\">&lt;\(HTMLEscaping.text(href))&gt;</span>"
            }
        case .lineBreak:
            out += "<br/>"
        case .fillIn(let label):
            // A line to write on, with its label below it.
            out += "<span class=\"fill-in\">\u{00A0}<span class=\"fill-in-label\">\(HTMLEscaping.text(label))</span></span>"
        case .reference(let label, let anchor):
            let target = sectionIDs[anchor] ?? HTMLEscaping.identifier(anchor)
            if insideLink || target == nil {
                out += HTMLEscaping.text(label)
            } else if let target {
                out += "<a class=\"ref\" href=\"\(HTMLEscaping.attribute(Self.fragment(target)))\">"
                out += "\(HTMLEscaping.text(label))</a>"
            }
        }
    }

    // MARK: - Ids

    /// `#id`, percent-encoded where a URL needs it.
    static func fragment(_ id: String) -> String {
        HTMLEscaping.href("#" + id) ?? "#"
    }

    /// ` id="…"` for the first use of an id, the empty string otherwise.
    private mutating func idAttribute(_ raw: String?) -> String {
        guard let raw, let id = uniqueID(raw) else { return "" }
        return " id=\"\(HTMLEscaping.attribute(id))\""
    }

    private mutating func uniqueID(_ raw: String) -> String? {
        guard let id = HTMLEscaping.identifier(raw), usedIDs.insert(id).inserted else { return nil }
        return id
    }
}
