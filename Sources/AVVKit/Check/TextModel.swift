/// A document as the checker reads it: sections (clauses, annexes, or the parts between
/// headings of a foreign document) made of sentences, each normalised for the patterns.
struct TextModel: Sendable {
    struct Section: Sendable {
        enum Kind: Sendable { case clause, annex, other }
        var kind: Kind
        var id: String
        /// The printed number (`§ 7`), or the heading of a foreign document's part.
        var number: String
        var title: String
        var covers: [String]
        var source: SourceLocation?
        var sentences: Range<Int>
        /// Whether anything besides the title stands in it.
        var hasContent: Bool
    }

    struct Sentence: Sendable {
        /// The sentence's texts and what is known about them: shared with the catalog's memo
        /// for a rendered document, so that a copy of a sentence is one reference.
        let known: SentenceMemo
        var section: Int
        /// Where the sentence starts, when it is more precise than its section's source.
        var location: SourceLocation?

        var text: String { known.text }
        var normalized: String { known.normalized }
        /// `normalized` folded for the patterns' prefilters.
        var folded: FoldedText { known.folded }

        /// A sentence seen once: nothing is worked out beforehand.
        init(text: String, normalized: String, section: Int, location: SourceLocation?) {
            known = SentenceMemo(text: text, normalized: normalized, folded: FoldedText(normalized))
            self.section = section
            self.location = location
        }

        init(_ known: SentenceMemo, section: Int) {
            self.known = known
            self.section = section
        }

        /// Whether `pattern` matches the normalised sentence.
        func matches(_ pattern: Pattern) -> Bool { known.matches(pattern) }

        /// The first placeholder (``Evidence/placeholder``) in the sentence as written.
        var placeholder: Pattern.Match? { known.placeholder }
    }

    var sections: [Section] = []
    var sentences: [Sentence] = []
    /// Read with a catalog: what is worked out about the text may be remembered in the
    /// catalog's memo (a rendered document; not a third party's, whose texts are one-off).
    var memoized = false

    func sentences(of section: Section) -> ArraySlice<Sentence> { sentences[section.sentences] }

    /// The normalised text of a whole section, for `unless` patterns.
    func normalizedText(of section: Section) -> String {
        sentences(of: section).map(\.normalized).joined(separator: " ")
    }
}

extension TextModel {
    /// Reads a rendered document: clauses and annexes are sections; what stands outside
    /// them (preamble, signatures) forms a section of its own. With a catalog, paragraphs
    /// seen before are not split again and their sentences keep their pattern results (the
    /// catalog's memo).
    init(_ document: Document, catalog: RequirementCatalog? = nil) {
        let memo = catalog?.memo
        let rules = catalog?.rules ?? []
        memoized = memo != nil
        var current: Section?
        // The open section is moved, not copied, into `sections` (a copy retained each of
        // its texts).
        func close() {
            guard current != nil else { return }
            current!.sentences = current!.sentences.lowerBound..<sentences.count
            sections.append(current.take()!)
        }
        func begin(_ section: consuming Section) {
            close()
            section.sentences = sentences.count..<sentences.count
            current = consume section
        }
        func add(_ text: String) { add(nil, { text }) }
        /// Adds the sentences of `text`; `fixed` names it when it is the template's fixed
        /// wording, which the memo knows without the text.
        func add(_ fixed: FixedKey?, _ text: () -> String) {
            if current == nil {
                begin(Section(kind: .other, id: "", number: "", title: "", covers: [], source: nil, sentences: 0..<0, hasContent: false))
            }
            if let memo {
                let known = if let fixed { memo.sentences(of: fixed, text: text, rules: rules) } else { memo.sentences(of: text(), rules: rules) }
                // Located by their section (a rendered document's sentences have no lines).
                for known in known {
                    sentences.append(Sentence(known, section: sections.count))
                    current?.hasContent = true
                }
                return
            }
            for sentence in SentenceSplitter.split(text()) {
                sentences.append(Sentence(text: sentence, normalized: Pattern.normalize(sentence), section: sections.count, location: current?.source))
                current?.hasContent = true
            }
        }
        func walk(_ blocks: [Block]) {
            // The paragraph before a list, by its index: copying every paragraph in case a
            // list follows it retained each of its texts.
            var leadIn: Int?
            for index in blocks.indices {
                // Matched where it stands: a copy of the block retained each of its parts.
                switch blocks[index] {
                case .heading(let h):
                    add(h.fixed.map { FixedKey($0) }, { h.content.plainText })
                    leadIn = nil
                case .paragraph(let p):
                    add(p.fixed.map { FixedKey($0) }, { p.content.plainText })
                    // A paragraph right before a list introduces its items.
                    leadIn = index
                case .list(let list):
                    let lead = leadIn.flatMap { index -> (paragraph: Paragraph, text: String)? in
                        guard case .paragraph(let p) = blocks[index] else { return nil }
                        return (p, p.fixed?.plainText ?? p.content.plainText)
                    }
                    for item in list.items { walkItem(item.blocks, leadIn: lead) }
                    leadIn = nil
                case .table(let table):
                    let header = table.rows.first.flatMap { $0.isHeader ? $0.cells.map { $0.content.plainText } : nil }
                    for row in table.rows where !row.isHeader {
                        // Each row reads as one sentence: "Name: X; Land: Y".
                        let cells = row.cells.enumerated().map { i, cell in
                            let value = cell.content.plainText
                            if let header, i < header.count, !header[i].isEmpty { return "\(header[i]): \(value)" }
                            return value
                        }
                        add(cells.joined(separator: "; "))
                    }
                    leadIn = nil
                case .clause(let s), .annex(let s):
                    let isClause: Bool = if case .clause = blocks[index] { true } else { false }
                    begin(Section(kind: isClause ? .clause : .annex, id: s.id, number: s.number, title: s.title.plainText,
                                  covers: s.covers, source: s.source, sentences: 0..<0, hasContent: false))
                    walk(s.blocks)
                    begin(Section(kind: .other, id: "", number: "", title: "", covers: [], source: nil, sentences: 0..<0, hasContent: false))
                case .signatures(let signatures):
                    for party in signatures.parties { add(party.role + ": " + party.name.plainText) }
                case .tableOfContents:
                    break
                }
            }
        }
        /// A list item continues its lead-in ("Der Auftragnehmer verpflichtet sich,"):
        /// the pair is read as one sentence.
        func walkItem(_ blocks: [Block], leadIn: (paragraph: Paragraph, text: String)?) {
            var first = true
            for block in blocks {
                if first, let leadIn, case .paragraph(let p) = block {
                    let fixed = leadIn.paragraph.fixed.flatMap { lead in p.fixed.map { FixedKey(lead, $0) } }
                    add(fixed, { leadIn.text + " " + p.content.plainText })
                } else {
                    walk([block])
                }
                first = false
            }
        }
        walk(document.blocks)
        close()
        // Drop empty "other" sections left between clauses.
        // Only empty sections go, and no sentence points at one: every sentence's section
        // is kept, at the index `remap` gives.
        var kept: [Section] = []
        kept.reserveCapacity(sections.count)
        var remap = [Int](repeating: 0, count: sections.count)
        for (i, s) in sections.enumerated() where s.kind != .other || !s.sentences.isEmpty {
            remap[i] = kept.count
            kept.append(s)
        }
        if kept.count < sections.count {
            for i in sentences.indices { sentences[i].section = remap[sentences[i].section] }
        }
        sections = kept
    }
}
