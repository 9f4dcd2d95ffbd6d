/// The HTML writer lowered onto a compiled template: renders one document for one customer
/// straight into HTML bytes, without building a ``Document`` first.
///
/// The bytes are exactly those of ``TemplateSet/render(_:language:data:date:documentID:blank:)``
/// followed by ``HTMLWriter/write(_:textHash:)``: the same numbering, references, ids, classes
/// and white space. What makes it fast is done once, when the template set loads: static text
/// is escaped, tags with their classes and ids are spelt out, and anchors are numbered, so
/// that rendering appends ready bytes and formats only the values.
///
/// The program is flat: every node is a ``Node``, a trivial struct of a kind and a few
/// numbers, kept in one array (``nodes``) where the children of a node are a range of it.
/// Static bytes (escaped text, tags, ids) are ranges (``Span``) of one byte pool (``pool``).
/// Walking the program therefore copies plain numbers and never counts references; only
/// values, expressions and parties live in side tables.
///
/// Data is read by number: every path into the customer data, and every path one starts
/// with, is numbered once (by the template compiler, whose numbers the general renderer
/// reads too), so that a render looks each up once, one key below its parent's value. The
/// common conditions (a path, `not` a path, a path compared with a literal) are also
/// compiled to a ``Test`` that is checked without evaluating an expression.
///
/// A render makes two passes over the program. What the document decides only at its end
/// (whether a clause numbers its paragraphs, what a reference says, the table of contents)
/// is found first by a pre-pass over the blocks that evaluates the conditions and loops and
/// counts, but writes nothing; the second pass then writes every byte once, in its final
/// order, straight into the storage of the array it returns (with room estimated from the
/// program; a document that outgrows it is written again with twice the room).
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
        var shape: TextShape

        init(_ raw: String) {
            bytes = Array(HTMLEscaping.text(raw).utf8)
            shape = TextShape(raw)
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

    /// The spaces at the edges of a text, counted as ``Renderer`` counts them: characters that
    /// are a space alone (a space with a combining mark after it is not one).
    struct TextShape: Sendable {
        var leading: Int
        var trailing: Int
        var allSpaces: Bool
        /// Whether the first character would join a space before it into one character.
        var joinsSpaceBefore: Bool

        init(_ raw: String) {
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
            joinsSpaceBefore = (utf8.first ?? 0) >= 0x80 && StaticText.joinsSpace(before: raw.unicodeScalars.first!)
        }
    }

    /// A range of ``pool``.
    struct Span: Sendable {
        var offset: Int
        var count: Int
    }

    /// Static text in the program: its escaped bytes in the pool and its spaces.
    struct TextRun: Sendable {
        var bytes: Span
        var shape: TextShape
    }

    struct Section: Sendable {
        var kind: CompiledSection.Kind
        /// The interned raw id.
        var anchor: Int
        /// `<section class="clause" id="clause-x">\n<h2><span class="number">`, and without the id.
        var openWithID: Span
        var openWithoutID: Span
        /// `</span>` and what separates number and title.
        var afterNumber: Span
        var title: Range<Int>
        /// `</h2>\n`
        var headingClose: Span
        var level: Int
        var body: Range<Int>
        /// The table-of-contents entry around its number.
        var tocBeforeNumber: Span
        var tocAfterNumber: Span
    }

    final class Party: Sendable {
        let role: [Part]
        let place: [Part]?
        let signatory: [Part]?
        let function: [Part]?
        let name: Range<Int>

        init(role: [Part], place: [Part]?, signatory: [Part]?, function: [Part]?, name: Range<Int>) {
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

    /// A compiled expression whose paths into the customer data are numbered, so that a run
    /// looks each up once (conditions test the same fields again and again).
    indirect enum Expression: Sendable {
        /// A path from the data root: its number in ``DirectHTML/dataPaths``.
        case data(Int)
        /// A path from the loop variable `depth` loops up: its keys are
        /// ``DirectHTML/loopPaths``[`keys`]; looked up each time.
        case loop(depth: Int, keys: Int)
        /// A path from `loop` or `avv`: looked up each time.
        case scoped(BoundPath)
        case literal(DataValue)
        case list([Expression])
        case not(Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case equal(Expression, Expression, negated: Bool)
        case member(Expression, Expression, negated: Bool)
    }

    /// A path read without evaluating an expression: from the data root (its number in
    /// ``DirectHTML/dataPaths``, looked up once per run) or, when `data` is -1, from the loop
    /// variable `depth` loops up (keys ``DirectHTML/loopPaths``[`keys`], looked up each time).
    struct Path: Sendable {
        var data = -1
        var depth = 0
        var keys = -1

        init?(_ expression: Expression) {
            switch expression {
            case .data(let number): data = number
            case .loop(let depth, let keys):
                self.depth = depth
                self.keys = keys
            default: return nil
            }
        }
    }

    /// A condition in a form quick to test: a path's truthiness, a path compared with a
    /// literal (`negated` for `not` and `!=`), or any other expression.
    ///
    /// A test of a path from the data root has the same answer throughout a run: `answer` is
    /// its slot among ``DirectHTML/answerCount``, shared by every test of the same form (the
    /// customer type is tested twenty times), so that a run asks it once. -1 for loop paths.
    enum Test: Sendable {
        case truthy(Path, negated: Bool, answer: Int)
        /// `literal`: the index in ``DirectHTML/literals``.
        case equal(Path, literal: Int, negated: Bool, answer: Int)
        case general
    }

    /// A value to print: its expression and filters.
    struct Value: Sendable {
        var expression: Expression
        var filters: [Filter]
    }

    /// One node of the program: a kind, a flag, two numbers whose meaning depends on the kind,
    /// and the range of ``nodes`` that holds its children.
    struct Node: Sendable {
        enum Kind: UInt8, Sendable {
            /// `a`: the index in ``texts``.
            case text
            /// The whole content of a block, rendered when the program was compiled because it
            /// is static text alone; `a`, `b`: its offset and count in ``pool``.
            case fixed
            /// `a`: the index in ``values``; `b`: the index of its path in ``plainPaths`` when
            /// it is one printed without filters, else -1.
            case value
            /// `strong`, `em`: inline content between two tags; `a`, `b`: the indices of the
            /// opening and closing tag in ``spans``.
            case container
            case lineBreak
            /// `a`: the target anchor.
            case reference
            /// `a`: the level; `b`: the anchor or -1.
            case heading
            /// `b`: the anchor or -1.
            case paragraph
            /// `flag`: ordered; `a`: 1 when its items hold the target of a reference, else 0
            /// (the pre-pass walks only such lists: see ``markListsWithTargets()``).
            case list
            /// `b`: the anchor or -1.
            case listItem
            case table
            /// A row of static cells; `flag` when every cell is a header cell.
            case tableRow
            /// `flag`: a header cell.
            case tableCell
            /// `a`: the index in ``sections`` (which holds the title and body ranges).
            case section
            case tableOfContents
            case signatures
            /// `a`: the index in ``parties``.
            case party
            case group
            /// Its children are `branch` nodes, in order.
            case conditional
            /// `a`: the condition's index in ``expressions``, or -1 for `avv:else`.
            case branch
            /// `a`: the collection's index in ``expressions``.
            case each
        }

        var kind: Kind
        var flag = false
        var a = 0
        var b = -1
        var children: Range<Int> = 0..<0
    }

    let language: Language
    let title: [TemplateNode]
    /// Every node of the program; ``body`` is the top level. (Set, like ``pool`` and
    /// ``sections``, only by ``foldFixedContent()``.)
    private(set) var nodes: [Node]
    let body: Range<Int>
    /// The static bytes of the program.
    private(set) var pool: [UInt8]
    let texts: [TextRun]
    let spans: [Span]
    private(set) var sections: [Section]
    let values: [Value]
    let expressions: [Expression]
    /// Per expression, its ``Test`` when it is a condition.
    let tests: [Test]
    /// The literals that tests compare with.
    let literals: [DataValue]
    /// The keys of the paths from loop variables.
    let loopPaths: [[String]]
    /// The paths of values printed as they are (no filters).
    let plainPaths: [Path]
    /// The distinct tests of paths from the data root (see ``Test``).
    let answerCount: Int
    let parties: [Party]
    /// Whether the document's top level has its own `h1` (else the title is printed as one).
    let hasTitleHeading: Bool
    /// Interned anchors (ids of sections, paragraphs, list items, headings, reference targets).
    let anchorCount: Int
    /// ` id="x"` per anchor.
    let idAttributes: [Span]
    /// `#x`, `#clause-x`, `#annex-x`: where a reference to the anchor links.
    let hrefs: [Span]
    let headBeforeTitle: [UInt8]
    let headAfterTitle: [UInt8]
    let signaturesStart: [UInt8]
    /// The table of contents up to its first entry, per heading level 1–6: without and with
    /// its id.
    let tocHeads: [Span]
    /// The paths into the customer data that the document reads, and every path these start
    /// with, numbered by the template compiler (``BoundPath/slot``, parents first).
    let dataPaths: [DataPathStep]
    /// What follows a party's name: up to each line's value, and after it (with its caption).
    let partyFields: [(before: [UInt8], after: [UInt8])]
    /// The room a run starts with: the static bytes and half as much again for the values.
    var estimatedSize: Int { (headBeforeTitle.count + headAfterTitle.count + pool.count) * 3 / 2 + 4_096 }
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
        let title = HTMLEscaping.text(labels.tableOfContents)
        let tocHeads = (1...6).flatMap { level in
            [compiler.span("<nav class=\"toc\">\n<h\(level)>\(title)</h\(level)>\n<ol>\n"),
             compiler.span("<nav class=\"toc\" aria-labelledby=\"avv-toc\">\n<h\(level) id=\"avv-toc\">\(title)</h\(level)>\n<ol>\n")]
        }
        var program = DirectHTML(
            language: language, title: document.title, nodes: compiler.nodes, body: body, pool: compiler.pool,
            texts: compiler.texts, spans: compiler.spans, sections: compiler.sections, values: compiler.values,
            expressions: compiler.expressions, tests: compiler.tests, literals: compiler.literals,
            loopPaths: compiler.loopPaths, plainPaths: compiler.plainPaths,
            answerCount: compiler.answerSlots.count, parties: compiler.parties, hasTitleHeading: hasTitleHeading,
            anchorCount: compiler.anchors.count, idAttributes: ids, hrefs: hrefs,
            headBeforeTitle: Array(HTMLRenderer.headBeforeTitle(language).utf8),
            headAfterTitle: Array(HTMLRenderer.headAfterTitle.utf8),
            signaturesStart: Array(HTMLRenderer.signaturesStart(labels).utf8), tocHeads: tocHeads,
            dataPaths: document.dataPaths,
            partyFields: HTMLRenderer.partyFieldTags(labels).map { (Array($0.before.utf8), Array($0.after.utf8)) })
        program.foldFixedContent()
        program.markListsWithTargets()
        return program
    }

    /// Sets `a` of every list whose items hold an anchor that a reference points to. The
    /// pre-pass walks a list only to note where such anchors are (paragraphs inside a list do
    /// not count towards a clause's, and lists hold no sections), so it skips the others.
    mutating func markListsWithTargets() {
        var targets = [Bool](repeating: false, count: anchorCount)
        for node in nodes where node.kind == .reference { targets[node.a] = true }
        func holdsTarget(_ range: Range<Int>) -> Bool {
            range.contains { index in
                let node = nodes[index]
                switch node.kind {
                case .paragraph, .heading, .listItem:
                    if node.b >= 0, targets[node.b] { return true }
                default: break
                }
                return holdsTarget(node.children)
            }
        }
        for index in nodes.indices where nodes[index].kind == .list {
            nodes[index].a = holdsTarget(nodes[index].children) ? 1 : 0
        }
    }

    /// Renders now the content of every heading, paragraph, table cell and section title that
    /// is static text alone, and puts one ``Node/Kind/fixed`` node in its place: a run then
    /// copies the bytes instead of applying the white-space rules text by text. The bytes come
    /// from the very code a run uses (``renderedContent(_:)``); content it would decline stays
    /// as it is.
    mutating func foldFixedContent() {
        func fold(_ range: Range<Int>) -> Range<Int> {
            guard range.count > 0, range.allSatisfy({ nodes[$0].kind == .text }),
                let bytes = renderedContent(range)
            else { return range }
            let offset = pool.count
            pool.append(contentsOf: bytes)
            nodes.append(Node(kind: .fixed, a: offset, b: bytes.count))
            return (nodes.count - 1)..<nodes.count
        }
        for index in nodes.indices {
            switch nodes[index].kind {
            case .heading, .paragraph, .tableCell: nodes[index].children = fold(nodes[index].children)
            default: break
            }
        }
        for index in sections.indices {
            sections[index].title = fold(sections[index].title)
        }
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
        var nodes: [Node] = []
        var pool: [UInt8] = []
        var pooled: [PoolKey: Span] = [:]
        var texts: [TextRun] = []
        var spans: [Span] = []
        var sections: [Section] = []
        var values: [Value] = []
        var expressions: [Expression] = []
        var tests: [Test] = []
        var literals: [DataValue] = []
        var loopPaths: [[String]] = []
        var plainPaths: [Path] = []
        /// Each distinct test of a data-root path (path number, literal, negated) and its slot.
        var answerSlots: [AnswerKey: Int] = [:]
        var parties: [Party] = []
        var anchors: [String: Int] = [:]
        var anchorNames: [String] = []
        /// Section ids and their kind; every other anchor.
        var sectionKinds: [Int: CompiledSection.Kind] = [:]
        var plainAnchors: Set<Int> = []

        init(language: Language) {
            self.language = language
            self.numbering = Numbering(language: language)
        }

        /// Bytes as a dictionary key, hashed as one buffer (an array of bytes hashes them one
        /// by one).
        struct PoolKey: Hashable {
            let bytes: [UInt8]

            func hash(into hasher: inout Hasher) {
                bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
            }
        }

        /// `bytes` in the pool, once however often they are used.
        mutating func span(_ bytes: [UInt8]) -> Span {
            let key = PoolKey(bytes: bytes)
            if let span = pooled[key] { return span }
            let span = Span(offset: pool.count, count: bytes.count)
            pool.append(contentsOf: bytes)
            pooled[key] = span
            return span
        }

        mutating func span(_ text: String) -> Span { span(Array(text.utf8)) }

        /// Children placed next to each other in ``nodes``.
        mutating func place(_ children: [Node]) -> Range<Int> {
            let start = nodes.count
            nodes.append(contentsOf: children)
            return start..<nodes.count
        }

        mutating func expression(_ expression: CompiledExpression) -> Expression {
            switch expression {
            case .path(let bound):
                if case .loopVariable(let depth) = bound.root {
                    loopPaths.append(bound.segments)
                    return .loop(depth: depth, keys: loopPaths.count - 1)
                }
                // A path from the data root has its number from the template compiler.
                guard bound.root == .data, bound.slot >= 0 else { return .scoped(bound) }
                return .data(bound.slot)
            case .literal(let value): return .literal(value)
            case .list(let items): return .list(items.map { self.expression($0) })
            case .not(let inner): return .not(self.expression(inner))
            case .and(let l, let r): return .and(self.expression(l), self.expression(r))
            case .or(let l, let r): return .or(self.expression(l), self.expression(r))
            case .equal(let l, let r, let negated): return .equal(self.expression(l), self.expression(r), negated: negated)
            case .member(let l, let r, let negated): return .member(self.expression(l), self.expression(r), negated: negated)
            }
        }

        /// The expression's index in ``expressions``.
        mutating func expressionIndex(_ compiled: CompiledExpression) -> Int {
            let compiled = expression(compiled)
            expressions.append(compiled)
            tests.append(test(compiled))
            return expressions.count - 1
        }

        /// The quick form of a condition.
        mutating func test(_ condition: Expression) -> Test {
            if let path = Path(condition) {
                return .truthy(path, negated: false, answer: answerSlot(path, literal: nil, negated: false))
            }
            switch condition {
            case .not(let inner):
                if let path = Path(inner) {
                    return .truthy(path, negated: true, answer: answerSlot(path, literal: nil, negated: true))
                }
            case .equal(let left, .literal(let literal), let negated), .equal(.literal(let literal), let left, let negated):
                if let path = Path(left) {
                    literals.append(literal)
                    return .equal(path, literal: literals.count - 1, negated: negated,
                                  answer: answerSlot(path, literal: literal, negated: negated))
                }
            default: break
            }
            return .general
        }

        struct AnswerKey: Hashable {
            var path: Int
            var literal: DataValue?
            var negated: Bool
        }

        /// The slot for a test's answer: shared by the same test of the same data-root path; -1
        /// for a loop path, whose answer changes from item to item.
        mutating func answerSlot(_ path: Path, literal: DataValue?, negated: Bool) -> Int {
            guard path.data >= 0 else { return -1 }
            let key = AnswerKey(path: path.data, literal: literal, negated: negated)
            if let slot = answerSlots[key] { return slot }
            answerSlots[key] = answerSlots.count
            return answerSlots.count - 1
        }

        mutating func value(_ interpolation: CompiledInterpolation) -> Value {
            Value(expression: expression(interpolation.expression), filters: interpolation.filters)
        }

        mutating func valueNode(_ interpolation: CompiledInterpolation) -> Node {
            let value = value(interpolation)
            values.append(value)
            var plain = -1
            if value.filters.isEmpty, let path = Path(value.expression) {
                plainPaths.append(path)
                plain = plainPaths.count - 1
            }
            return Node(kind: .value, a: values.count - 1, b: plain)
        }

        mutating func parts(_ parts: [AttributePart]) -> [Part] {
            parts.map { part in
                switch part {
                case .text(let text): .text(text)
                case .value(let interpolation): .value(value(interpolation))
                }
            }
        }

        /// A conditional whose branch bodies are compiled with `body`.
        mutating func conditional(_ branches: [ConditionalBranch], _ body: (inout Compiler, [TemplateNode]) -> Range<Int>?) -> Node? {
            var compiled: [Node] = []
            for branch in branches {
                guard let children = body(&self, branch.body) else { return nil }
                let condition = branch.condition.map { expressionIndex($0) } ?? -1
                compiled.append(Node(kind: .branch, a: condition, children: children))
            }
            return Node(kind: .conditional, children: place(compiled))
        }

        mutating func loop(_ loop: CompiledLoop, body: Range<Int>) -> Node {
            Node(kind: .each, a: expressionIndex(loop.collection), children: body)
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
        mutating func anchorTables() -> ([Span], [Span])? {
            var ids: [Span] = []
            var hrefs: [Span] = []
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
                ids.append(span(" id=\"\(HTMLEscaping.attribute(id))\""))
                hrefs.append(span(HTMLEscaping.attribute(HTMLRenderer.fragment(id))))
            }
            return (ids, hrefs)
        }

        /// Whether the top level has an `h1`; nil when that depends on the data.
        static func titleHeading(in nodes: [TemplateNode]) -> Bool? {
            var found = false
            for node in nodes {
                switch node {
                case .heading(let level, _, _, _) where level <= 1: found = true
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

        mutating func blocks(_ nodes: [TemplateNode], context: Context) -> Range<Int>? {
            var out: [Node] = []
            for node in nodes {
                guard let compiled = block(node, context: context) else { return nil }
                out.append(compiled)
            }
            return place(out)
        }

        mutating func inlines(_ nodes: [TemplateNode], context: Context) -> Range<Int>? {
            var out: [Node] = []
            for node in nodes {
                guard let compiled = inline(node, context: context) else { return nil }
                out.append(compiled)
            }
            return place(out)
        }

        static let empty = Node(kind: .group)

        /// A node in block position (section bodies, the top level).
        mutating func block(_ node: TemplateNode, context: Context) -> Node? {
            switch node {
            case .heading(let level, let anchor, let content, _):
                guard let content = inlines(content, context: context) else { return nil }
                return Node(kind: .heading, a: level, b: self.anchor(anchor), children: content)
            case .paragraph(let anchor, let content, _):
                guard let content = inlines(content, context: context) else { return nil }
                return Node(kind: .paragraph, b: self.anchor(anchor), children: content)
            case .list(let ordered, let items):
                var inner = context
                inner.inList = true
                guard let items = logic(items, context: inner, { compiler, item, context in
                    guard case .listItem(let anchor, let content, _) = item else { return Self.empty }
                    guard let flow = compiler.flow(content, context: context) else { return nil }
                    return Node(kind: .listItem, b: compiler.anchor(anchor), children: flow)
                }) else { return nil }
                return Node(kind: .list, flag: ordered, children: items)
            case .table(let rows):
                var columns: Int?
                guard let rows = logic(rows, context: context, { compiler, row, context in
                    guard case .tableRow(let cells) = row else { return Self.empty }
                    var compiledCells: [Node] = []
                    var allHeaders = true
                    for cell in cells {
                        // Cells under avv:if or avv:each would change the columns per row.
                        guard case .tableCell(let header, let content) = cell,
                            let content = compiler.inlines(content, context: context)
                        else { return nil }
                        allHeaders = allHeaders && header
                        compiledCells.append(Node(kind: .tableCell, flag: header, children: content))
                    }
                    guard !cells.isEmpty, columns == nil || columns == cells.count else { return nil }
                    columns = cells.count
                    return Node(kind: .tableRow, flag: allHeaders, children: compiler.place(compiledCells))
                }) else { return nil }
                return Node(kind: .table, children: rows)
            case .section(let section):
                return self.section(section, context: context)
            case .tableOfContents:
                return Node(kind: .tableOfContents)
            case .signatures(let parties):
                guard let parties = logic(parties, context: context, { compiler, node, context in
                    guard case .party(let party) = node else { return Self.empty }
                    guard let name = compiler.inlines(party.name, context: context) else { return nil }
                    compiler.parties.append(Party(
                        role: compiler.parts(party.role), place: party.place.map { compiler.parts($0) },
                        signatory: party.signatory.map { compiler.parts($0) },
                        function: party.function.map { compiler.parts($0) }, name: name))
                    return Node(kind: .party, a: compiler.parties.count - 1)
                }) else { return nil }
                return Node(kind: .signatures, children: parties)
            case .group(let children):
                return blocks(children, context: context).map { Node(kind: .group, children: $0) }
            case .conditional(let branches):
                return conditional(branches) { compiler, body in compiler.blocks(body, context: context) }
            case .each(let loop):
                var inner = context
                inner.inLoop = true
                guard let body = blocks(loop.body, context: inner) else { return nil }
                return self.loop(loop, body: body)
            case .text, .value, .strong, .emphasis, .link, .lineBreak, .reference, .listItem, .tableRow,
                 .tableCell, .party:
                // Not rendered in block position (see Renderer.renderBlock).
                return Self.empty
            }
        }

        /// List-item content: runs of inline content become paragraphs, blocks stay blocks.
        mutating func flow(_ nodes: [TemplateNode], context: Context) -> Range<Int>? {
            var out: [Node] = []
            for node in nodes {
                let compiled: Node?
                switch node {
                case .paragraph, .list, .table, .heading: compiled = block(node, context: context)
                case .group(let children): compiled = flow(children, context: context).map { Node(kind: .group, children: $0) }
                case .conditional(let branches):
                    compiled = conditional(branches) { compiler, body in compiler.flow(body, context: context) }
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
            return place(out)
        }

        mutating func inline(_ node: TemplateNode, context: Context) -> Node? {
            switch node {
            case .text(let raw):
                let text = StaticText(raw)
                texts.append(TextRun(bytes: span(text.bytes), shape: text.shape))
                return Node(kind: .text, a: texts.count - 1)
            case .value(let interpolation): return valueNode(interpolation)
            case .strong(let children):
                return inlines(children, context: context).map { container("<strong>", "</strong>", $0) }
            case .emphasis(let children):
                return inlines(children, context: context).map { container("<em>", "</em>", $0) }
            case .lineBreak: return Node(kind: .lineBreak)
            case .reference(let target, _): return Node(kind: .reference, a: intern(target))
            case .group(let children): return inlines(children, context: context).map { Node(kind: .group, children: $0) }
            case .conditional(let branches):
                return conditional(branches) { compiler, body in compiler.inlines(body, context: context) }
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
                return Self.empty
            }
        }

        mutating func container(_ open: String, _ close: String, _ children: Range<Int>) -> Node {
            spans.append(span(open))
            spans.append(span(close))
            return Node(kind: .container, a: spans.count - 2, b: spans.count - 1, children: children)
        }

        /// Groups, conditions and loops around the children of a list, table or signature
        /// block, compiled with `child` for each child.
        mutating func logic(
            _ nodes: [TemplateNode], context: Context, _ child: (inout Compiler, TemplateNode, Context) -> Node?
        ) -> Range<Int>? {
            var out: [Node] = []
            for node in nodes {
                let compiled: Node?
                switch node {
                case .group(let children):
                    compiled = logic(children, context: context, child).map { Node(kind: .group, children: $0) }
                case .conditional(let branches):
                    compiled = conditional(branches) { compiler, body in compiler.logic(body, context: context, child) }
                case .each(let loop):
                    var inner = context
                    inner.inLoop = true
                    compiled = logic(loop.body, context: inner, child).map { self.loop(loop, body: $0) }
                default: compiled = child(&self, node, context)
                }
                guard let compiled else { return nil }
                out.append(compiled)
            }
            return place(out)
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
            sections.append(Section(
                kind: section.kind, anchor: anchor,
                openWithID: span("<section class=\"\(className)\" id=\"\(HTMLEscaping.attribute(htmlID))\">\n<h\(level)><span class=\"number\">"),
                openWithoutID: span("<section class=\"\(className)\">\n<h\(level)><span class=\"number\">"),
                afterNumber: span("</span>\(HTMLEscaping.text(separator))"),
                title: title, headingClose: span("</h\(level)>\n"), level: level, body: body,
                tocBeforeNumber: span("<li class=\"depth-\(min(context.sectionDepth, 3))\"><a href=\"\(href)\"><span class=\"number\">"),
                tocAfterNumber: span("</span> <span class=\"title\">\(HTMLEscaping.text(TextLayout.oneLine(titleText)))</span></a></li>\n")))
            return Node(kind: .section, a: sections.count - 1)
        }
    }
}
