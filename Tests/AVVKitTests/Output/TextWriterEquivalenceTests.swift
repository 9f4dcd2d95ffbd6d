import Foundation
import Testing

@testable import AVVKit

/// The streaming text writer against the reference (``LegacyTextWriter``, the writer it
/// replaced): byte for byte the same text, for the shipped documents and for random ones full
/// of awkward characters (combining marks after spaces, no-break and other white space, CR LF,
/// forbidden characters, emoji, long words, empty labels and cells).
@Suite struct TextWriterEquivalenceTests {
    static func expectSame(_ document: Document, _ what: String) {
        let new = TextWriter.write(document)
        let old = LegacyTextWriter.write(document)
        guard new != old else { return }
        let newLines = new.split(separator: "\n", omittingEmptySubsequences: false)
        let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false)
        let index = Array(zip(newLines, oldLines)).firstIndex { Data($0.utf8) != Data($1.utf8) } ?? min(newLines.count, oldLines.count)
        let shown = { (lines: [Substring]) in index < lines.count ? String(reflecting: String(lines[index])) : "(none)" }
        Issue.record("\(what): line \(index + 1) differs\n  new: \(shown(newLines))\n  old: \(shown(oldLines))")
    }

    @Test func fixedDocuments() {
        Self.expectSame(EverythingDocument.german(), "everything.de")
        Self.expectSame(EverythingDocument.english(), "everything.en")
        Self.expectSame(StressDocument.make(), "stress")
    }

    @Test func shippedExamples() throws {
        let set = try TemplateSet.load(directory: ShippedTemplates.directory)
        for profile in ShippedExamplesTests.profiles {
            let customer = try CustomerData.load(path: ShippedTemplates.directory + "/examples/" + profile, schema: set.schema)
            for language in Language.allCases {
                for kind in set.kinds {
                    let document = try set.render(
                        kind, language: language, data: customer.value, date: "2026-11-22", documentID: "x-\(kind)",
                        blank: false)
                    Self.expectSame(document, "\(profile) \(kind).\(language.rawValue)")
                    Self.expectSame(DraftMark.mark(document), "\(profile) \(kind).\(language.rawValue) draft")
                }
            }
        }
    }

    @Test(arguments: 0..<400)
    func randomDocuments(seed: Int) {
        var random = RandomDocument(seed: UInt64(seed))
        Self.expectSame(random.document(), "random document \(seed)")
    }

    /// Paragraphs already filled into lines are remembered (``WrapMemo``) by their text and
    /// layout: the same text at other indents, after a label or in a list, must be filled anew,
    /// and a second writing must give the first one's bytes.
    @Test func oneParagraphAtManyIndents() {
        let long = "Der Auftragnehmer verarbeitet personenbezogene Daten ausschließlich im Rahmen der "
            + "getroffenen Vereinbarungen und nach den dokumentierten Weisungen des Auftraggebers."
        let paragraph = Block.paragraph(Paragraph(content: [.text(long)]))
        func item(_ label: String?, _ blocks: [Block]) -> ListItem { ListItem(label: label, blocks: blocks) }
        let blocks: [Block] = [
            paragraph,
            .paragraph(Paragraph(number: "(1)", content: [.text(long)])),
            .paragraph(Paragraph(number: "(12)", content: [.text(long)])),
            .list(ListBlock(ordered: true, items: [
                item("1.", [paragraph]),
                item("2.", [.list(ListBlock(ordered: true, items: [item("a)", [paragraph]), item("bb)", [paragraph])]))]),
            ])),
            .list(ListBlock(ordered: false, items: [item(nil, [paragraph, paragraph])])),
            paragraph,
        ]
        let document = Document(kind: "k", language: .de, title: "Titel", documentID: "d", templateVersion: "1",
                                date: "2026-11-22", blocks: blocks)
        let first = TextWriter.write(document)
        Self.expectSame(document, "one paragraph at many indents")
        #expect(TextWriter.write(document) == first)
        // The column each copy of the paragraph starts at.
        let columns = Set(first.split(separator: "\n").compactMap { line in
            line.range(of: "Der Auftragnehmer").map { line.distance(from: line.startIndex, to: $0.lowerBound) }
        })
        #expect(columns.count >= 4, "the paragraph should start at several columns: \(columns.sorted())")
    }

    /// Tables of contents are remembered by their entries, indent and width
    /// (``ContentsMemo``): the same table written again, after a blank line, at another
    /// indent, or where a list item's label waits for its first line must come out as the
    /// reference writes it.
    @Test func oneTableOfContentsInManyPlaces() {
        func item(_ label: String?, _ blocks: [Block]) -> ListItem { ListItem(label: label, blocks: blocks) }
        let sections: [Block] = (1...3).map { n in
            .clause(Section(id: "s\(n)", number: "§ \(n)", title: [.text(n == 2 ? "Eine Überschrift, die so lang ist, dass sie in der Übersicht umbricht und weiterläuft" : "Titel \(n)")],
                            blocks: [.paragraph(Paragraph(content: [.text("Text.")]))]))
        }
        let blocks: [Block] = [
            .tableOfContents,
            .paragraph(Paragraph(content: [.text("Davor.")])),
            .tableOfContents,
            .paragraph(Paragraph(number: "(1)", content: [.text("Nummeriert.")])),
            .tableOfContents,
            .list(ListBlock(ordered: true, items: [item("1.", [.tableOfContents]), item("2.", [.paragraph(Paragraph(content: [.text("x")])), .tableOfContents])])),
            .list(ListBlock(ordered: false, items: [item(nil, [.tableOfContents])])),
        ] + sections
        for language in Language.allCases {
            let document = Document(kind: "k", language: language, title: "Titel", documentID: "d", templateVersion: "1",
                                    date: "2026-11-22", blocks: blocks)
            let first = TextWriter.write(document)
            Self.expectSame(document, "tables of contents, \(language)")
            #expect(TextWriter.write(document) == first)
            let headings = first.split(separator: "\n").filter { $0.hasSuffix(OutputLabels.of(language).tableOfContents) }
            #expect(headings.count == 6)
        }
    }

    @Test func emptyDocuments() {
        for title in ["", " ", "\u{A0}", "Titel", "\u{301}"] {
            Self.expectSame(Document(kind: "k", language: .de, title: title, documentID: "", templateVersion: "",
                                     date: "", blocks: []), "empty, title \(String(reflecting: title))")
        }
    }
}

/// Random documents from a seed (SplitMix64), reproducible.
struct RandomDocument {
    var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 1) }

    mutating func next() -> UInt64 { generator.next() }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    static let plainWords = [
        "Auftragsverarbeitung", "der", "die", "Daten", "gemäß", "Art.", "28", "DSGVO", "Maßnahmen", "Übermittlung",
        "Äußerung", "süß", "(1)", "§", "€", "1.234,50", "„Anführung“", "–", "…", "e-mail@example.com",
        "https://example.com/pfad?x=1", "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung",
        String(repeating: "Datenschutzfolgenabschätzung", count: 3), "ÿ", "ŧ", "ʼ", "©", "‼", "¡",
    ]
    /// Pieces that are not simple text or that break lines in unusual ways.
    static let awkward = [
        " ", "  ", "\t", "\n", "\r\n", "\r", "\u{85}", "\u{A0}", "\u{202F}", "\u{2007}", "\u{2003}", "\u{205F}",
        "\u{3000}", "\u{1680}", "\u{2028}", "\u{2029}", "\u{301}", " \u{301}", "e\u{301}", "\u{200D}", "\u{FE0F}",
        "👩‍👩‍👧", "🇩🇪", "한국어", "日本語", StressDocument.forbidden, "\u{7F}", "\u{9F}", "\u{600}",
        "\u{AD}", "\u{2060}", "\u{200B}", "x\u{20DD}", "\u{1F600}",
    ]

    mutating func word() -> String {
        chance(12) ? pick(Self.awkward) : pick(Self.plainWords)
    }

    mutating func text(maxWords: Int = 30) -> String {
        var out = ""
        for i in 0..<int(0...maxWords) {
            if i > 0 { out += chance(8) ? pick([" ", "  ", "\u{A0}", "\n", " \u{301}", "\u{2002}"]) : " " }
            out += word()
        }
        if chance(5) { out = " " + out }
        if chance(5) { out += pick([" ", "\u{A0}", " \u{301}", "\t"]) }
        return out
    }

    mutating func inlines(depth: Int = 0) -> [Inline] {
        var result: [Inline] = []
        for _ in 0..<int(0...4) {
            switch int(0...11) {
            case 0 where depth < 2: result.append(.strong(inlines(depth: depth + 1)))
            case 1 where depth < 2: result.append(.emphasis(inlines(depth: depth + 1)))
            case 2:
                let href = pick(["https://example.com", " mailto:info@example.com ", "tel:+49 30 1234", "x"])
                result.append(.link(href: href, content: chance(30) ? [] : [.text(pick(["info@example.com", "https://example.com", "hier", " ", text(maxWords: 3)]))]))
            case 3: result.append(.lineBreak)
            case 4: result.append(.reference(label: pick(["§ 3", "Anlage 1", "Abs. (2)", "", "a)"]), anchor: "a"))
            case 5: result.append(.fillIn(label: pick(["Datum", "", "Ort \u{301}"])))
            default: result.append(.text(text()))
            }
        }
        return result
    }

    mutating func label() -> String? {
        pick([nil, "", "1.", "a)", "(12)", "•", "  ", "ä)", "\u{301}a", "Ü", " b)", "x\n", "\u{A0}", "(1000000000)",
              "\u{1F600}", "iv."])
    }

    mutating func blocks(depth: Int) -> [Block] {
        var result: [Block] = []
        for _ in 0..<int(0...(depth == 0 ? 8 : 4)) {
            result.append(block(depth: depth))
        }
        return result
    }

    mutating func block(depth: Int) -> Block {
        switch int(0...(depth < 4 ? 11 : 4)) {
        case 0: return .heading(Heading(level: int(1...3), content: inlines()))
        case 1, 2, 3:
            return .paragraph(Paragraph(number: chance(50) ? pick(["(1)", "(12)", "", " ", "(ä)", "\u{301}", "1.\n2", "(3)\u{A0}"]) : nil,
                                        content: inlines()))
        case 4: return table()
        case 5, 6:
            let items = (0..<int(0...4)).map { _ in ListItem(label: label(), blocks: blocks(depth: depth + 1)) }
            return .list(ListBlock(ordered: chance(50), items: items))
        case 7, 8:
            return .clause(section(depth: depth))
        case 9:
            return .annex(section(depth: depth))
        case 10:
            return .signatures(Signatures(parties: (0..<int(0...2)).map { _ in
                Party(role: pick(["Auftraggeber", "", "Role \u{301}", text(maxWords: 12)]), name: inlines(),
                      place: pick([nil, "", "Berlin", " Köln ", text(maxWords: 12)]),
                      signatory: pick([nil, "", "Max Mustermann", text(maxWords: 10)]),
                      function: pick([nil, "Geschäftsführer", "\u{A0}"]))
            }))
        default:
            return .tableOfContents
        }
    }

    mutating func section(depth: Int) -> Section {
        Section(id: "s\(int(0...999))", number: pick(["§ 1", "§ 12", "Anlage 2", "1.", "Clause 3", "", " ",
                                                       "Ein sehr langer Abschnittsname über zwanzig", "§\u{A0}4", "A:"]),
                title: inlines(), blocks: blocks(depth: depth + 1))
    }

    mutating func table() -> Block {
        let columns = int(1...4)
        var rows: [TableRow] = []
        for r in 0..<int(0...5) {
            let header = (r == 0 && chance(70)) || chance(10)
            let count = chance(15) ? int(0...columns + 1) : columns
            rows.append(TableRow(cells: (0..<count).map { _ in
                TableCell(isHeader: header, content: chance(15) ? [] : (chance(60) ? [.text(pick(Self.plainWords))] : inlines()))
            }))
        }
        return .table(Table(rows: rows))
    }

    mutating func document() -> Document {
        Document(kind: "random", language: chance(50) ? .de : .en, title: text(maxWords: 14), documentID: "id-\(int(0...99))",
                 templateVersion: "1.0", date: "2026-11-22", blocks: blocks(depth: 0))
    }
}
