extension ReviewReport {
    /// The report as one self-contained HTML file: polyglot like the documents (valid HTML5,
    /// well-formed XML), inline CSS with print rules for A4, no script, no requests.
    public func html() -> String {
        var writer = ReviewHTMLWriter(report: self)
        return writer.write()
    }
}

/// Writes a ``ReviewReport``; escaping as the document writer does it (``HTMLEscaping``).
struct ReviewHTMLWriter {
    let report: ReviewReport
    private var out = ""

    init(report: ReviewReport) { self.report = report }

    private static func e(_ text: String) -> String { HTMLEscaping.text(text) }
    private static func a(_ text: String) -> String { HTMLEscaping.attribute(text) }

    static func anchor(_ document: String, _ clause: String, _ language: Language? = nil) -> String {
        "c-\(document)-\(clause)" + (language.map { "-\($0.rawValue)" } ?? "")
    }

    static func languageName(_ language: Language) -> String {
        switch language {
        case .de: "Deutsch"
        case .en: "English"
        }
    }

    private var baselineName: String {
        switch report.baseline {
        case .approvals: "the approved wording (\(report.approvalsPath))"
        case .revision(let rev): "the wording at git revision \(rev)"
        }
    }

    mutating func write() -> String {
        // The documents' own prologue (polyglot head, viewport, generator), in English.
        out += HTMLRenderer.headBeforeTitle(.en)
        out += "Clause review – template set \(Self.e(report.templateVersion))</title>\n"
        out += "<style>\n\(ReviewStyle.css)</style>\n"
        out += "</head>\n<body>\n<main class=\"review\">\n"
        out += "<header class=\"title\">\n<h1>Clause review</h1>\n"
        out += "<p class=\"subtitle\">Template set \(Self.e(report.templateVersion)) in \(Self.e(report.templateDirectory)), "
        out += "compared with \(Self.e(baselineName)).</p>\n</header>\n"
        summary()
        contents()
        for part in report.documents { document(part) }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    // MARK: - Summary

    private mutating func summary() {
        let versions = report.versions
        let perLanguage = report.languages.map { language in
            "\(versions.filter { $0.key.language == language }.count) in \(Self.languageName(language))"
        }.joined(separator: ", ")
        let changedLabel: String
        switch report.baseline {
        case .approvals: changedLabel = "Changed since their approval"
        case .revision(let rev): changedLabel = "Changed since \(rev)"
        }
        let changed = versions.filter(\.changed)
        out += "<section class=\"summary\" aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n<dl class=\"counts\">\n"
        out += "<div><dt>Clauses and annexes</dt><dd>\(versions.count) (\(Self.e(perLanguage)); "
        out += "\(report.documents.count) documents)</dd></div>\n"
        out += "<div><dt>\(Self.e(changedLabel))</dt><dd>\(changed.count)</dd></div>\n"
        if case .revision(let rev) = report.baseline {
            out += "<div><dt>New since \(Self.e(rev))</dt><dd>\(versions.filter(\.isNew).count)</dd></div>\n"
        }
        out += "<div><dt>Not approved in their current wording</dt><dd>\(report.pending.count)"
        out += " (\(report.unapprovedCount) never approved)</dd></div>\n"
        out += "<div><dt>Requirements covered</dt><dd>\(report.coveredCount) of \(report.requirements.count)</dd></div>\n"
        out += "<div><dt>Example profiles rendered</dt><dd>\(Self.e(report.examples.isEmpty ? "none" : report.examples.joined(separator: ", ")))</dd></div>\n"
        out += "</dl>\n"
        out += "<p class=\"how\">Each clause is shown as rendered, once per distinct text that customer data can produce, "
        out += "with the field values that produce it. Changes are marked word by word: "
        out += "<del>deleted</del> and <ins>inserted</ins>. Approve with "
        out += "<code>avv approve --by \"Name\" --clause ID</code>.</p>\n"

        let pending = Set(report.pending)
        let listed = versions.filter { $0.changed || $0.isNew || pending.contains($0.key) }
        if !listed.isEmpty {
            out += "<h3>To review</h3>\n<ul class=\"pending\">\n"
            for version in listed {
                let document = version.clause.documents.first ?? ""
                out += "<li><a href=\"#\(Self.a(Self.anchor(document, version.key.clause, version.key.language)))\">"
                out += "\(Self.e(version.key.clause)) (\(version.key.language.rawValue))</a> – "
                out += Self.e(statusText(version)) + "</li>\n"
            }
            out += "</ul>\n"
        }
        if !report.requirements.isEmpty {
            out += "<h3>Requirements and the clauses that cover them</h3>\n<div class=\"table\">\n<table class=\"requirements\">\n"
            out += "<thead><tr><th scope=\"col\">Requirement</th><th scope=\"col\">Reference</th>"
            out += "<th scope=\"col\">Severity</th><th scope=\"col\">Covered by</th></tr></thead>\n<tbody>\n"
            for row in report.requirements {
                let r = row.requirement
                out += "<tr><td><span class=\"id\">\(Self.e(r.id))</span><br/>\(Self.e(r.statement[.en] ?? ""))</td>"
                out += "<td>\(Self.e(r.reference[.de] ?? ""))</td><td>\(Self.e(r.severity.rawValue))"
                if let condition = r.conditionText?[.en], !condition.isEmpty { out += ": \(Self.e(condition))" }
                out += "</td><td>"
                if row.claimedBy.isEmpty {
                    out += r.documentScope ? "the whole document (checked by avv check)" : "<strong class=\"missing\">no clause</strong>"
                } else {
                    out += row.claimedBy.map { claim in
                        "<a href=\"#\(Self.a(Self.anchor(claim.document, claim.clause)))\">\(Self.e(claim.document)): \(Self.e(claim.clause))</a>"
                    }.joined(separator: ", ")
                }
                out += "</td></tr>\n"
            }
            out += "</tbody>\n</table>\n</div>\n"
        }
        out += "</section>\n"
    }

    private func statusText(_ version: ReviewReport.Version) -> String {
        var parts: [String] = []
        switch version.status {
        case .approved(let entry): parts.append("approved by \(entry.approvedBy) on \(entry.date)")
        case .changed(let entry): parts.append("changed since its approval by \(entry.approvedBy) on \(entry.date)")
        case .unapproved: parts.append("never approved")
        }
        if case .revision(let rev) = report.baseline {
            if version.baselineWording == nil {
                parts.append("new since \(rev)")
            } else if version.changed {
                parts.append("changed since \(rev)")
            }
        }
        return parts.joined(separator: "; ")
    }

    private mutating func contents() {
        out += "<nav class=\"toc\" aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n"
        for part in report.documents {
            out += "<li><a href=\"#\(Self.a("d-" + part.kind))\">\(Self.e(part.kind))</a>\n<ol>\n"
            for clause in part.clauses {
                let title = clause.versions.first.flatMap { Self.title(of: $0) } ?? ""
                let flags = clause.versions.filter { !$0.status.isApproved || $0.changed }.isEmpty ? "" : " class=\"flagged\""
                out += "<li\(flags)><a href=\"#\(Self.a(Self.anchor(part.kind, clause.id)))\">"
                out += "\(Self.e(clause.id))</a>\(title.isEmpty ? "" : " – " + Self.e(title))</li>\n"
            }
            out += "</ol>\n</li>\n"
        }
        out += "</ol>\n</nav>\n"
    }

    /// The rendered title of the clause (the first rendering that has it).
    private static func title(of version: ReviewReport.Version) -> String? {
        version.variants.groups.lazy.compactMap { $0.section?.title.plainText }.first
    }

    // MARK: - Documents and clauses

    private mutating func document(_ part: ReviewReport.DocumentPart) {
        out += "<section class=\"document\" aria-labelledby=\"\(Self.a("d-" + part.kind))\">\n"
        out += "<h2 id=\"\(Self.a("d-" + part.kind))\">\(Self.e(part.kind))"
        if let title = report.languages.lazy.compactMap({ part.titles[$0] }).first {
            out += ": <span class=\"doc-title\">\(Self.e(title))</span>"
        }
        out += "</h2>\n"
        for clause in part.clauses { self.clause(clause, in: part) }
        out += "</section>\n"
    }

    private mutating func clause(_ clause: ReviewReport.Clause, in part: ReviewReport.DocumentPart) {
        let id = Self.anchor(part.kind, clause.id)
        let isAnnex = clause.versions.first?.clause.isAnnex ?? false
        out += "<section class=\"clause\" id=\"\(Self.a(id))\">\n"
        out += "<h3><span class=\"kind\">\(isAnnex ? "Annex" : "Clause")</span> <code>\(Self.e(clause.id))</code>"
        if let title = clause.versions.first.flatMap(Self.title(of:)) { out += " – \(Self.e(title))" }
        out += "</h3>\n"
        for version in clause.versions { self.version(version, document: part.kind) }
        out += "</section>\n"
    }

    private mutating func version(_ version: ReviewReport.Version, document: String) {
        let key = version.key
        let badge: (String, String)
        switch version.status {
        case .approved: badge = ("approved", "approved")
        case .changed: badge = ("changed", "changed since approval")
        case .unapproved: badge = ("unapproved", "not approved")
        }
        out += "<section class=\"version\" id=\"\(Self.a(Self.anchor(document, key.clause, key.language)))\">\n"
        out += "<h4>\(Self.languageName(key.language)) <span class=\"badge \(badge.0)\">\(Self.e(badge.1))</span></h4>\n"
        out += "<dl class=\"meta\">\n"
        out += "<div><dt>Defined in</dt><dd><code>\(Self.e(key.file)):\(version.clause.location.line)</code>"
        if !version.clause.includes.isEmpty {
            out += ", including " + version.clause.includes.map { "<code>\(Self.e($0))</code>" }.joined(separator: ", ")
        }
        if version.clause.documents.count > 1 {
            out += "; used in " + version.clause.documents.map(Self.e).joined(separator: " and ")
        }
        out += "</dd></div>\n"
        out += "<div><dt>Approval</dt><dd>\(Self.e(statusText(version)))</dd></div>\n"
        out += "<div><dt>Wording SHA-256</dt><dd><code class=\"hash\">\(version.clause.sha256)</code></dd></div>\n"
        out += "<div><dt>Covers</dt><dd>"
        if version.clause.covers.isEmpty {
            out += "no requirement (<code>avv:covers</code> is empty)"
        } else {
            out += "<ul class=\"covers\">"
            for id in version.clause.covers {
                let requirement = report.requirements.first { $0.requirement.id == id }?.requirement
                out += "<li><span class=\"id\">\(Self.e(id))</span>"
                if let requirement {
                    out += " – \(Self.e(requirement.reference[key.language] ?? requirement.reference[.de] ?? ""))"
                    out += ": \(Self.e(requirement.statement[key.language] ?? ""))"
                } else {
                    out += " – <strong class=\"missing\">not in the requirement catalog</strong>"
                }
                out += "</li>"
            }
            out += "</ul>"
        }
        out += "</dd></div>\n</dl>\n"
        variants(version)
        redline(version)
        out += "</section>\n"
    }

    private mutating func variants(_ version: ReviewReport.Version) {
        let matrix = version.variants
        let texts = matrix.groups.filter { $0.section != nil }.count
        out += "<h5>As rendered: \(texts) distinct text\(texts == 1 ? "" : "s")"
        if !matrix.fields.isEmpty {
            out += " over \(matrix.combinations) combination\(matrix.combinations == 1 ? "" : "s") of "
            out += matrix.fields.map { "<code>\(Self.e($0.name))</code>" }.joined(separator: ", ")
            if matrix.pairwise { out += " (a pairwise selection)" }
        }
        out += "</h5>\n"
        if report.examples.isEmpty {
            out += "<p class=\"note\">Not rendered: the template set has no example profiles (examples/*.yaml) to render it with.</p>\n"
        } else if matrix.groups.isEmpty, matrix.fields.isEmpty {
            out += "<p class=\"note\">Not rendered: no example profile renders this document.</p>\n"
        } else if matrix.unproducibleCount > 0 {
            let n = matrix.unproducibleCount
            let terms = matrix.describe(terms: matrix.unproducible)
            out += "<p class=\"note\">Not rendered: \(n) combination\(n == 1 ? "" : "s") that no example profile can carry"
            out += " (add an example that has the data they need): "
            out += terms.map { "<span class=\"term\">\(Self.e($0))</span>" }.joined(separator: " <em>or</em> ") + ".</p>\n"
        }
        // Many texts (independent switches multiply) are shown compactly: the first in
        // full, every other one as its differences from the first.
        let compact = texts > Self.fullTexts
        let firstGroup = matrix.groups.first { $0.section != nil }
        let first = firstGroup?.section
        // Text 1's combination, when it is one; the others are then described by how they
        // differ from it, the texts that differ in fewer fields first.
        let base = firstGroup.flatMap { $0.terms.count == 1 && !$0.terms[0].contains(nil) ? $0.terms[0] : nil }
        func distance(_ group: VariantMatrix.Group) -> Int {
            guard let base else { return 0 }
            return group.terms.map { term in zip(term, base).filter { $0 != nil && $0 != $1 }.count }.min() ?? 0
        }
        var groups = matrix.groups
        if compact, groups.count > 2 {
            let rest = groups.dropFirst().enumerated().sorted {
                ($0.element.section == nil ? 1 : 0, distance($0.element), $0.offset)
                    < ($1.element.section == nil ? 1 : 0, distance($1.element), $1.offset)
            }.map(\.element)
            groups = [groups[0]] + rest
        }
        if compact {
            out += "<p class=\"note\">Text 1 is shown in full; each other text as its differences from text 1, "
            out += "those that differ in fewer fields first.</p>\n"
        }
        var number = 0
        for group in groups {
            if group.section != nil { number += 1 }
            out += "<div class=\"variant\">\n<p class=\"trigger\">"
            if group.section != nil, texts > 1 { out += "<strong>Text \(number).</strong> " }
            let terms = matrix.describe(group)
            if compact, number > 1, let base, group.terms.count == 1, !group.terms[0].contains(nil) {
                var changed = matrix.fields.indices.map { _ in DataValue?.none }
                for i in changed.indices where group.terms[0][i] != base[i] { changed[i] = group.terms[0][i] }
                out += "As text 1, but " + matrix.describe(terms: [changed]).map { "<span class=\"term\">\(Self.e($0))</span>" }
                    .joined()
            } else if terms.isEmpty {
                out += matrix.fields.isEmpty ? "For all data" : "For all combinations"
            } else {
                out += "When " + terms.map { term in
                    "<span class=\"term\">\(Self.e(term))</span>"
                }.joined(separator: " <em>or</em> ")
            }
            out += " <span class=\"source\">(\(group.combinations) combination\(group.combinations == 1 ? "" : "s"); "
            out += "data from \(Self.e(group.examples.joined(separator: ", "))))</span></p>\n"
            if let section = group.section {
                if compact, number > 1 {
                    out += "<div class=\"redline excerpt\" lang=\"\(version.key.language.rawValue)\">"
                    Self.excerpts(Redline.diff(Redline.wordTokens(ReviewText.plain(first)),
                                               Redline.wordTokens(ReviewText.plain(section))), into: &out)
                    out += "</div>\n"
                } else {
                    out += "<div class=\"text\" lang=\"\(version.key.language.rawValue)\">\n"
                    ReviewBlocks.section(section, into: &out)
                    out += "</div>\n"
                }
            } else {
                out += "<p class=\"absent\">The \(version.clause.isAnnex ? "annex" : "clause") is not in the document.</p>\n"
            }
            out += "</div>\n"
        }
    }

    /// Up to this many distinct texts of a clause are shown in full.
    static let fullTexts = 6

    /// The changed passages of `runs`, each with a few words of context, separated by "…".
    static func excerpts(_ runs: [Redline.Run], context: Int = 6, into out: inout String) {
        var pieces: [[Redline.Run]] = []
        var current: [Redline.Run] = []
        for (i, run) in runs.enumerated() {
            guard case .kept(let words) = run else {
                current.append(run)
                continue
            }
            let isFirst = i == 0, isLast = i == runs.count - 1
            if isFirst {
                current = [.kept(Array(words.suffix(context)))]
            } else if isLast || words.count > 2 * context {
                current.append(.kept(Array(words.prefix(context))))
                pieces.append(current)
                current = isLast ? [] : [.kept(Array(words.suffix(context)))]
            } else {
                current.append(run)
            }
        }
        if current.contains(where: { if case .kept = $0 { return false }; return true }) { pieces.append(current) }
        let startsInside = runs.first.map { if case .kept(let w) = $0 { return w.count > context }; return false } ?? false
        let endsInside = runs.last.map { if case .kept(let w) = $0 { return w.count > context }; return false } ?? false
        if startsInside { out += "… " }
        for (i, piece) in pieces.enumerated() {
            if i > 0 { out += " … " }
            Self.runs(piece, markup: false, into: &out)
        }
        if endsInside { out += " …" }
    }

    private mutating func redline(_ version: ReviewReport.Version) {
        let lang = version.key.language.rawValue
        switch report.baseline {
        case .approvals:
            out += "<h5>Source wording against the approved wording</h5>\n"
        case .revision(let rev):
            out += "<h5>Source wording against \(Self.e(rev))</h5>\n"
        }
        guard let runs = version.redline else {
            out += "<p class=\"note\">No earlier wording to compare with: "
            out += report.baseline == .approvals ? "the clause has never been approved.</p>\n" : "the clause is new.</p>\n"
            return
        }
        guard Redline.changes(runs) else {
            out += "<p class=\"note\">\(version.changed ? "Only white space differs." : "Unchanged.")</p>\n"
            return
        }
        out += "<div class=\"redline source\" lang=\"\(lang)\">"
        Self.runs(runs, markup: true, into: &out)
        out += "</div>\n"
        if case .revision(let rev) = report.baseline, !version.renderedChanges.isEmpty {
            out += "<h5>Rendered text against \(Self.e(rev))</h5>\n"
            for change in version.renderedChanges {
                out += "<div class=\"variant\">\n<p class=\"trigger\">"
                let terms = version.variants.describe(terms: change.terms)
                out += terms.isEmpty ? "For all data" : "When " + terms.map { "<span class=\"term\">\(Self.e($0))</span>" }.joined(separator: " <em>or</em> ")
                out += "</p>\n<div class=\"redline\" lang=\"\(lang)\">"
                Self.runs(change.runs, markup: false, into: &out)
                out += "</div>\n</div>\n"
            }
        }
    }

    /// Tags that start a new line in the source redline.
    private static let blockTags = ["section", "h2", "h3", "h4", "p", "ol", "ul", "li", "table", "tr", "div", "avv:block",
                                    "avv:included", "avv:signatures", "avv:party"]

    static func runs(_ runs: [Redline.Run], markup: Bool, into out: inout String) {
        var first = true
        func space(_ token: Redline.Token) -> String {
            var html = first || !token.spaceBefore ? "" : " "
            if markup, !first, token.kind == .tag, !token.text.hasPrefix("</") {
                let name = token.text.dropFirst().prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
                if blockTags.contains(String(name)) { html = "<br/>" }
            }
            first = false
            return html
        }
        func html(_ token: Redline.Token) -> String {
            switch token.kind {
            case .word: e(token.text)
            case .value: "<code class=\"value\">\(e(token.text))</code>"
            case .tag: "<code class=\"tag\">\(e(token.text))</code>"
            }
        }
        func tokens(_ tokens: [Redline.Token], in element: String?) -> String {
            var text = ""
            for (i, token) in tokens.enumerated() {
                let gap = space(token)
                if i == 0, let element {
                    text += gap + "<\(element)>"
                } else {
                    text += gap
                }
                text += html(token)
            }
            if element != nil, !tokens.isEmpty { text += "</\(element!)>" }
            return text
        }
        for run in runs {
            switch run {
            case .kept(let t): out += tokens(t, in: nil)
            case .deleted(let t): out += tokens(t, in: "del")
            case .inserted(let t): out += tokens(t, in: "ins")
            }
        }
    }
}

/// Rendered clause content as HTML, without ids (a clause appears many times in the report)
/// and with references and links as text.
enum ReviewBlocks {
    private static func e(_ text: String) -> String { HTMLEscaping.text(text) }

    static func section(_ section: Section, into out: inout String) {
        out += "<p class=\"clause-title\"><strong>\(e(section.number)) \(e(section.title.plainText))</strong></p>\n"
        blocks(section.blocks, into: &out)
    }

    static func blocks(_ blocks: [Block], into out: inout String) {
        for block in blocks { self.block(block, into: &out) }
    }

    static func block(_ block: Block, into out: inout String) {
        switch block {
        case .heading(let h):
            out += "<p class=\"subheading\">"
            inlines(h.content, into: &out)
            out += "</p>\n"
        case .paragraph(let p):
            out += "<p\(p.number == nil ? "" : " class=\"numbered\"")>"
            if let number = p.number { out += "<span class=\"number\">\(e(number))</span> " }
            inlines(p.content, into: &out)
            out += "</p>\n"
        case .list(let list):
            guard !list.items.isEmpty else { return }
            let tag = list.ordered ? "ol" : "ul"
            out += "<\(tag)>\n"
            for item in list.items {
                out += "<li>"
                if let label = item.label { out += "<span class=\"label\">\(e(label))</span> " }
                out += "\n"
                blocks(item.blocks, into: &out)
                out += "</li>\n"
            }
            out += "</\(tag)>\n"
        case .table(let table):
            let rows = table.rows.filter { !$0.cells.isEmpty }
            guard !rows.isEmpty else { return }
            let columns = rows.map(\.cells.count).max() ?? 0
            out += "<div class=\"table\">\n<table>\n<tbody>\n"
            for row in rows {
                out += "<tr>"
                for cell in row.cells {
                    let tag = cell.isHeader ? "th" : "td"
                    out += "<\(tag)>"
                    inlines(cell.content, into: &out)
                    out += "</\(tag)>"
                }
                for _ in row.cells.count..<columns { out += "<td></td>" }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n</div>\n"
        case .clause(let s), .annex(let s):
            section(s, into: &out)
        case .signatures, .tableOfContents:
            break
        }
    }

    static func inlines(_ inlines: [Inline], into out: inout String) {
        for inline in inlines {
            switch inline {
            case .text(let t): out += e(t)
            case .strong(let c):
                out += "<strong>"
                self.inlines(c, into: &out)
                out += "</strong>"
            case .emphasis(let c):
                out += "<em>"
                self.inlines(c, into: &out)
                out += "</em>"
            case .link(let href, let c):
                self.inlines(c, into: &out)
                if c.plainText != href { out += " <span class=\"url\">&lt;\(e(href))&gt;</span>" }
            case .lineBreak: out += "<br/>"
            case .reference(let label, _): out += "<span class=\"ref\">\(e(label))</span>"
            case .fillIn(let label): out += "<span class=\"fill-in\">[\(e(label))]</span>"
            }
        }
    }
}
