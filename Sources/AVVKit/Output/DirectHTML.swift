/// The HTML writer lowered onto a compiled template: renders one document for one customer
/// straight into HTML bytes, without building a ``Document`` first.
///
/// The bytes are exactly those of ``TemplateSet/render(_:language:data:date:documentID:blank:)``
/// followed by ``HTMLWriter/write(_:textHash:)``: the same numbering, references, ids, classes
/// and white space. What makes it fast is done once, when the template set loads: static text
/// is escaped, tags with their classes and ids are spelt out, and anchors are numbered, so
/// that rendering appends ready bytes and formats only the values. What the document decides
/// only at its end (whether a clause numbers its paragraphs, what a reference says, the table
/// of contents) is left as a hole and filled in when the bytes are put together.
///
/// A template that uses what this path does not cover (links, a section inside a loop or a
/// list, table rows whose cells vary, ids that could collide) gets no program: ``compile``
/// returns nil and callers use the general path. At render time, anything the general path
/// would report (a missing value, a reference to a part left out) makes ``render`` return nil
/// as well, so the general path reports it in its words.
struct DirectHTML: Sendable {
    /// Static text: escaped bytes and the spaces at its edges, which the white-space rules of
    /// ``Renderer`` drop or keep depending on the neighbours.
    struct StaticText: Sendable {
        var bytes: [UInt8]
        /// Leading and trailing spaces, counted as ``Renderer`` counts them: characters that
        /// are a space alone (a space with a combining mark after it is not one).
        var leading: Int
        var trailing: Int
        var allSpaces: Bool
        /// Whether the first character would join a space before it into one character.
        var joinsSpaceBefore: Bool

        init(_ raw: String) {
            bytes = Array(HTMLEscaping.text(raw).utf8)
            let utf8 = raw.utf8
            let count = utf8.count
            var leading = 0
            for byte in utf8 {
                guard byte == 0x20 else { break }
                leading += 1
            }
            allSpaces = leading == count
            var trailing = 0
            if allSpaces {
                trailing = count
            } else {
                for byte in utf8.reversed() {
                    guard byte == 0x20 else { break }
                    trailing += 1
                }
                // Only a non-ASCII neighbour can make a space part of a larger character.
                if leading > 0, utf8[utf8.index(utf8.startIndex, offsetBy: leading)] >= 0x80 {
                    leading = raw.prefix { $0 == " " }.count
                }
                if trailing > 0, utf8[utf8.index(utf8.endIndex, offsetBy: -trailing - 1)] >= 0x80 {
                    trailing = raw.reversed().prefix { $0 == " " }.count
                }
            }
            self.leading = leading
            self.trailing = trailing
            joinsSpaceBefore = (utf8.first ?? 0) >= 0x80 && Self.joinsSpace(before: raw.unicodeScalars.first!)
        }

        /// Whether a space and `scalar` make one character (a combining mark, a joiner).
        static func joinsSpace(before scalar: Unicode.Scalar) -> Bool {
            var pair = " "
            pair.unicodeScalars.append(scalar)
            return pair.count == 1
        }

        /// Whether `scalar` and a space after it make one character (a prepended mark).
        static func joinsSpace(after scalar: Unicode.Scalar) -> Bool {
            var pair = ""
            pair.unicodeScalars.append(scalar)
            pair += " "
            return pair.count == 1
        }
    }

    struct Section: Sendable {
        var kind: CompiledSection.Kind
        /// The interned raw id.
        var anchor: Int
        /// `<section class="clause" id="clause-x">\n<h2><span class="number">`, and without the id.
        var openWithID: [UInt8]
        var openWithoutID: [UInt8]
        /// `</span>` and what separates number and title.
        var afterNumber: [UInt8]
        var title: [Node]
        /// `</h2>\n`
        var headingClose: [UInt8]
        var level: Int
        var body: [Node]
        /// The table-of-contents entry around its number.
        var tocBeforeNumber: [UInt8]
        var tocAfterNumber: [UInt8]
    }

    final class Party: Sendable {
        let role: [Part]
        let place: [Part]?
        let signatory: [Part]?
        let function: [Part]?
        let name: [Node]

        init(role: [Part], place: [Part]?, signatory: [Part]?, function: [Part]?, name: [Node]) {
            self.role = role
            self.place = place
            self.signatory = signatory
            self.function = function
            self.name = name
        }
    }

    /// A piece of an attribute: literal text or a value.
    enum Part: Sendable {
        case text(String)
        case value(Value)
    }

    struct Branch: Sendable {
        var condition: Expression?
        var body: [Node]
    }

    struct Loop: Sendable {
        var collection: Expression
        var body: [Node]
    }

    /// A compiled expression whose paths into the customer data are numbered, so that a run
    /// looks each up once (conditions test the same fields again and again).
    indirect enum Expression: Sendable {
        /// A path from the data root: its number in ``DirectHTML/dataPaths``.
        case data(Int)
        /// A path from a loop variable, `loop` or `avv`: looked up each time.
        case scoped(BoundPath)
        case literal(DataValue)
        case list([Expression])
        case not(Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case equal(Expression, Expression, negated: Bool)
        case member(Expression, Expression, negated: Bool)
    }

    /// A value to print: its expression and filters.
    struct Value: Sendable {
        var expression: Expression
        var filters: [Filter]
    }

    indirect enum Node: Sendable {
        case text(StaticText)
        case value(Value)
        /// `strong`, `em`: inline content between two tags.
        case container(open: [UInt8], close: [UInt8], [Node])
        case lineBreak
        case reference(target: Int)
        case heading(level: Int, anchor: Int, [Node])
        case paragraph(anchor: Int, [Node])
        case list(ordered: Bool, [Node])
        case listItem(anchor: Int, [Node])
        case table([Node])
        /// A row of static cells; `header` when every cell is a header cell.
        case tableRow(header: Bool, [Node])
        case tableCell(header: Bool, [Node])
        case section(Section)
        case tableOfContents
        case signatures([Node])
        case party(Party)
        case group([Node])
        case conditional([Branch])
        case each(Loop)
    }

    let language: Language
    let title: [TemplateNode]
    let body: [Node]
    /// Whether the document's top level has its own `h1` (else the title is printed as one).
    let hasTitleHeading: Bool
    /// Interned anchors (ids of sections, paragraphs, list items, headings, reference targets).
    let anchorCount: Int
    /// ` id="x"` per anchor.
    let idAttributes: [[UInt8]]
    /// `#x`, `#clause-x`, `#annex-x`: where a reference to the anchor links.
    let hrefs: [[UInt8]]
    let headBeforeTitle: [UInt8]
    let headAfterTitle: [UInt8]
    let signaturesStart: [UInt8]
    /// The paths into the customer data that expressions read, by number.
    let dataPaths: [[String]]
    /// What follows a party's name: up to each line's value, and after it (with its caption).
    let partyFields: [(before: [UInt8], after: [UInt8])]
}

// MARK: - Compiling

extension DirectHTML {
    /// The program for a compiled document, or nil when it uses what this path does not cover.
    static func compile(_ document: TemplateCompiler.CompiledDocument, language: Language) -> DirectHTML? {
        var compiler = Compiler(language: language)
        guard let body = compiler.blocks(document.body, context: .init()), compiler.supported,
            let hasTitleHeading = Compiler.titleHeading(in: document.body),
            let (ids, hrefs) = compiler.anchorTables()
        else { return nil }
        let labels = OutputLabels.of(language)
        return DirectHTML(
            language: language, title: document.title, body: body, hasTitleHeading: hasTitleHeading,
            anchorCount: compiler.anchors.count, idAttributes: ids, hrefs: hrefs,
            headBeforeTitle: Array(HTMLRenderer.headBeforeTitle(language).utf8),
            headAfterTitle: Array(HTMLRenderer.headAfterTitle.utf8),
            signaturesStart: Array(HTMLRenderer.signaturesStart(labels).utf8),
            dataPaths: compiler.dataPaths,
            partyFields: HTMLRenderer.partyFieldTags(labels).map { (Array($0.before.utf8), Array($0.after.utf8)) })
    }

    private struct Compiler {
        struct Context {
            var inLoop = false
            var inList = false
            /// Sections around this node.
            var sectionDepth = 0
            /// The heading level of the enclosing section (1 outside any).
            var sectionLevel = 1
        }

        let language: Language
        let numbering: Numbering
        var supported = true
        var anchors: [String: Int] = [:]
        var anchorNames: [String] = []
        /// Section ids and their kind; every other anchor.
        var sectionKinds: [Int: CompiledSection.Kind] = [:]
        var plainAnchors: Set<Int> = []
        var dataPaths: [[String]] = []
        var dataPathNumbers: [[String]: Int] = [:]

        mutating func expression(_ expression: CompiledExpression) -> Expression {
            switch expression {
            case .path(let bound):
                guard bound.root == .data else { return .scoped(bound) }
                if let number = dataPathNumbers[bound.segments] { return .data(number) }
                dataPathNumbers[bound.segments] = dataPaths.count
                dataPaths.append(bound.segments)
                return .data(dataPaths.count - 1)
            case .literal(let value): return .literal(value)
            case .list(let items): return .list(items.map { self.expression($0) })
            case .not(let inner): return .not(self.expression(inner))
            case .and(let l, let r): return .and(self.expression(l), self.expression(r))
            case .or(let l, let r): return .or(self.expression(l), self.expression(r))
            case .equal(let l, let r, let negated): return .equal(self.expression(l), self.expression(r), negated: negated)
            case .member(let l, let r, let negated): return .member(self.expression(l), self.expression(r), negated: negated)
            }
        }

        mutating func value(_ interpolation: CompiledInterpolation) -> Value {
            Value(expression: expression(interpolation.expression), filters: interpolation.filters)
        }

        mutating func parts(_ parts: [AttributePart]) -> [Part] {
            parts.map { part in
                switch part {
                case .text(let text): .text(text)
                case .value(let interpolation): .value(value(interpolation))
                }
            }
        }

        mutating func branch(_ branch: ConditionalBranch, body: [Node]) -> Branch {
            Branch(condition: branch.condition.map { expression($0) }, body: body)
        }

        mutating func loop(_ loop: CompiledLoop, body: [Node]) -> Node {
            .each(Loop(collection: expression(loop.collection), body: body))
        }

        init(language: Language) {
            self.language = language
            self.numbering = Numbering(language: language)
        }

        mutating func intern(_ name: String) -> Int {
            if let index = anchors[name] { return index }
            anchors[name] = anchorNames.count
            anchorNames.append(name)
            return anchorNames.count - 1
        }

        mutating func anchor(_ name: String?) -> Int {
            guard let name else { return -1 }
            let index = intern(name)
            plainAnchors.insert(index)
            return index
        }

        /// ` id="…"` and the link target per anchor; nil when ids could collide, which the
        /// general writer resolves by order of appearance.
        func anchorTables() -> ([[UInt8]], [[UInt8]])? {
            var ids: [[UInt8]] = []
            var hrefs: [[UInt8]] = []
            let sectionIDs = Set(sectionKinds.map { ($0.value == .clause ? "clause-" : "annex-") + anchorNames[$0.key] })
            for (index, name) in anchorNames.enumerated() {
                // Printable ASCII without spaces: the id is the name itself.
                guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
                if plainAnchors.contains(index) {
                    guard sectionKinds[index] == nil, !sectionIDs.contains(name), name != "avv-toc" else { return nil }
                }
                let id: String
                if let kind = sectionKinds[index] {
                    id = (kind == .clause ? "clause-" : "annex-") + name
                } else {
                    id = name
                }
                ids.append(Array(" id=\"\(HTMLEscaping.attribute(id))\"".utf8))
                hrefs.append(Array(HTMLEscaping.attribute(HTMLRenderer.fragment(id)).utf8))
            }
            return (ids, hrefs)
        }

        /// Whether the top level has an `h1`; nil when that depends on the data.
        static func titleHeading(in nodes: [TemplateNode]) -> Bool? {
            var found = false
            for node in nodes {
                switch node {
                case .heading(let level, _, _) where level <= 1: found = true
                case .group(let children):
                    guard let inner = titleHeading(in: children) else { return nil }
                    found = found || inner
                case .conditional(let branches):
                    for branch in branches where titleHeading(in: branch.body) != false { return nil }
                case .each(let loop):
                    if titleHeading(in: loop.body) != false { return nil }
                default: break
                }
            }
            return found
        }

        mutating func blocks(_ nodes: [TemplateNode], context: Context) -> [Node]? {
            var out: [Node] = []
            for node in nodes {
                guard let compiled = block(node, context: context) else { return nil }
                out.append(compiled)
            }
            return out
        }

        mutating func inlines(_ nodes: [TemplateNode], context: Context) -> [Node]? {
            var out: [Node] = []
            for node in nodes {
                guard let compiled = inline(node, context: context) else { return nil }
                out.append(compiled)
            }
            return out
        }

        /// A node in block position (section bodies, the top level).
        mutating func block(_ node: TemplateNode, context: Context) -> Node? {
            switch node {
            case .heading(let level, let anchor, let content):
                guard let content = inlines(content, context: context) else { return nil }
                return .heading(level: level, anchor: self.anchor(anchor), content)
            case .paragraph(let anchor, let content):
                guard let content = inlines(content, context: context) else { return nil }
                return .paragraph(anchor: self.anchor(anchor), content)
            case .list(let ordered, let items):
                var inner = context
                inner.inList = true
                guard let items = logic(items, context: inner, { compiler, item, context in
                    guard case .listItem(let anchor, let content) = item else { return .group([]) }
                    guard let flow = compiler.flow(content, context: context) else { return nil }
                    return .listItem(anchor: compiler.anchor(anchor), flow)
                }) else { return nil }
                return .list(ordered: ordered, items)
            case .table(let rows):
                var columns: Int?
                guard let rows = logic(rows, context: context, { compiler, row, context in
                    guard case .tableRow(let cells) = row else { return .group([]) }
                    var compiledCells: [Node] = []
                    var allHeaders = true
                    for cell in cells {
                        // Cells under avv:if or avv:each would change the columns per row.
                        guard case .tableCell(let header, let content) = cell,
                            let content = compiler.inlines(content, context: context)
                        else { return nil }
                        allHeaders = allHeaders && header
                        compiledCells.append(.tableCell(header: header, content))
                    }
                    guard !cells.isEmpty, columns == nil || columns == cells.count else { return nil }
                    columns = cells.count
                    return .tableRow(header: allHeaders, compiledCells)
                }) else { return nil }
                return .table(rows)
            case .section(let section):
                return self.section(section, context: context)
            case .tableOfContents:
                return .tableOfContents
            case .signatures(let parties):
                guard let parties = logic(parties, context: context, { compiler, node, context in
                    guard case .party(let party) = node else { return .group([]) }
                    guard let name = compiler.inlines(party.name, context: context) else { return nil }
                    return .party(Party(role: compiler.parts(party.role), place: party.place.map { compiler.parts($0) },
                                        signatory: party.signatory.map { compiler.parts($0) },
                                        function: party.function.map { compiler.parts($0) }, name: name))
                }) else { return nil }
                return .signatures(parties)
            case .group(let children):
                return blocks(children, context: context).map(Node.group)
            case .conditional(let branches):
                var compiled: [Branch] = []
                for branch in branches {
                    guard let body = blocks(branch.body, context: context) else { return nil }
                    compiled.append(self.branch(branch, body: body))
                }
                return .conditional(compiled)
            case .each(let loop):
                var inner = context
                inner.inLoop = true
                guard let body = blocks(loop.body, context: inner) else { return nil }
                return self.loop(loop, body: body)
            case .text, .value, .strong, .emphasis, .link, .lineBreak, .reference, .listItem, .tableRow,
                 .tableCell, .party:
                // Not rendered in block position (see Renderer.renderBlock).
                return .group([])
            }
        }

        /// List-item content: runs of inline content become paragraphs, blocks stay blocks.
        mutating func flow(_ nodes: [TemplateNode], context: Context) -> [Node]? {
            var out: [Node] = []
            for node in nodes {
                let compiled: Node?
                switch node {
                case .paragraph, .list, .table, .heading: compiled = block(node, context: context)
                case .group(let children): compiled = flow(children, context: context).map(Node.group)
                case .conditional(let branches):
                    var branchesOut: [Branch] = []
                    for branch in branches {
                        guard let body = flow(branch.body, context: context) else { return nil }
                        branchesOut.append(self.branch(branch, body: body))
                    }
                    compiled = .conditional(branchesOut)
                case .each(let loop):
                    var inner = context
                    inner.inLoop = true
                    compiled = flow(loop.body, context: inner).map { self.loop(loop, body: $0) }
                case .section, .tableOfContents, .signatures, .party, .listItem, .tableRow, .tableCell:
                    // Dropped by the general renderer in a list item; too rare to mirror.
                    compiled = nil
                default: compiled = inline(node, context: context)
                }
                guard let compiled else { return nil }
                out.append(compiled)
            }
            return out
        }

        mutating func inline(_ node: TemplateNode, context: Context) -> Node? {
            switch node {
            case .text(let text): return .text(StaticText(text))
            case .value(let interpolation): return .value(value(interpolation))
            case .strong(let children):
                return inlines(children, context: context).map {
                    .container(open: Array("<strong>".utf8), close: Array("</strong>".utf8), $0)
                }
            case .emphasis(let children):
                return inlines(children, context: context).map {
                    .container(open: Array("<em>".utf8), close: Array("</em>".utf8), $0)
                }
            case .lineBreak: return .lineBreak
            case .reference(let target, _): return .reference(target: intern(target))
            case .group(let children): return inlines(children, context: context).map(Node.group)
            case .conditional(let branches):
                var compiled: [Branch] = []
                for branch in branches {
                    guard let body = inlines(branch.body, context: context) else { return nil }
                    compiled.append(self.branch(branch, body: body))
                }
                return .conditional(compiled)
            case .each(let loop):
                var inner = context
                inner.inLoop = true
                guard let body = inlines(loop.body, context: inner) else { return nil }
                return self.loop(loop, body: body)
            case .link:
                // A link prints its target after its text unless they agree: left to the writer.
                return nil
            default:
                // Block nodes in inline position render nothing (see Renderer.renderInline).
                return .group([])
            }
        }

        /// Groups, conditions and loops around the children of a list, table or signature
        /// block, compiled with `child` for each child.
        mutating func logic(
            _ nodes: [TemplateNode], context: Context, _ child: (inout Compiler, TemplateNode, Context) -> Node?
        ) -> [Node]? {
            var out: [Node] = []
            for node in nodes {
                let compiled: Node?
                switch node {
                case .group(let children): compiled = logic(children, context: context, child).map(Node.group)
                case .conditional(let branches):
                    var branchesOut: [Branch] = []
                    for branch in branches {
                        guard let body = logic(branch.body, context: context, child) else { return nil }
                        branchesOut.append(self.branch(branch, body: body))
                    }
                    compiled = .conditional(branchesOut)
                case .each(let loop):
                    var inner = context
                    inner.inLoop = true
                    compiled = logic(loop.body, context: inner, child).map { self.loop(loop, body: $0) }
                default: compiled = child(&self, node, context)
                }
                guard let compiled else { return nil }
                out.append(compiled)
            }
            return out
        }

        mutating func section(_ section: CompiledSection, context: Context) -> Node? {
            // A section in a loop or a list would number and link in ways only the writer follows.
            guard !context.inLoop, !context.inList else { return nil }
            let anchor = intern(section.id)
            if let kind = sectionKinds[anchor], kind != section.kind { return nil }
            sectionKinds[anchor] = section.kind
            // The table of contents prints the title: it must not depend on the data.
            var titleText = ""
            for node in section.title {
                guard case .text(let text) = node else { return nil }
                titleText += text
            }
            var inner = context
            inner.sectionDepth += 1
            inner.sectionLevel = min(6, context.sectionLevel + 1)
            guard let title = inlines(section.title, context: inner), let body = blocks(section.body, context: inner)
            else { return nil }
            let level = inner.sectionLevel
            let className = section.kind == .clause ? "clause" : "annex"
            let htmlID = className + "-" + section.id
            let separator = Outline.separator(after: numbering.sectionNumber(section.kind, 1))
            let href = HTMLEscaping.attribute(HTMLRenderer.fragment(htmlID))
            return .section(Section(
                kind: section.kind, anchor: anchor,
                openWithID: Array("<section class=\"\(className)\" id=\"\(HTMLEscaping.attribute(htmlID))\">\n<h\(level)><span class=\"number\">".utf8),
                openWithoutID: Array("<section class=\"\(className)\">\n<h\(level)><span class=\"number\">".utf8),
                afterNumber: Array("</span>\(HTMLEscaping.text(separator))".utf8),
                title: title, headingClose: Array("</h\(level)>\n".utf8), level: level, body: body,
                tocBeforeNumber: Array("<li class=\"depth-\(min(context.sectionDepth, 3))\"><a href=\"\(href)\"><span class=\"number\">".utf8),
                tocAfterNumber: Array("</span> <span class=\"title\">\(HTMLEscaping.text(TextLayout.oneLine(titleText)))</span></a></li>\n".utf8)))
        }
    }
}

// MARK: - Rendering

extension DirectHTML {
    /// The HTML bytes for `data`, or nil when the general path must render this document.
    func render(data: DataValue, builtins: DataValue, document: Document, textHash: String) -> [UInt8]? {
        var titleRenderer = Renderer(language: language, data: data, builtins: builtins)
        let (titleText, _) = titleRenderer.render(title: title, body: [])
        guard titleRenderer.diagnostics.isEmpty else { return nil }
        var renderer = Run(program: self, evaluator: Renderer(language: language, data: data, builtins: builtins))
        renderer.out.append(contentsOf: headBeforeTitle)
        renderer.out.append(contentsOf: HTMLEscaping.text(TextLayout.oneLine(titleText)).utf8)
        renderer.out.append(contentsOf: headAfterTitle)
        if !hasTitleHeading { renderer.out.append(contentsOf: HTMLRenderer.titleHeader(titleText).utf8) }
        renderer.blocks(body, level: 1)
        guard !renderer.failed, var bytes = renderer.assemble() else { return nil }
        bytes.append(contentsOf: HTMLRenderer.documentEnd(document, textHash: textHash).utf8)
        return bytes
    }

    /// One rendering: the bytes so far, the holes in them, and the renderer's state.
    private struct Run {
        enum Continued { case ordered, unordered, table }

        enum Hole {
            /// The start of paragraph `number` of clause `clause`: numbered when the clause
            /// has two paragraphs or more. `anchor` is -1 or the anchor whose id it carries.
            case paragraph(clause: Int, number: Int, anchor: Int)
            /// The start of a list or table after a paragraph of `clause`: indented as its
            /// continuation when that paragraph is numbered.
            case continued(clause: Int, Continued)
            case reference(target: Int)
            case tableOfContents(level: Int, withID: Bool)
        }

        struct Place {
            var section: (kind: CompiledSection.Kind, number: Int)?
            var paragraph: Int?
            var items: [(n: Int, depth: Int)]
        }

        let program: DirectHTML
        let numbering: Numbering
        var evaluator: Renderer
        var out: [UInt8] = []
        var holes: [(offset: Int, hole: Hole)] = []
        var failed = false

        // White space of the current inline content (see Renderer.appendText and trim).
        /// At the start of a block's content: leading spaces are dropped.
        var atStart = false
        /// Spaces that end the text so far, written only when more text follows.
        var pending = 0
        /// Spaces were dropped at the start of this content.
        var droppedAtStart = false
        /// What was written last in this content is text (spaces after it join its run).
        var lastWasText = false

        var clauseCount = 0
        var annexCount = 0
        var currentSection: (kind: CompiledSection.Kind, number: Int)?
        var paragraphCount = 0
        var itemStack: [(n: Int, depth: Int)] = []
        var orderedDepth = 0
        var listDepth = 0
        var places: [Place?]
        var idUsed: [Bool]
        var sectionIDUsed: [Bool]
        var tocIDUsed = false
        /// Per clause number: whether its paragraphs are numbered.
        var clauseNumbered: [Bool] = [false]
        /// Rendered sections for the table of contents: the entry's bytes and number.
        var tocEntries: [(before: [UInt8], after: [UInt8], number: String)] = []
        var lastHeadingLevel = 1
        /// In the current sequence of blocks, a paragraph of a clause came last (what follows
        /// continues it when the clause numbers its paragraphs).
        var afterClauseParagraph = false
        // An open paragraph of a list item's loose text.
        var runOpen = false
        var runMark = 0
        var runHoles = 0
        /// Data paths looked up so far: `.some(nil)` for a path to nothing.
        var dataCache: [DataValue??]

        init(program: DirectHTML, evaluator: Renderer) {
            self.program = program
            self.numbering = Numbering(language: program.language)
            self.evaluator = evaluator
            places = Array(repeating: nil, count: program.anchorCount)
            idUsed = Array(repeating: false, count: program.anchorCount)
            sectionIDUsed = Array(repeating: false, count: program.anchorCount)
            dataCache = Array(repeating: nil, count: program.dataPaths.count)
            out.reserveCapacity(80_000)
        }

        // MARK: Blocks

        mutating func blocks(_ nodes: [Node], level: Int) {
            for node in nodes where !failed { block(node, level: level) }
        }

        mutating func block(_ node: Node, level: Int) {
            switch node {
            case .group(let children):
                blocks(children, level: level)
            case .conditional(let branches):
                if let body = chosen(branches) { blocks(body, level: level) }
            case .each(let loop):
                each(loop) { run in run.blocks(loop.body, level: level) }
            case .heading(let headingLevel, let anchor, let inlines):
                afterClauseParagraph = false
                let h = headingLevel <= 1 ? 1 : min(6, max(level + 1, min(headingLevel, lastHeadingLevel + 1)))
                lastHeadingLevel = h
                register(anchor)
                out.append(contentsOf: [0x3C, 0x68, 0x30 + UInt8(h)])  // <hN
                if claimID(anchor) { out.append(contentsOf: program.idAttributes[anchor]) }
                out.append(0x3E)
                content(inlines)
                out.append(contentsOf: [0x3C, 0x2F, 0x68, 0x30 + UInt8(h), 0x3E, 0x0A])  // </hN>\n
            case .paragraph(let anchor, let inlines):
                if let section = currentSection, section.kind == .clause, listDepth == 0 {
                    paragraphCount += 1
                    register(anchor)
                    let id = claimID(anchor) ? anchor : -1
                    holes.append((out.count, .paragraph(clause: section.number, number: paragraphCount, anchor: id)))
                    afterClauseParagraph = true
                } else {
                    register(anchor)
                    out.append(contentsOf: [0x3C, 0x70])  // <p
                    if claimID(anchor) { out.append(contentsOf: program.idAttributes[anchor]) }
                    out.append(0x3E)
                }
                content(inlines)
                out.append(contentsOf: [0x3C, 0x2F, 0x70, 0x3E, 0x0A])  // </p>\n
            case .list(let ordered, let items):
                list(ordered: ordered, items, level: level)
            case .table(let rows):
                table(rows)
            case .section(let section):
                self.section(section, level: level)
            case .tableOfContents:
                afterClauseParagraph = false
                let h = min(6, level + 1)
                holes.append((out.count, .tableOfContents(level: h, withID: !tocIDUsed)))
                tocIDUsed = true
                lastHeadingLevel = h
            case .signatures(let parties):
                afterClauseParagraph = false
                signatures(parties)
            case .text, .value, .container, .lineBreak, .reference, .listItem, .tableRow, .tableCell, .party:
                break
            }
        }

        mutating func section(_ section: Section, level: Int) {
            afterClauseParagraph = false
            let number: Int
            if section.kind == .clause {
                clauseCount += 1
                number = clauseCount
                clauseNumbered.append(false)
            } else {
                annexCount += 1
                number = annexCount
            }
            let outer = (currentSection, paragraphCount)
            currentSection = (section.kind, number)
            paragraphCount = 0
            places[section.anchor] = Place(section: currentSection, paragraph: nil, items: [])
            let first = !sectionIDUsed[section.anchor]
            sectionIDUsed[section.anchor] = true
            out.append(contentsOf: first ? section.openWithID : section.openWithoutID)
            let printed = numbering.sectionNumber(section.kind, number)
            out.append(contentsOf: printed.utf8)
            out.append(contentsOf: section.afterNumber)
            content(section.title)
            out.append(contentsOf: section.headingClose)
            tocEntries.append((section.tocBeforeNumber, section.tocAfterNumber, printed))
            lastHeadingLevel = section.level
            blocks(section.body, level: section.level)
            lastHeadingLevel = level
            if section.kind == .clause { clauseNumbered[number] = paragraphCount >= 2 }
            (currentSection, paragraphCount) = outer
            afterClauseParagraph = false
            out.append(contentsOf: Tags.closeSection)
        }

        mutating func list(ordered: Bool, _ items: [Node], level: Int) {
            let (mark, holeMark) = (out.count, holes.count)
            if afterClauseParagraph, let section = currentSection {
                holes.append((out.count, .continued(clause: section.number, ordered ? .ordered : .unordered)))
            } else {
                out.append(contentsOf: ordered ? Tags.openOlLabelled : Tags.openUl)
            }
            if ordered { orderedDepth += 1 }
            listDepth += 1
            let saved = afterClauseParagraph
            var count = 0
            expand(items) { run, node in
                guard case .listItem(let anchor, let flow) = node else { return }
                count += 1
                if ordered { run.itemStack.append((count, run.orderedDepth)) }
                run.register(anchor)
                run.out.append(contentsOf: [0x3C, 0x6C, 0x69])  // <li
                if run.claimID(anchor) { run.out.append(contentsOf: run.program.idAttributes[anchor]) }
                run.out.append(0x3E)
                if ordered {
                    run.out.append(contentsOf: Tags.openLabel)
                    run.out.append(contentsOf: HTMLEscaping.text(run.numbering.itemLabel(count, depth: run.orderedDepth)).utf8)
                    run.out.append(contentsOf: Tags.closeSpan)
                }
                run.out.append(0x0A)
                run.afterClauseParagraph = false
                run.flow(flow, level: level)
                if ordered { run.itemStack.removeLast() }
                run.out.append(contentsOf: Tags.closeLi)
            }
            afterClauseParagraph = saved
            if ordered { orderedDepth -= 1 }
            listDepth -= 1
            guard count > 0 else { return truncate(to: mark, holes: holeMark) }
            out.append(contentsOf: ordered ? Tags.closeOl : Tags.closeUl)
        }

        /// A list item's content: loose inline content becomes a paragraph unless it is empty.
        mutating func flow(_ nodes: [Node], level: Int) {
            expand(nodes) { run, node in
                switch node {
                case .paragraph, .list, .table, .heading:
                    run.closeRun()
                    run.block(node, level: level)
                default:
                    if !run.runOpen {
                        run.runOpen = true
                        run.runMark = run.out.count
                        run.runHoles = run.holes.count
                        run.out.append(contentsOf: [0x3C, 0x70, 0x3E])  // <p>
                        run.startContent()
                    }
                    run.inline(node)
                }
            }
            closeRun()
        }

        mutating func closeRun() {
            guard runOpen else { return }
            runOpen = false
            atStart = false
            pending = 0
            if out.count == runMark + 3, holes.count == runHoles {
                out.removeLast(3)
            } else {
                out.append(contentsOf: [0x3C, 0x2F, 0x70, 0x3E, 0x0A])  // </p>\n
            }
        }

        mutating func table(_ rows: [Node]) {
            let (mark, holeMark) = (out.count, holes.count)
            if afterClauseParagraph, let section = currentSection {
                holes.append((out.count, .continued(clause: section.number, .table)))
            } else {
                out.append(contentsOf: Tags.openDivTableTable)
            }
            // 0: no row yet, 1: in thead, 2: in tbody
            var state = 0
            expand(rows) { run, node in
                guard case .tableRow(let header, let cells) = node else { return }
                if header, state <= 1 {
                    if state == 0 { run.out.append(contentsOf: Tags.openThead) }
                    state = 1
                } else if state != 2 {
                    if state == 1 { run.out.append(contentsOf: Tags.closeThead) }
                    run.out.append(contentsOf: Tags.openTbody)
                    state = 2
                }
                run.out.append(contentsOf: Tags.openTr)
                for cell in cells {
                    guard case .tableCell(let isHeader, let content) = cell else { continue }
                    if isHeader {
                        run.out.append(contentsOf: header ? Tags.openThScopeCol : Tags.openThScopeRow)
                        run.content(content)
                        run.out.append(contentsOf: Tags.closeTh)
                    } else {
                        run.out.append(contentsOf: Tags.openTd)
                        run.content(content)
                        run.out.append(contentsOf: Tags.closeTd)
                    }
                }
                run.out.append(contentsOf: Tags.closeTr)
            }
            guard state > 0 else { return truncate(to: mark, holes: holeMark) }
            out.append(contentsOf: state == 1 ? Tags.closeThead : Tags.closeTbody)
            out.append(contentsOf: Tags.closeTableDiv)
        }

        mutating func signatures(_ parties: [Node]) {
            let (mark, holeMark) = (out.count, holes.count)
            out.append(contentsOf: program.signaturesStart)
            var count = 0
            expand(parties) { run, node in
                guard case .party(let party) = node else { return }
                count += 1
                guard let role = run.attribute(party.role) else { return }
                run.out.append(contentsOf: HTMLRenderer.partyStart(role: role).utf8)
                run.content(party.name)
                run.out.append(contentsOf: Tags.closeParagraph)
                let place = party.place.flatMap { run.attribute($0) }.map(TextLayout.collapsed).flatMap { $0.isEmpty ? nil : $0 + ", " }
                let values = [place, party.signatory.flatMap { run.attribute($0) },
                              party.function.flatMap { run.attribute($0) }, nil]
                for (field, value) in zip(run.program.partyFields, values) {
                    run.out.append(contentsOf: field.before)
                    if let value { run.out.append(contentsOf: HTMLEscaping.text(TextLayout.collapsed(value)).utf8) }
                    run.out.append(contentsOf: field.after)
                }
                run.out.append(contentsOf: Tags.closeDiv)
            }
            guard count > 0 else { return truncate(to: mark, holes: holeMark) }
            out.append(contentsOf: Tags.closeDiv)
        }

        mutating func truncate(to mark: Int, holes holeMark: Int) {
            out.removeSubrange(mark...)
            holes.removeSubrange(holeMark...)
        }

        // MARK: Inline content

        /// A block's inline content, with leading and trailing spaces dropped.
        mutating func content(_ nodes: [Node]) {
            startContent()
            for node in nodes { inline(node) }
            atStart = false
            pending = 0
        }

        mutating func startContent() {
            atStart = true
            pending = 0
            droppedAtStart = false
            lastWasText = false
        }

        mutating func inline(_ node: Node) {
            switch node {
            case .text(let text):
                appendText(text)
            case .value(let interpolation):
                guard let text = format(interpolation) else { return }
                appendValue(text)
            case .container(let open, let close, let children):
                flushPending()
                out.append(contentsOf: open)
                for child in children { inline(child) }
                flushPending()
                out.append(contentsOf: close)
            case .lineBreak:
                flushPending()
                out.append(contentsOf: [0x3C, 0x62, 0x72, 0x2F, 0x3E])  // <br/>
            case .reference(let target):
                flushPending()
                holes.append((out.count, .reference(target: target)))
            case .group(let children):
                for child in children { inline(child) }
            case .conditional(let branches):
                if let body = chosen(branches) { for child in body { inline(child) } }
            case .each(let loop):
                each(loop) { run in for child in loop.body { run.inline(child) } }
            default:
                break
            }
        }

        /// Writes the pending spaces: something other than text follows them.
        mutating func flushPending() {
            atStart = false
            lastWasText = false
            for _ in 0..<pending { out.append(0x20) }
            pending = 0
        }

        /// Text after the white-space rules of ``Renderer``: leading spaces dropped at the
        /// start of a block's content, one space dropped where two texts meet with spaces on
        /// both sides, trailing spaces held back until more text follows. Where a character
        /// boundary would make the rules count differently, the run fails (the general path
        /// renders it).
        mutating func appendText(_ text: StaticText) {
            let count = text.bytes.count
            guard count > 0 else { return }
            var start = 0
            if atStart {
                if text.allSpaces {
                    droppedAtStart = true
                    return
                }
                if droppedAtStart, text.leading == 0, text.joinsSpaceBefore { return fail() }
                start = text.leading
                atStart = false
            } else if pending > 0, text.leading > 0 {
                start = 1
            }
            if text.allSpaces {
                if pending == 0, lastWasText, let last = out.last, last >= 0x80, endsWithPrepend() { return fail() }
                pending += count - start
                return
            }
            for _ in 0..<pending { out.append(0x20) }
            pending = text.trailing
            out.append(contentsOf: text.bytes[start..<(count - text.trailing)])
            lastWasText = true
        }

        /// A value. The common one (no control or forbidden character, nothing from U+0590 on
        /// that might need bidi isolation, no space at its edges, ASCII first) is escaped straight
        /// into the output; anything else goes through ``StaticText`` and ``appendText(_:)``.
        mutating func appendValue(_ value: String) {
            var text = value
            let simple = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                guard let first = bytes.first, let last = bytes.last, first > 0x20, first < 0x7F, last != 0x20
                else { return false }
                let (plain, special) = Self.scan(bytes)
                guard plain else { return false }
                atStart = false
                for _ in 0..<pending { out.append(0x20) }
                pending = 0
                lastWasText = true
                guard special else {
                    out.append(contentsOf: bytes)
                    return true
                }
                for byte in bytes {
                    switch byte {
                    case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
                    case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
                    case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
                    case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
                    default: out.append(byte)
                    }
                }
                lastWasText = true
                return true
            }
            if simple == true { return }
            text = Renderer.isolated(text)
            text.makeContiguousUTF8()
            appendText(StaticText(text))
        }

        /// Whether `bytes` can be written as they are, escaping aside (no control or forbidden
        /// character, nothing that might need bidi isolation), and whether any needs escaping.
        /// Eight bytes at a time where they are ASCII.
        static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (plain: Bool, special: Bool) {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
            var special = false
            var index = 0
            let count = bytes.count
            let base = UnsafeRawPointer(bytes.baseAddress!)
            while index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & highs != 0 { break }  // non-ASCII: byte by byte from here
                // A byte below 0x20, or DEL.
                if (word &- ones &* 0x20) & ~word & highs != 0 || hasZero(word ^ (ones &* 0x7F)) { return (false, special) }
                special = special || hasZero(word ^ (ones &* 0x26)) || hasZero(word ^ (ones &* 0x3C))
                    || hasZero(word ^ (ones &* 0x3E)) || hasZero(word ^ (ones &* 0x22))
                index += 8
            }
            var previous: UInt8 = index > 0 ? bytes[index - 1] : 0
            while index < count {
                let byte = bytes[index]
                if byte < 0x20 || byte == 0x7F || byte >= 0xD6 || (previous == 0xC2 && byte <= 0x9F) { return (false, special) }
                special = special || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22
                previous = byte
                index += 1
            }
            return (true, special)
        }

        /// Whether the last character written is a prepended mark (it takes a space after it
        /// into itself).
        func endsWithPrepend() -> Bool {
            var start = out.count - 1
            while start > 0, out[start] & 0xC0 == 0x80 { start -= 1 }
            let last = String(decoding: out[start...], as: UTF8.self)
            guard let scalar = last.unicodeScalars.first else { return false }
            return StaticText.joinsSpace(after: scalar)
        }

        mutating func fail() { failed = true }

        // MARK: Anchors

        mutating func register(_ anchor: Int) {
            guard anchor >= 0 else { return }
            let paragraph = currentSection?.kind == .clause && paragraphCount > 0 ? paragraphCount : nil
            places[anchor] = Place(section: currentSection, paragraph: paragraph, items: itemStack)
        }

        /// Whether the element gets the anchor as its id: only its first use does.
        mutating func claimID(_ anchor: Int) -> Bool {
            guard anchor >= 0, !idUsed[anchor] else { return false }
            idUsed[anchor] = true
            return true
        }

        // MARK: Logic

        mutating func expand(_ nodes: [Node], _ visit: (inout Run, Node) -> Void) {
            for node in nodes where !failed {
                switch node {
                case .group(let children): expand(children, visit)
                case .conditional(let branches): if let body = chosen(branches) { expand(body, visit) }
                case .each(let loop): each(loop) { run in run.expand(loop.body, visit) }
                default: visit(&self, node)
                }
            }
        }

        mutating func chosen(_ branches: [Branch]) -> [Node]? {
            for branch in branches {
                guard let condition = branch.condition else { return branch.body }
                if evaluate(condition).isTruthy { return branch.body }
            }
            return nil
        }

        mutating func each(_ loop: Loop, _ body: (inout Run) -> Void) {
            guard case .array(let elements)? = value(of: loop.collection) else {
                failed = true
                return
            }
            for (index, element) in elements.enumerated() where !failed {
                evaluator.scopes.append(Renderer.Scope(value: element, path: "", index: index, count: elements.count))
                body(&self)
                evaluator.scopes.removeLast()
            }
        }

        /// A path from the data root, looked up once per run.
        mutating func data(_ number: Int) -> DataValue? {
            if let cached = dataCache[number] { return cached }
            var value = evaluator.data
            for segment in program.dataPaths[number] {
                guard let next = value[segment] else {
                    dataCache[number] = .some(nil)
                    return nil
                }
                value = next
            }
            dataCache[number] = .some(value)
            return value
        }

        /// The value an expression names (nil for a path to nothing), as ``Renderer`` looks it up.
        mutating func value(of expression: Expression) -> DataValue? {
            switch expression {
            case .data(let number): data(number)
            case .scoped(let bound): evaluator.value(of: bound)
            default: evaluate(expression)
            }
        }

        /// ``Renderer/evaluate(_:)`` over the numbered paths.
        mutating func evaluate(_ expression: Expression) -> DataValue {
            switch expression {
            case .data(let number): return data(number) ?? .null
            case .scoped(let bound): return evaluator.value(of: bound) ?? .null
            case .literal(let value): return value
            case .list(let items): return .array(items.map { evaluate($0) })
            case .not(let inner): return .bool(!evaluate(inner).isTruthy)
            case .and(let l, let r): return .bool(evaluate(l).isTruthy && evaluate(r).isTruthy)
            case .or(let l, let r): return .bool(evaluate(l).isTruthy || evaluate(r).isTruthy)
            case .equal(let l, let r, let negated): return .bool(Renderer.equal(evaluate(l), evaluate(r)) != negated)
            case .member(let element, let collection, let negated):
                let e = evaluate(element)
                var found = false
                switch evaluate(collection) {
                case .array(let items): found = items.contains { Renderer.equal($0, e) }
                case .string(let s): if case .string(let sub) = e { found = s.contains(sub) }
                default: found = false
                }
                return .bool(found != negated)
            }
        }

        mutating func format(_ value: Value) -> String? {
            guard let data = self.value(of: value.expression), data != .null,
                case .success(let text) = Renderer.formatted(data, filters: value.filters, language: program.language)
            else {
                failed = true
                return nil
            }
            return text
        }

        /// An attribute's text as ``Renderer`` builds it (values isolated, white space trimmed).
        mutating func attribute(_ parts: [Part]) -> String? {
            var text = ""
            for part in parts {
                switch part {
                case .text(let t): text += t
                case .value(let value):
                    guard let formatted = format(value) else { return nil }
                    text += Renderer.isolated(formatted)
                }
            }
            // Printable ASCII at both ends: nothing to trim.
            if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
                return text
            }
            return text.trimmingCharacters(in: .whitespaces)
        }

        // MARK: Holes

        /// The bytes with every hole filled in; nil when one cannot be (the general path
        /// reports why).
        func assemble() -> [UInt8]? {
            var result: [UInt8] = []
            result.reserveCapacity(out.count + 8_192)
            var position = 0
            var labels: [[UInt8]?] = Array(repeating: nil, count: program.anchorCount)
            for (offset, hole) in holes {
                result.append(contentsOf: out[position..<offset])
                position = offset
                guard fill(hole, into: &result, labels: &labels) else { return nil }
            }
            result.append(contentsOf: out[position...])
            return result
        }

        /// Writes what a hole stands for; `labels` keeps each reference's label once made.
        func fill(_ hole: Hole, into result: inout [UInt8], labels: inout [[UInt8]?]) -> Bool {
            switch hole {
            case .paragraph(let clause, let number, let anchor):
                result.append(contentsOf: [0x3C, 0x70])  // <p
                if anchor >= 0 { result.append(contentsOf: program.idAttributes[anchor]) }
                if clauseNumbered[clause] {
                    result.append(contentsOf: Tags.numberedClass)
                    numbering.appendParagraphNumber(clause: clause, number, to: &result)
                    result.append(contentsOf: Tags.closeNumberSpace)
                } else {
                    result.append(0x3E)
                }
            case .continued(let clause, let kind):
                let continued = clauseNumbered[clause]
                switch kind {
                case .ordered: result.append(contentsOf: continued ? Tags.openOlLabelledContinued : Tags.openOlLabelled)
                case .unordered: result.append(contentsOf: continued ? Tags.openUlContinued : Tags.openUl)
                case .table: result.append(contentsOf: continued ? Tags.openDivTableContinuedTable : Tags.openDivTableTable)
                }
            case .reference(let target):
                if labels[target] == nil {
                    guard let place = places[target], let section = place.section else { return false }
                    let label = numbering.referenceLabel(
                        section: section, paragraph: place.paragraph,
                        paragraphsNumbered: section.kind == .clause && clauseNumbered[section.number], items: place.items)
                    labels[target] = Tags.openReference + program.hrefs[target] + [0x22, 0x3E] + Array(HTMLEscaping.text(label).utf8)
                        + Tags.closeA
                }
                result.append(contentsOf: labels[target]!)
            case .tableOfContents(let level, let withID):
                guard !tocEntries.isEmpty else { return false }
                let title = HTMLEscaping.text(OutputLabels.of(program.language).tableOfContents)
                result.append(contentsOf: (withID
                    ? "<nav class=\"toc\" aria-labelledby=\"avv-toc\">\n<h\(level) id=\"avv-toc\">\(title)</h\(level)>\n<ol>\n"
                    : "<nav class=\"toc\">\n<h\(level)>\(title)</h\(level)>\n<ol>\n").utf8)
                for entry in tocEntries {
                    result.append(contentsOf: entry.before)
                    result.append(contentsOf: entry.number.utf8)
                    result.append(contentsOf: entry.after)
                }
                result.append(contentsOf: Tags.closeOlNav)
            }
            return true
        }
    }
}

/// The fixed tags of the direct path, as bytes.
private enum Tags {
    static let closeSection: [UInt8] = Array("</section>\n".utf8)
    static let openLabel: [UInt8] = Array("<span class=\"label\">".utf8)
    static let closeSpan: [UInt8] = Array("</span>".utf8)
    static let closeLi: [UInt8] = Array("</li>\n".utf8)
    static let openDivTableTable: [UInt8] = Array("<div class=\"table\">\n<table>\n".utf8)
    static let openThead: [UInt8] = Array("<thead>\n".utf8)
    static let closeThead: [UInt8] = Array("</thead>\n".utf8)
    static let openTbody: [UInt8] = Array("<tbody>\n".utf8)
    static let openTr: [UInt8] = Array("<tr>".utf8)
    static let closeTh: [UInt8] = Array("</th>".utf8)
    static let openTd: [UInt8] = Array("<td>".utf8)
    static let closeTd: [UInt8] = Array("</td>".utf8)
    static let closeTr: [UInt8] = Array("</tr>\n".utf8)
    static let closeTableDiv: [UInt8] = Array("</table>\n</div>\n".utf8)
    static let closeDiv: [UInt8] = Array("</div>\n".utf8)
    static let closeParagraph: [UInt8] = Array("</p>\n".utf8)
    static let numberedClass: [UInt8] = Array(" class=\"numbered\"><span class=\"number\">".utf8)
    static let closeNumberSpace: [UInt8] = Array("</span> ".utf8)
    static let openReference: [UInt8] = Array("<a class=\"ref\" href=\"".utf8)
    static let closeA: [UInt8] = Array("</a>".utf8)
    static let closeOlNav: [UInt8] = Array("</ol>\n</nav>\n".utf8)
    static let openOlLabelled: [UInt8] = Array("<ol class=\"labelled\">\n".utf8)
    static let openUl: [UInt8] = Array("<ul>\n".utf8)
    static let closeOl: [UInt8] = Array("</ol>\n".utf8)
    static let closeUl: [UInt8] = Array("</ul>\n".utf8)
    static let openThScopeCol: [UInt8] = Array("<th scope=\"col\">".utf8)
    static let openThScopeRow: [UInt8] = Array("<th scope=\"row\">".utf8)
    static let closeTbody: [UInt8] = Array("</tbody>\n".utf8)
    static let openOlLabelledContinued: [UInt8] = Array("<ol class=\"labelled continued\">\n".utf8)
    static let openUlContinued: [UInt8] = Array("<ul class=\"continued\">\n".utf8)
    static let openDivTableContinuedTable: [UInt8] = Array("<div class=\"table continued\">\n<table>\n".utf8)
}
