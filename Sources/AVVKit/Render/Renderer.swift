/// Renders a compiled template with customer data into a ``Document``: evaluates logic,
/// formats values, numbers clauses, paragraphs and list items, and resolves references.
///
/// Rendering never parses: it walks the compiled tree once, then resolves references in a
/// second pass over the (small) rendered tree.
struct Renderer {
    struct Scope {
        var value: DataValue
        /// The data path of the list, e.g. `subprocessors`.
        var listPath: String
        var index: Int
        var count: Int
        /// The entry stands for every entry of a list a blank form leaves blank.
        var blankEntry = false

        /// The concrete data path of the loop variable, e.g. `subprocessors[2]` (in a blank
        /// form `subprocessors[]`): made only when a message or a label needs it.
        var path: String { blankEntry ? listPath + "[]" : "\(listPath)[\(index)]" }
    }

    /// Where an anchor sits, for its reference label.
    private struct AnchorPlace {
        var section: (kind: CompiledSection.Kind, number: Int, id: String)?
        var paragraph: Int?
        var items: [(n: Int, depth: Int)]
        var heading: String?
        var htmlAnchor: String
    }

    /// A blank form: the fields below one data root (the customer) are left as labelled
    /// lines to fill in by hand, and parts that depend on them get a tick box.
    struct BlankForm: Sendable {
        /// The data root left blank, e.g. `controller`.
        var root: String
        /// The label of a field by its path with `[]` for list entries
        /// (`controller.address.city`, `controller.dataCategories[]`).
        var labels: [String: String]

        func contains(_ path: String) -> Bool {
            path == root || path.hasPrefix(root + ".") || path.hasPrefix(root + "[")
        }

        func label(_ path: String) -> String {
            let generic = path.replacingOccurrences(of: #"\[[0-9]*\]"#, with: "[]", options: .regularExpression)
            return labels[generic] ?? labels[String(generic.prefix { $0 != "[" })] ?? generic
        }
    }

    let language: Language
    let numbering: Numbering
    var blank: BlankForm?
    /// Set while rendering an optional branch of a blank form: the next text gets a tick box.
    private var tickPending = false
    let data: DataValue
    let builtins: DataValue
    /// The value of each of the document's data paths (``BoundPath/slot``), nil for a path to
    /// nothing; empty when the renderer was made without them (paths are then walked).
    private let dataValues: [DataValue?]
    /// The enclosing loops, innermost last (the direct HTML path pushes its own).
    var scopes: [Scope] = []
    private(set) var diagnostics: [Diagnostic] = []

    private var clauseCount = 0
    private var annexCount = 0
    private var currentSection: (kind: CompiledSection.Kind, number: Int, id: String)?
    private var paragraphCount = 0
    /// Ordinals of the enclosing ordered-list items, outermost first.
    private var itemStack: [(n: Int, depth: Int)] = []
    private var orderedDepth = 0
    /// How many lists (ordered or not) enclose the current node.
    private var listDepth = 0
    private var anchors: [String: AnchorPlace] = [:]
    /// Anchors of the current clause whose label depends on whether its paragraphs end
    /// up numbered (known when the clause ends).
    private var pendingSectionAnchors: [String] = []
    private var numberedSections: Set<Int> = []

    /// - Parameter dataPaths: the path table of the compiled document whose nodes this
    ///   renderer renders (``TemplateCompiler/CompiledDocument/dataPaths``): their slots index
    ///   it. Without it, every path is walked.
    /// - Parameter anchorCount: how many anchors the document registers, at most (room for
    ///   them, so that their table does not grow while the document renders).
    init(language: Language, data: DataValue, builtins: DataValue, dataPaths: [DataPathStep] = [], anchorCount: Int = 0) {
        self.language = language
        anchors.reserveCapacity(anchorCount)
        self.numbering = Numbering(language: language)
        self.data = data
        self.builtins = builtins
        // Each path once, one key below its parent's value: a document reads the same fields
        // again and again (the customer's name, its type in many conditions).
        var values: [DataValue?] = []
        values.reserveCapacity(dataPaths.count)
        for step in dataPaths {
            let parent = step.parent < 0 ? data : values[step.parent]
            values.append(parent?[step.key])
        }
        dataValues = values
    }

    // MARK: Entry

    mutating func render(title: [TemplateNode], body: [TemplateNode]) -> (title: String, blocks: [Block]) {
        let titleText = inlines(title).plainText
        var blocks: [Block] = []
        blocks.reserveCapacity(body.count)
        // The blocks of each top-level node (a clause, mostly) that rendered a reference:
        // only those are walked to resolve them.
        var referring: [Range<Int>] = []
        for node in body {
            let start = blocks.count, references = pendingReferences.count
            renderBlock(node, into: &blocks)
            if pendingReferences.count > references { referring.append(start..<blocks.count) }
        }
        for range in referring {
            for index in range { resolve(&blocks[index]) }
        }
        return (titleText, blocks)
    }

    // MARK: Blocks

    private mutating func renderBlocks(_ nodes: [TemplateNode], into blocks: inout [Block]) {
        for node in nodes { renderBlock(node, into: &blocks) }
    }

    private mutating func renderBlock(_ node: TemplateNode, into blocks: inout [Block]) {
        switch node {
        case .group(let children):
            renderBlocks(children, into: &blocks)
        case .conditional(let branches):
            forChosen(branches) { renderer, branch in renderer.renderBlocks(branch.body, into: &blocks) }
        case .each(let loop):
            forEach(loop) { renderer in renderer.renderBlocks(loop.body, into: &blocks) }
        case .heading(let level, let anchor, let content, let fixed):
            let heading: Heading
            if let fixed = usable(fixed) {
                heading = Heading(level: level, fixed: fixed, anchor: anchor)
                if let anchor { register(anchor, heading: fixed.plainText) }
            } else {
                heading = Heading(level: level, content: inlines(content), anchor: anchor)
                if let anchor { register(anchor, heading: heading.content.plainText) }
            }
            blocks.append(.heading(heading))
        case .paragraph(let anchor, let content, let fixed):
            var paragraph = if let fixed = usable(fixed) {
                Paragraph(anchor: anchor, fixed: fixed)
            } else {
                Paragraph(anchor: anchor, content: inlines(content))
            }
            if currentSection?.kind == .clause, listDepth == 0 {
                paragraphCount += 1
                // Marked as numbered; the clause's paragraphs are numbered in order when it ends.
                paragraph.number = ""
            }
            if let anchor { register(anchor) }
            blocks.append(.paragraph(paragraph))
        case .list(let ordered, let items):
            blocks.append(.list(renderList(ordered: ordered, items)))
        case .table(let rows):
            var tableRows: [TableRow] = []
            tableRows.reserveCapacity(rows.count)
            renderRows(rows, into: &tableRows)
            blocks.append(.table(Table(rows: tableRows)))
        case .section(let section):
            blocks.append(renderSection(section))
        case .tableOfContents:
            blocks.append(.tableOfContents)
        case .signatures(let parties):
            var rendered: [Party] = []
            renderParties(parties, into: &rendered)
            blocks.append(.signatures(Signatures(parties: rendered)))
        case .text, .value, .strong, .emphasis, .link, .lineBreak, .reference, .listItem, .tableRow, .tableCell, .party:
            // The compiler only lets inline content stand in inline positions.
            break
        }
    }

    private mutating func renderSection(_ section: CompiledSection) -> Block {
        let number: Int
        switch section.kind {
        case .clause:
            clauseCount += 1
            number = clauseCount
        case .annex:
            annexCount += 1
            number = annexCount
        }
        let outer = (currentSection, paragraphCount, pendingSectionAnchors)
        currentSection = (section.kind, number, section.id)
        paragraphCount = 0
        pendingSectionAnchors = []
        let sectionAnchor = (section.kind == .clause ? "clause-" : "annex-") + section.id
        anchors[section.id] = AnchorPlace(section: currentSection, paragraph: nil, items: [], heading: nil, htmlAnchor: sectionAnchor)
        let title = inlines(section.title)
        // Room for a block per node: the common case, so that the array does not grow.
        var body: [Block] = []
        body.reserveCapacity(section.body.count)
        renderBlocks(section.body, into: &body)
        if section.kind == .clause {
            let numbered = paragraphCount >= 2
            if numbered { numberedSections.insert(number) }
            // In place: the other blocks are neither copied nor retained again. The marked
            // paragraphs stand in the body in the order they were counted.
            var n = 0
            for index in body.indices {
                guard case .paragraph(var p) = body[index], p.number != nil else { continue }
                n += 1
                p.number = numbered ? numbering.paragraphNumber(clause: number, n) : nil
                body[index] = .paragraph(p)
            }
        }
        (currentSection, paragraphCount, pendingSectionAnchors) = outer
        let result = Section(
            id: section.id, number: numbering.sectionNumber(section.kind, number), title: title,
            covers: section.covers, blocks: body, source: section.location)
        return section.kind == .clause ? .clause(result) : .annex(result)
    }

    private mutating func renderList(ordered: Bool, _ nodes: [TemplateNode]) -> ListBlock {
        if ordered { orderedDepth += 1 }
        listDepth += 1
        defer {
            if ordered { orderedDepth -= 1 }
            listDepth -= 1
        }
        var items: [ListItem] = []
        items.reserveCapacity(nodes.count)
        renderItems(nodes, ordered: ordered, into: &items)
        return ListBlock(ordered: ordered, items: items)
    }

    private mutating func renderItems(_ nodes: [TemplateNode], ordered: Bool, into items: inout [ListItem]) {
        expand(nodes) { renderer, node in
            guard case .listItem(let anchor, let content, let fixed) = node else { return }
            let n = items.count + 1
            if ordered { renderer.itemStack.append((n, renderer.orderedDepth)) }
            if let anchor { renderer.register(anchor) }
            let blocks: [Block] = if let fixed = renderer.usable(fixed) {
                [.paragraph(Paragraph(anchor: nil, fixed: fixed))]
            } else {
                renderer.renderFlow(content)
            }
            if ordered { renderer.itemStack.removeLast() }
            items.append(ListItem(label: ordered ? renderer.numbering.itemLabel(n, depth: renderer.orderedDepth) : nil,
                                  anchor: anchor, blocks: blocks))
        }
    }

    private mutating func renderFlow(_ nodes: [TemplateNode]) -> [Block] {
        var blocks: [Block] = []
        var run: [Inline] = []
        func flush() {
            Self.trim(&run)
            if !run.isEmpty { blocks.append(.paragraph(Paragraph(content: run))) }
            run = []
        }
        expand(nodes) { renderer, node in
            switch node {
            case .paragraph, .list, .table, .heading:
                flush()
                renderer.renderBlock(node, into: &blocks)
            default:
                renderer.renderInline(node, into: &run)
            }
        }
        flush()
        return blocks
    }

    private mutating func renderRows(_ nodes: [TemplateNode], into rows: inout [TableRow]) {
        expand(nodes) { renderer, node in
            guard case .tableRow(let cells) = node else { return }
            var rendered: [TableCell] = []
            renderer.expand(cells) { renderer, cell in
                guard case .tableCell(let header, let content) = cell else { return }
                rendered.append(TableCell(isHeader: header, content: renderer.inlines(content)))
            }
            rows.append(TableRow(cells: rendered))
        }
    }


    private mutating func renderParties(_ nodes: [TemplateNode], into parties: inout [Party]) {
        expand(nodes) { renderer, node in
            if case .party(let party) = node { parties.append(renderer.renderParty(party)) }
        }
    }

    private mutating func renderParty(_ party: CompiledParty) -> Party {
        Party(
            role: attribute(party.role),
            name: inlines(party.name),
            place: party.place.map { attribute($0) },
            signatory: party.signatory.map { attribute($0) },
            function: party.function.map { attribute($0) })
    }

    // MARK: Anchors and references

    private mutating func register(_ anchor: String, heading: String? = nil) {
        anchors[anchor] = AnchorPlace(
            section: currentSection,
            paragraph: currentSection?.kind == .clause && paragraphCount > 0 ? paragraphCount : nil,
            items: itemStack, heading: heading, htmlAnchor: anchor)
    }

    private mutating func label(for target: String, at location: SourceLocation) -> (label: String, anchor: String)? {
        guard let place = anchors[target] else {
            diagnostics.append(Diagnostic(
                .error, .unknownReference,
                "the reference to '\(target)' cannot be resolved: that part is not in the document for this data (its avv:if does not hold)",
                at: location, length: target.count))
            return nil
        }
        guard let section = place.section else {
            if let heading = place.heading { return (heading, place.htmlAnchor) }
            diagnostics.append(Diagnostic(
                .error, .unknownReference,
                "the reference to '\(target)' cannot be resolved: it stands outside any clause or annex and has no number",
                at: location, length: target.count))
            return nil
        }
        let label = numbering.referenceLabel(
            section: (section.kind, section.number), paragraph: place.paragraph,
            paragraphsNumbered: numberedSections.contains(section.number) && section.kind == .clause,
            items: place.items)
        return (label, place.htmlAnchor)
    }

    /// References are rendered as placeholders (target in `anchor`, location index in
    /// `label`) and resolved once every number is known (``render(title:body:)``).
    private var pendingReferences: [SourceLocation] = []

    // One walk that changes only what holds a reference, in place: a block is taken out of
    // its array (a placeholder stands in) while it changes, so that it and what it holds are
    // owned once and nothing is copied. Copying every block that held a reference, with the
    // arrays around it, cost a tenth of rendering.

    private mutating func resolve(_ blocks: inout [Block]) {
        for index in blocks.indices { resolve(&blocks[index]) }
    }

    private mutating func resolve(_ block: inout Block) {
        switch block {
        case .heading(var h):
            guard Self.holdsReference(h.content) else { return }
            block = .tableOfContents
            resolve(&h.content)
            block = .heading(h)
        case .paragraph(var p):
            guard Self.holdsReference(p.content) else { return }
            block = .tableOfContents
            resolve(&p.content)
            block = .paragraph(p)
        case .list(var l):
            block = .tableOfContents
            for index in l.items.indices { resolve(&l.items[index].blocks) }
            block = .list(l)
        case .table(var t):
            block = .tableOfContents
            for row in t.rows.indices {
                for cell in t.rows[row].cells.indices where Self.holdsReference(t.rows[row].cells[cell].content) {
                    resolve(&t.rows[row].cells[cell].content)
                }
            }
            block = .table(t)
        case .clause(var s), .annex(var s):
            let isClause: Bool = if case .clause = block { true } else { false }
            block = .tableOfContents
            if Self.holdsReference(s.title) { resolve(&s.title) }
            resolve(&s.blocks)
            block = isClause ? .clause(s) : .annex(s)
        case .signatures(var s):
            block = .tableOfContents
            for index in s.parties.indices where Self.holdsReference(s.parties[index].name) {
                resolve(&s.parties[index].name)
            }
            block = .signatures(s)
        case .tableOfContents:
            return
        }
    }

    private mutating func resolve(_ inlines: inout [Inline]) {
        for index in inlines.indices {
            switch inlines[index] {
            case .reference(let label, let target):
                let location = pendingReferences[Int(label)!]
                if let (label, anchor) = self.label(for: target, at: location) {
                    inlines[index] = .reference(label: label, anchor: anchor)
                } else {
                    inlines[index] = .text(target)
                }
            case .strong(var c):
                guard Self.holdsReference(c) else { continue }
                inlines[index] = .lineBreak
                resolve(&c)
                inlines[index] = .strong(c)
            case .emphasis(var c):
                guard Self.holdsReference(c) else { continue }
                inlines[index] = .lineBreak
                resolve(&c)
                inlines[index] = .emphasis(c)
            case .link(let href, var c):
                guard Self.holdsReference(c) else { continue }
                inlines[index] = .lineBreak
                resolve(&c)
                inlines[index] = .link(href: href, content: c)
            case .text, .lineBreak, .fillIn:
                continue
            }
        }
    }

    private static func holdsReference(_ inlines: [Inline]) -> Bool {
        inlines.contains { inline in
            switch inline {
            case .reference: true
            case .strong(let c), .emphasis(let c), .link(_, let c): holdsReference(c)
            case .text, .lineBreak, .fillIn: false
            }
        }
    }

    // MARK: Fixed content

    /// The content of `nodes` rendered once, when it is the same for every document: only text,
    /// line breaks and markup around them, links with a fixed target. Nil when anything in it
    /// needs data or the document (a value, a reference, a condition, a loop) or is empty.
    ///
    /// Such content depends on nothing but itself: rendering it here, with no data, gives what
    /// rendering it in a document does, except where a blank form puts a tick box before
    /// the next text (``usable(_:)``).
    static func fixedContent(_ nodes: [TemplateNode]) -> FixedContent? {
        func isFixed(_ node: TemplateNode) -> Bool {
            switch node {
            case .text, .lineBreak: true
            case .strong(let children), .emphasis(let children), .group(let children): children.allSatisfy(isFixed)
            case .link(let href, let children):
                href.allSatisfy { if case .text = $0 { true } else { false } } && children.allSatisfy(isFixed)
            default: false
            }
        }
        guard nodes.allSatisfy(isFixed) else { return nil }
        var renderer = Renderer(language: .de, data: .null, builtins: .null)
        let content = renderer.inlines(nodes)
        return content.isEmpty ? nil : FixedContent(content)
    }

    /// `fixed`, unless a tick box waits for the next text (a blank form's optional part).
    private func usable(_ fixed: FixedContent?) -> FixedContent? {
        tickPending ? nil : fixed
    }

    // MARK: Inlines

    private mutating func inlines(_ nodes: [TemplateNode]) -> [Inline] {
        // A node gives at most two inlines (a blank gives its text and the blank), and most
        // give one or none: room for one per node, so that the array does not grow.
        var out: [Inline] = []
        out.reserveCapacity(nodes.count)
        for node in nodes { renderInline(node, into: &out) }
        Self.trim(&out)
        return out
    }

    private mutating func renderInline(_ node: TemplateNode, into out: inout [Inline]) {
        switch node {
        case .text(let text):
            appendText(text, to: &out)
        case .value(let interpolation):
            if let blank, let path = lookup(interpolation.expression).1, blank.contains(path) {
                appendText("", to: &out)
                out.append(.fillIn(label: blank.label(path)))
            } else if let text = format(interpolation) {
                appendText(Self.isolated(text), to: &out)
            }
        case .strong(let children):
            var inner: [Inline] = []
            for child in children { renderInline(child, into: &inner) }
            out.append(.strong(inner))
        case .emphasis(let children):
            var inner: [Inline] = []
            for child in children { renderInline(child, into: &inner) }
            out.append(.emphasis(inner))
        case .link(let href, let children):
            var inner: [Inline] = []
            for child in children { renderInline(child, into: &inner) }
            out.append(.link(href: attribute(href, isolating: false), content: inner))
        case .lineBreak:
            out.append(.lineBreak)
        case .reference(let target, let location):
            pendingReferences.append(location)
            out.append(.reference(label: String(pendingReferences.count - 1), anchor: target))
        case .group(let children):
            for child in children { renderInline(child, into: &out) }
        case .conditional(let branches):
            forChosen(branches) { renderer, branch in
                // An optional part inside a sentence is bracketed: "[☐ … ]".
                guard renderer.tickPending else {
                    for child in branch.body { renderer.renderInline(child, into: &out) }
                    return
                }
                renderer.tickPending = false
                var inner: [Inline] = []
                for child in branch.body { renderer.renderInline(child, into: &inner) }
                // A part that starts on a new line gets its bracket on that line.
                if case .lineBreak? = inner.first {
                    out.append(.lineBreak)
                    inner.removeFirst()
                    renderer.appendText("[☐ ", to: &out)
                } else {
                    renderer.appendText(" [☐ ", to: &out)
                }
                for piece in inner {
                    if case .text(let t) = piece { renderer.appendText(t, to: &out) } else { out.append(piece) }
                }
                renderer.appendText("]", to: &out)
            }
        case .each(let loop):
            forEach(loop) { renderer in
                for child in loop.body { renderer.renderInline(child, into: &out) }
            }
        default:
            break
        }
    }

    /// A value that carries bidi controls or right-to-left letters, between U+2068 FIRST
    /// STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE: whatever it contains (an unclosed
    /// U+202E RIGHT-TO-LEFT OVERRIDE, an Arabic name) then reorders only itself, never the
    /// contract text around it, in the HTML and in the text alike. Other values are unchanged.
    static func isolated(_ text: String) -> String {
        // Every scalar that needs isolation is U+0590 or above: its UTF-8 starts at 0xD6.
        guard mayNeedIsolation(text), text.unicodeScalars.contains(where: needsIsolation) else { return text }
        return "\u{2068}" + text + "\u{2069}"
    }

    /// False when no scalar of `text` can need isolation: all are below U+0590, so no UTF-8
    /// byte reaches 0xD6.
    static func mayNeedIsolation(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where byte >= 0xD6 { return true }
            return false
        } ?? true
    }

    private static func needsIsolation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200E, 0x200F, 0x061C,  // marks
             0x202A...0x202E, 0x2066...0x2069,  // embeddings, overrides, isolates
             0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF,  // Hebrew, Arabic, Syriac, Thaana, N'Ko …
             0x10800...0x10FFF, 0x1E800...0x1EFFF:  // historic and Adlam right-to-left scripts
            return true
        default:
            return false
        }
    }

    private mutating func appendText(_ text: String, to out: inout [Inline]) {
        var text = text
        if tickPending, !text.trimmingCharacters(in: .whitespaces).isEmpty || text.isEmpty {
            text = "☐ " + text.drop { $0 == " " }
            tickPending = false
        }
        guard !text.isEmpty else { return }
        if case .text? = out.last, case .text(var previous) = out.removeLast() {
            // Taken out of the array, the run is uniquely owned and grows in place.
            // One space where static text and values meet with spaces on both sides.
            if previous.endsWithSpaceCharacter, text.startsWithSpaceCharacter {
                previous += text.dropFirst()
            } else {
                previous += text
            }
            out.append(.text(previous))
        } else {
            out.append(.text(text))
        }
    }

    /// Removes leading and trailing spaces of a block's content.
    static func trim(_ inlines: inout [Inline]) {
        if case .text(let t)? = inlines.first, t.startsWithSpaceCharacter {
            let rest = String(t.drop(while: { $0 == " " }))
            if rest.isEmpty { inlines.removeFirst() } else { inlines[0] = .text(rest) }
        }
        if case .text(let t)? = inlines.last, t.endsWithSpaceCharacter, case .text(var t) = inlines.removeLast() {
            while t.last == " " { t.removeLast() }
            if !t.isEmpty { inlines.append(.text(t)) }
        }
    }

    private mutating func attribute(_ parts: [AttributePart], isolating: Bool = true) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .value(let interpolation):
                if let blank, let path = lookup(interpolation.expression).1, blank.contains(path) { continue }
                let text = format(interpolation) ?? ""
                out += isolating ? Self.isolated(text) : text
            }
        }
        return out.trimmingWhitespaces
    }

    private mutating func format(_ interpolation: CompiledInterpolation) -> String? {
        // The value without its path first: the path is only needed for a message.
        let found: DataValue?
        if case .path(let bound) = interpolation.expression { found = value(of: bound) } else { found = nil }
        let (value, knownPath) = found.map { ($0, nil) } ?? lookup(interpolation.expression)
        guard let value, value != .null else {
            let path = knownPath ?? lookup(interpolation.expression).1
            diagnostics.append(Diagnostic(
                .error, .missingValue,
                "missing value: '\(path ?? interpolation.source)' is not in the data, but the template prints it here",
                at: interpolation.location, length: interpolation.source.count + 4, fieldPath: path))
            return nil
        }
        let result = Self.formatted(value, filters: interpolation.filters, language: language)
        switch result {
        case .success(let text):
            return text
        case .failure(let error):
            let path = knownPath ?? lookup(interpolation.expression).1
            diagnostics.append(Diagnostic(
                .error, .filterFailed, "\(path ?? interpolation.source): \(error.message)",
                at: interpolation.location, length: interpolation.source.count + 4, fieldPath: path))
            return nil
        }
    }

    /// A value as printed: through the filters in order, or shown as it is without any.
    static func formatted(_ value: DataValue, filters: [Filter], language: Language) -> Result<String, FilterError> {
        guard !filters.isEmpty else { return Filter.display(value, language: language) }
        var current = value
        var result: Result<String, FilterError> = .success("")
        for filter in filters {
            result = Filter.apply(filter, to: current, language: language)
            guard case .success(let s) = result else { break }
            current = .string(s)
        }
        return result
    }

    // MARK: Evaluation

    /// Calls `visit` for every node, resolving groups, conditions and loops in place: the
    /// one place where logic nodes are walked for lists, tables and signatures.
    private mutating func expand(_ nodes: [TemplateNode], _ visit: (inout Renderer, TemplateNode) -> Void) {
        for node in nodes {
            switch node {
            case .group(let children):
                expand(children, visit)
            case .conditional(let branches):
                forChosen(branches) { renderer, branch in renderer.expand(branch.body, visit) }
            case .each(let loop):
                forEach(loop) { renderer in renderer.expand(loop.body, visit) }
            default:
                visit(&self, node)
            }
        }
    }

    /// Where the renderer records each branch it takes, when asked to (coverage runs).
    var takenBranches: Set<SourceLocation>?

    /// Renders the branch whose condition holds (the first; an `avv:else` always does).
    ///
    /// In a blank form, a branch whose condition depends on what the customer fills in is
    /// optional: it is rendered with a tick box, and the branches after it too.
    mutating func forChosen(_ branches: [ConditionalBranch], _ body: (inout Renderer, ConditionalBranch) -> Void) {
        var optional = false
        for branch in branches {
            let holds: Bool?
            if let condition = branch.condition { holds = known(condition).map(\.isTruthy) } else { holds = true }
            switch holds {
            case true?:
                takenBranches?.insert(branch.location)
                // After an optional branch, the one that holds otherwise is an alternative.
                tickPending = optional
                body(&self, branch)
                tickPending = false
                return
            case false?:
                continue
            case nil:
                optional = true
                tickPending = true
                body(&self, branch)
                tickPending = false
            }
        }
    }

    private mutating func forEach(_ loop: CompiledLoop, body: (inout Renderer) -> Void) {
        let (value, path) = lookup(loop.collection)
        if let blank, let path, blank.contains(path) {
            scopes.append(Scope(value: .null, listPath: path, index: 0, count: 1, blankEntry: true))
            body(&self)
            scopes.removeLast()
            return
        }
        guard case .array(let elements)? = value else {
            let shown = path ?? "the list"
            diagnostics.append(Diagnostic(
                .error, .missingValue,
                value == nil || value == .null
                    ? "missing value: '\(shown)' is not in the data, but the template lists its entries here"
                    : "'\(shown)' is not a list", at: loop.location, fieldPath: path))
            return
        }
        for (index, element) in elements.enumerated() {
            scopes.append(Scope(value: element, listPath: path ?? "", index: index, count: elements.count))
            body(&self)
            scopes.removeLast()
        }
    }

    /// The value of an expression that must name a value, with its concrete data path.
    private func lookup(_ expression: CompiledExpression) -> (DataValue?, String?) {
        if case .path(let bound) = expression { return resolve(bound) }
        return (evaluate(expression), nil)
    }

    private func resolve(_ bound: BoundPath) -> (DataValue?, String?) {
        var value: DataValue
        var path: String
        switch bound.root {
        case .data:
            value = data
            path = ""
        case .builtin:
            value = builtins
            path = "avv"
        case .loopVariable(let depth):
            let scope = scopes[scopes.count - 1 - depth]
            value = scope.value
            path = scope.path
        case .loopInfo:
            let scope = scopes[scopes.count - 1]
            value = .object([
                "index": .integer(scope.index + 1), "first": .bool(scope.index == 0),
                "last": .bool(scope.index == scope.count - 1), "count": .integer(scope.count),
            ])
            path = "loop"
        }
        for (i, segment) in bound.segments.enumerated() {
            path = path.isEmpty ? segment : path + "." + segment
            guard let next = value[segment] else {
                // The whole path, so that messages and blank-form labels name the field.
                for rest in bound.segments[(i + 1)...] { path += "." + rest }
                return (nil, path)
            }
            value = next
        }
        return (value, path)
    }

    /// The value a bound path names, or nil; unlike ``resolve(_:)`` it builds no path text,
    /// which only messages and blank-form labels need.
    func value(of bound: BoundPath) -> DataValue? {
        var value: DataValue
        switch bound.root {
        case .data:
            if bound.slot >= 0, bound.slot < dataValues.count { return dataValues[bound.slot] }
            value = data
        case .builtin:
            value = builtins
        case .loopVariable(let depth):
            value = scopes[scopes.count - 1 - depth].value
        case .loopInfo:
            let scope = scopes[scopes.count - 1]
            guard bound.segments.count == 1 else { return resolve(bound).0 }
            switch bound.segments[0] {
            case "index": return .integer(scope.index + 1)
            case "first": return .bool(scope.index == 0)
            case "last": return .bool(scope.index == scope.count - 1)
            case "count": return .integer(scope.count)
            default: return nil
            }
        }
        for segment in bound.segments {
            guard let next = value[segment] else { return nil }
            value = next
        }
        return value
    }

    /// The value of an expression, or nil when it depends on a field left blank.
    func known(_ expression: CompiledExpression) -> DataValue? {
        guard let blank else { return evaluate(expression) }
        switch expression {
        case .path(let bound):
            let (value, path) = resolve(bound)
            if let path, blank.contains(path) { return nil }
            return value ?? .null
        case .literal(let value):
            return value
        case .list(let elements):
            var values: [DataValue] = []
            for e in elements {
                guard let v = known(e) else { return nil }
                values.append(v)
            }
            return .array(values)
        case .not(let inner):
            return known(inner).map { .bool(!$0.isTruthy) }
        case .and(let l, let r):
            let (a, b) = (known(l)?.isTruthy, known(r)?.isTruthy)
            if a == false || b == false { return .bool(false) }
            return a == nil || b == nil ? nil : .bool(true)
        case .or(let l, let r):
            let (a, b) = (known(l)?.isTruthy, known(r)?.isTruthy)
            if a == true || b == true { return .bool(true) }
            return a == nil || b == nil ? nil : .bool(false)
        case .equal(let l, let r, _), .member(let l, let r, _):
            guard known(l) != nil, known(r) != nil else { return nil }
            return evaluate(expression)
        }
    }

    func evaluate(_ expression: CompiledExpression) -> DataValue {
        switch expression {
        case .path(let bound):
            return value(of: bound) ?? .null
        case .literal(let value):
            return value
        case .list(let elements):
            return .array(elements.map(evaluate))
        case .not(let inner):
            return .bool(!evaluate(inner).isTruthy)
        case .and(let l, let r):
            return .bool(evaluate(l).isTruthy && evaluate(r).isTruthy)
        case .or(let l, let r):
            return .bool(evaluate(l).isTruthy || evaluate(r).isTruthy)
        case .equal(let l, let r, let negated):
            return .bool(Self.equal(evaluate(l), evaluate(r)) != negated)
        case .member(let element, let collection, let negated):
            return .bool(Self.isMember(evaluate(element), of: evaluate(collection)) != negated)
        }
    }

    /// `in`: an entry of a list, or a part of a text.
    static func isMember(_ element: DataValue, of collection: DataValue) -> Bool {
        switch collection {
        case .array(let items): items.contains { equal($0, element) }
        case .string(let s): if case .string(let sub) = element { s.contains(sub) } else { false }
        default: false
        }
    }

    static func equal(_ a: DataValue, _ b: DataValue) -> Bool {
        switch (a, b) {
        case (.integer(let x), .number(let y)), (.number(let y), .integer(let x)): Double(x) == y
        default: a == b
        }
    }
}

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// `trimmingCharacters(in: .whitespaces)`. Text that starts and ends with printable ASCII
    /// (nearly every value and attribute) has nothing to trim and is returned at once:
    /// Foundation's trimming cost 0.3 M instructions per customer in the signatures alone.
    ///
    /// Spaces and tabs before or after printable ASCII (a list item after its `;`) are cut
    /// off at once too: Foundation would cut exactly those and stop at the printable character.
    var trimmingWhitespaces: String {
        let bytes = utf8
        if let first = bytes.first, let last = bytes.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return String(self)
        }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start != end, bytes[start] == 0x20 || bytes[start] == 0x09 { bytes.formIndex(after: &start) }
        while start != end {
            let before = bytes.index(before: end)
            guard bytes[before] == 0x20 || bytes[before] == 0x09 else { break }
            end = before
        }
        if start == end { return "" }
        let first = bytes[start]
        let last = bytes[bytes.index(before: end)]
        if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return String(self[start..<end])
        }
        return trimmingCharacters(in: .whitespaces)
    }
}

extension String {
    /// `hasSuffix(" ")`: the last character is a space alone. From the last two bytes, unless
    /// a space at the end follows a non-ASCII character (which might take it into itself).
    var endsWithSpaceCharacter: Bool {
        let known = utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard let last = bytes.last else { return false }
            if last != 0x20 { return false }
            return bytes.count == 1 || bytes[bytes.count - 2] < 0x80 ? true : nil
        } ?? nil
        return known ?? hasSuffix(" ")
    }

    /// `hasPrefix(" ")`: the first character is a space alone. From the first two bytes,
    /// unless a non-ASCII character (a combining mark) follows the space.
    var startsWithSpaceCharacter: Bool {
        let known = utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard let first = bytes.first else { return false }
            if first != 0x20 { return false }
            return bytes.count == 1 || bytes[1] < 0x80 ? true : nil
        } ?? nil
        return known ?? hasPrefix(" ")
    }
}
