import Foundation
import Testing
@testable import AVVKit

/// The template's fixed wording (``FixedContent``) is rendered once, when the template is
/// compiled; documents share it, and the checker and the text writer remember what they work
/// out about it by the object. None of that may change a document, a text or a finding.
@Suite struct FixedContentTests {
    static let date = "2026-11-22"

    static let shipped: Result<TemplateSet, DiagnosticsError> = Result { () throws(DiagnosticsError) in
        try TemplateSet.load(directory: ShippedTemplates.directory)
    }

    /// `nodes` with every fixed content dropped: rendering them goes the way it went before
    /// fixed content existed.
    static func withoutFixed(_ nodes: [TemplateNode]) -> [TemplateNode] {
        nodes.map(withoutFixed)
    }

    static func withoutFixed(_ node: TemplateNode) -> TemplateNode {
        switch node {
        case .text, .value, .lineBreak, .reference, .tableOfContents:
            return node
        case .strong(let c): return .strong(withoutFixed(c))
        case .emphasis(let c): return .emphasis(withoutFixed(c))
        case .link(let href, let c): return .link(href: href, withoutFixed(c))
        case .heading(let level, let anchor, let c, _): return .heading(level: level, anchor: anchor, withoutFixed(c), fixed: nil)
        case .paragraph(let anchor, let c, _): return .paragraph(anchor: anchor, withoutFixed(c), fixed: nil)
        case .list(let ordered, let c): return .list(ordered: ordered, withoutFixed(c))
        case .listItem(let anchor, let c, _): return .listItem(anchor: anchor, withoutFixed(c), fixed: nil)
        case .table(let c): return .table(withoutFixed(c))
        case .tableRow(let c): return .tableRow(withoutFixed(c))
        case .tableCell(let header, let c): return .tableCell(header: header, withoutFixed(c))
        case .signatures(let c): return .signatures(withoutFixed(c))
        case .group(let c): return .group(withoutFixed(c))
        case .section(var section):
            section.title = withoutFixed(section.title)
            section.body = withoutFixed(section.body)
            return .section(section)
        case .party(var party):
            party.name = withoutFixed(party.name)
            return .party(party)
        case .conditional(var branches):
            for i in branches.indices { branches[i].body = withoutFixed(branches[i].body) }
            return .conditional(branches)
        case .each(var loop):
            loop.body = withoutFixed(loop.body)
            return .each(loop)
        }
    }

    /// The document as rendered without fixed content; nil when rendering reports errors.
    static func renderWithoutFixed(
        _ set: TemplateSet, _ kind: String, _ language: Language, _ data: DataValue, blank: Bool
    ) -> Document? {
        guard let template = set.template(kind, language) else { return nil }
        var renderer = Renderer(
            language: language, data: data, builtins: set.builtins(language: language, date: date, documentID: "x-\(kind)"))
        if blank { renderer.blank = set.blankForm(language) }
        let (title, blocks) = renderer.render(
            title: withoutFixed(template.compiled.title), body: withoutFixed(template.compiled.body))
        guard renderer.diagnostics.isEmpty else { return nil }
        return Document(kind: kind, language: language, title: title, documentID: "x-\(kind)",
                        templateVersion: set.version, date: date, blocks: blocks)
    }

    /// Every paragraph and heading of `blocks`, with list items' and sections' own.
    static func texts(_ blocks: [Block]) -> [(content: [Inline], fixed: FixedContent?)] {
        var found: [(content: [Inline], fixed: FixedContent?)] = []
        func walk(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .heading(let h): found.append((h.content, h.fixed))
                case .paragraph(let p): found.append((p.content, p.fixed))
                case .list(let list): for item in list.items { walk(item.blocks) }
                case .clause(let s), .annex(let s): walk(s.blocks)
                case .table, .signatures, .tableOfContents: break
                }
            }
        }
        walk(blocks)
        return found
    }

    /// The same document, text and findings with fixed content as without, for `data`.
    private static func compare(
        _ set: TemplateSet, _ catalog: RequirementCatalog, _ data: DataValue, blank: Bool, _ what: String
    ) throws -> Int {
        var compared = 0
        for kind in set.kinds {
            for language in set.languages {
                let document: Document
                do throws(DiagnosticsError) {
                    document = try set.render(kind, language: language, data: data, date: date, documentID: "x-\(kind)", blank: blank)
                } catch {
                    #expect(renderWithoutFixed(set, kind, language, data, blank: blank) == nil, "\(what) \(kind).\(language)")
                    continue
                }
                let plain = try #require(renderWithoutFixed(set, kind, language, data, blank: blank))
                #expect(document == plain, "\(what) \(kind).\(language)")
                #expect(TextWriter.write(document) == TextWriter.write(plain), "\(what) \(kind).\(language): text")
                if !blank {
                    let findings = { (d: Document) in
                        DocumentChecker.check(d, catalog: catalog, templates: set, data: data).map { "\($0.id): \($0.message)" }
                    }
                    #expect(findings(document) == findings(plain), "\(what) \(kind).\(language): findings")
                }
                compared += 1
            }
        }
        return compared
    }

    @Test func fixedContentChangesNoDocumentTextOrFinding() throws {
        let set = try Self.shipped.get()
        let examples = try ShippedTemplates.examples(for: set)
        let catalog = try ShippedTemplates.catalog()
        var compared = 0
        for (name, data) in examples {
            compared += try Self.compare(set, catalog, data, blank: false, name)
            compared += try Self.compare(set, catalog, data, blank: true, name + " (blank)")
        }
        for (name, data) in ShippedTemplates.variants(of: set, catalog: catalog, examples: examples, date: Self.date) {
            compared += try Self.compare(set, catalog, data, blank: false, name)
        }
        #expect(compared >= 60, "documents compared: \(compared)")
    }

    @Test func documentsShareTheTemplatesFixedWording() throws {
        let set = try Self.shipped.get()
        let examples = try ShippedTemplates.examples(for: set)
        try #require(examples.count >= 2)
        let a = try set.render("av-vertrag", language: .de, data: examples[0].data, date: Self.date, documentID: "a")
        let b = try set.render("av-vertrag", language: .de, data: examples[1].data, date: Self.date, documentID: "b")
        let fixedA = Self.texts(a.blocks).compactMap(\.fixed)
        let fixedB = Set(Self.texts(b.blocks).compactMap(\.fixed).map(ObjectIdentifier.init))
        // Most of the contract is the template's own wording, the same object in both.
        #expect(fixedA.count > Self.texts(a.blocks).count / 2)
        #expect(fixedA.filter { fixedB.contains(ObjectIdentifier($0)) }.count > fixedA.count * 9 / 10)
        // Content that holds a value is rendered per document.
        let withValue = Self.texts(a.blocks).filter { $0.content.plainText.contains("intellekta") }
        #expect(!withValue.isEmpty && withValue.allSatisfy { $0.fixed == nil })
    }

    @Test func changedContentIsNoLongerFixed() throws {
        let set = try Self.shipped.get()
        let data = try ShippedTemplates.examples(for: set)[0].data
        let document = try set.render("fernwartung", language: .de, data: data, date: Self.date, documentID: "x")
        var paragraph = try #require(document.blocks.lazy.compactMap { block -> Paragraph? in
            guard case .clause(let section) = block else { return nil }
            return section.blocks.lazy.compactMap { b -> Paragraph? in
                if case .paragraph(let p) = b, p.fixed != nil { return p } else { return nil }
            }.first
        }.first)
        let before = paragraph
        paragraph.number = "(9)"
        #expect(paragraph.fixed === before.fixed, "the number is not the content")
        paragraph.content.append(.text(" Ergänzt."))
        #expect(paragraph.fixed == nil)
        // Equality is what a reader sees, wherever the content came from.
        let rebuilt = Paragraph(number: before.number, anchor: before.anchor, content: before.content)
        #expect(rebuilt.fixed == nil && rebuilt == before && rebuilt.hashValue == before.hashValue)
    }

    @Test func aBlankFormTicksFixedWordingInAnOptionalPart() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.writeEverythingSet { _ in """
            <p>Immer.</p>
            <p avv:if="controller.name == 'A'">Nur für A.</p>
            <p avv:else="">Für alle anderen.</p>
            <ul><li avv:if="controller.city">Mit Ort.</li><li>Ohne Bedingung.</li></ul>
            """ }
        let set = try TemplateSet.load(directory: dir.path)
        let blankData: DataValue = .object([
            "processor": .object(["name": .string("Dienst KG"), "city": .string("Bonn")]),
            "contract": .object(["number": .string("W-1"), "date": .string("2026-02-01")]),
            "remote": .object(["priceModel": .string("included"), "recording": .bool(false), "tool": .string("TV")]),
            "dataCategories": .array([.string("Namen")]),
        ])
        let document = try set.render("everything", language: .de, data: blankData, date: Self.date, documentID: "x", blank: true)
        let shown = Self.texts(document.blocks).map { $0.content.plainText }
        #expect(shown == ["Immer.", "☐ Nur für A.", "☐ Für alle anderen.", "☐ Mit Ort.", "Ohne Bedingung."])
        let fixed = Self.texts(document.blocks).map { $0.fixed != nil }
        #expect(fixed == [true, false, false, false, true])
    }
}
