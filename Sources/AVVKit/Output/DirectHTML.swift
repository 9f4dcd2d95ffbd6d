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
        guard let body = compiler.blocks(document.body, context: .init()),
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
