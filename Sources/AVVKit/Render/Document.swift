/// A rendered document: the one tree that both writers and the checker read.
///
/// Everything in it is final: numbering is assigned, cross-references carry their label,
/// values are plain text (writers escape). Nothing here refers back to data or templates
/// except the source locations kept for diagnostics.
public struct Document: Sendable, Hashable {
    /// The document kind from the template set, e.g. `av-vertrag`.
    public var kind: String
    public var language: Language
    /// The title as plain text (HTML `<title>`, text heading).
    public var title: String
    /// Identifies this document for this customer and contract, e.g. `av-vertrag-w-2026-0042-de`.
    public var documentID: String
    public var templateVersion: String
    /// The document date, ISO `YYYY-MM-DD`.
    public var date: String
    public var blocks: [Block]

    public init(
        kind: String, language: Language, title: String, documentID: String,
        templateVersion: String, date: String, blocks: [Block]
    ) {
        self.kind = kind
        self.language = language
        self.title = title
        self.documentID = documentID
        self.templateVersion = templateVersion
        self.date = date
        self.blocks = blocks
    }
}

/// A block-level part of a document.
public enum Block: Sendable, Hashable {
    /// An unnumbered heading: level 1 is the document title, 3 and 4 subheadings.
    case heading(Heading)
    /// A paragraph; inside a clause it is an Abs. and may carry a number such as `(2)`.
    case paragraph(Paragraph)
    case list(ListBlock)
    case table(Table)
    /// A numbered clause: `§ 3` in German, `Clause 3` in English.
    indirect case clause(Section)
    /// A numbered annex: `Anlage 1`, `Annex 1`. Starts a new page in print.
    indirect case annex(Section)
    /// The signature block for the parties.
    case signatures(Signatures)
    /// Where the table of contents goes (clauses and annexes).
    case tableOfContents
}

public struct Heading: Sendable, Hashable {
    public var level: Int
    public var content: [Inline] { didSet { origin = ContentOrigin() } }
    public var anchor: String?
    var origin = ContentOrigin()

    public init(level: Int, content: [Inline], anchor: String? = nil) {
        self.level = level
        self.content = content
        self.anchor = anchor
    }

    init(level: Int, fixed: FixedContent, anchor: String?) {
        self.init(level: level, content: fixed.content, anchor: anchor)
        origin = ContentOrigin(fixed: fixed)
    }

    /// The template's fixed wording that `content` is, if it is (a change of `content` clears it).
    var fixed: FixedContent? { origin.fixed }
}

public struct Paragraph: Sendable, Hashable {
    /// The printed number, e.g. `(2)` or `3.2`; nil for an unnumbered paragraph.
    public var number: String?
    public var anchor: String?
    public var content: [Inline] { didSet { origin = ContentOrigin() } }
    var origin = ContentOrigin()

    public init(number: String? = nil, anchor: String? = nil, content: [Inline]) {
        self.number = number
        self.anchor = anchor
        self.content = content
    }

    init(anchor: String?, fixed: FixedContent) {
        self.init(anchor: anchor, content: fixed.content)
        origin = ContentOrigin(fixed: fixed)
    }

    /// The template's fixed wording that `content` is, if it is (a change of `content` clears it).
    var fixed: FixedContent? { origin.fixed }
}

/// Where a block's inline content came from: the template's fixed wording (``FixedContent``)
/// or not. It never tells two blocks apart: blocks are equal, and hash alike, by what a
/// reader sees.
struct ContentOrigin: Hashable, Sendable {
    var fixed: FixedContent?

    static func == (a: Self, b: Self) -> Bool { true }

    func hash(into hasher: inout Hasher) {}
}

/// Inline content that the template fixes: text and markup without a value, a reference or
/// logic, rendered once when the template is compiled. Every document rendered from the
/// template shares this one object for it, so that what is worked out about the wording
/// (its sentences for the checker, its lines for the text writer) can be remembered by the
/// object instead of by comparing its text.
final class FixedContent: Sendable {
    let content: [Inline]
    /// `content.plainText`.
    let plainText: String
    /// `content` as the text writer lays it out.
    let textSegments: TextSegments
    /// The lines the text writer filled `textSegments` into, per segment and layout.
    let wrapped = WrapSlots()

    init(_ content: [Inline]) {
        self.content = content
        plainText = content.plainText
        textSegments = TextSegments(content)
    }
}

/// A ``FixedContent`` as a memo key: the same object, held, so that its address is not
/// reused while the key is remembered.
struct FixedKey: Hashable, Sendable {
    let first: FixedContent
    /// A list item read together with its lead-in: the item's content (the lead-in is `first`).
    let second: FixedContent?

    init(_ first: FixedContent, _ second: FixedContent? = nil) {
        self.first = first
        self.second = second
    }

    static func == (a: Self, b: Self) -> Bool { a.first === b.first && a.second === b.second }

    func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(first))
        if let second { hasher.combine(ObjectIdentifier(second)) }
    }
}

public struct ListBlock: Sendable, Hashable {
    public var ordered: Bool
    public var items: [ListItem]

    public init(ordered: Bool, items: [ListItem]) {
        self.ordered = ordered
        self.items = items
    }
}

public struct ListItem: Sendable, Hashable {
    /// The printed label: `1.`, `a)`, `(a)`; nil in bulleted lists.
    public var label: String?
    public var anchor: String?
    /// Item content: text becomes paragraphs, nested lists stay lists.
    public var blocks: [Block]

    public init(label: String?, anchor: String? = nil, blocks: [Block]) {
        self.label = label
        self.anchor = anchor
        self.blocks = blocks
    }
}

public struct Table: Sendable, Hashable {
    public var rows: [TableRow]

    public init(rows: [TableRow]) { self.rows = rows }
}

public struct TableRow: Sendable, Hashable {
    public var cells: [TableCell]

    public init(cells: [TableCell]) { self.cells = cells }

    /// A row of header cells only (the column titles).
    public var isHeader: Bool { !cells.isEmpty && cells.allSatisfy(\.isHeader) }
}

public struct TableCell: Sendable, Hashable {
    public var isHeader: Bool
    public var content: [Inline]

    public init(isHeader: Bool, content: [Inline]) {
        self.isHeader = isHeader
        self.content = content
    }
}

/// A clause or an annex.
public struct Section: Sendable, Hashable {
    /// The id the template gave (`avv:clause` / `avv:annex`), unique in the document.
    public var id: String
    /// The printed number: `§ 3`, `Clause 3`, `Anlage 1`, `Annex 1`.
    public var number: String
    public var title: [Inline]
    /// Requirement ids the template says this section covers (`avv:covers`).
    public var covers: [String]
    public var blocks: [Block]
    /// Where the section starts in its template.
    public var source: SourceLocation?

    public init(
        id: String, number: String, title: [Inline], covers: [String] = [],
        blocks: [Block], source: SourceLocation? = nil
    ) {
        self.id = id
        self.number = number
        self.title = title
        self.covers = covers
        self.blocks = blocks
        self.source = source
    }

    /// The HTML id of the section: `clause-<id>` or `annex-<id>` is left to writers;
    /// this is the raw template id.
    public var anchor: String { id }
}

public struct Signatures: Sendable, Hashable {
    public var parties: [Party]

    public init(parties: [Party]) { self.parties = parties }
}

/// One signing party: its role, its name, and prefilled lines where the data has them.
public struct Party: Sendable, Hashable {
    /// E.g. `Auftraggeber (Verantwortlicher)`.
    public var role: String
    public var name: [Inline]
    public var place: String?
    public var signatory: String?
    public var function: String?

    public init(
        role: String, name: [Inline], place: String? = nil, signatory: String? = nil,
        function: String? = nil
    ) {
        self.role = role
        self.name = name
        self.place = place
        self.signatory = signatory
        self.function = function
    }
}

/// Inline content of paragraphs, headings, list items and table cells.
public enum Inline: Sendable, Hashable {
    /// Plain text, unescaped. Writers escape it.
    case text(String)
    case strong([Inline])
    case emphasis([Inline])
    case link(href: String, content: [Inline])
    case lineBreak
    /// A resolved cross-reference: `label` is what is printed (`§ 7 Abs. 2`), `anchor` the
    /// target's anchor in this document.
    case reference(label: String, anchor: String)
    /// A line left blank for the customer to fill in by hand, with what belongs there.
    case fillIn(label: String)
}

extension Array where Element == Inline {
    /// The text a reader sees, without markup.
    public var plainText: String {
        var out = ""
        for inline in self { inline.appendPlainText(to: &out) }
        return out
    }
}

extension Inline {
    func appendPlainText(to out: inout String) {
        switch self {
        case .text(let s): out += s
        case .strong(let c), .emphasis(let c), .link(_, let c):
            for inline in c { inline.appendPlainText(to: &out) }
        case .lineBreak: out += "\n"
        case .reference(let label, _): out += label
        case .fillIn: out += "________"
        }
    }
}
