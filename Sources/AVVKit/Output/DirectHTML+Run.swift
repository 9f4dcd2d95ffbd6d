// Rendering with a DirectHTML program: a pre-pass that numbers, then one pass that writes the
// bytes in their final order (see the type's documentation in DirectHTML.swift).

extension DirectHTML {
    /// The HTML bytes for `data`, or nil when the general path must render this document.
    func render(data: DataValue, builtins: DataValue, document: Document, textHash: String) -> [UInt8]? {
        var titleRenderer = Renderer(language: language, data: data, builtins: builtins)
        let (titleText, _) = titleRenderer.render(title: title, body: [])
        guard titleRenderer.diagnostics.isEmpty else { return nil }
        let evaluator = Renderer(language: language, data: data, builtins: builtins)
        let titleBytes = Array(HTMLEscaping.text(TextLayout.oneLine(titleText)).utf8)
        // A template without an `h1` of its own gets the title as one, after `<main>`.
        let titleHeader = hasTitleHeading ? [] : Array(HTMLRenderer.titleHeader(titleText).utf8)
        let end = HTMLRenderer.documentEndBytes(document, textHash: textHash)
        var capacity = estimatedSize + titleBytes.count + titleHeader.count + end.count
        // Written straight into the array's storage; a document that outgrows its estimate
        // (long lists, long values) is written again with twice the room.
        while true {
            var outcome = Outcome.failed
            let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                initialized = 0
                nodes.withUnsafeBufferPointer { nodes in
                    pool.withUnsafeBufferPointer { pool in
                        var run = Run(program: self, nodes: nodes, pool: pool, evaluator: evaluator,
                                      out: ByteWriter(buffer))
                        run.plan(body)
                        guard !run.failed else { return }
                        run.resetCounters()
                        run.out.append(headBeforeTitle)
                        run.out.append(titleBytes)
                        run.out.append(headAfterTitle)
                        run.out.append(titleHeader)
                        run.blocks(body, level: 1)
                        run.out.append(end)
                        if run.out.overflowed {
                            outcome = .overflowed
                        } else if !run.failed {
                            outcome = .done
                            initialized = run.out.count
                        }
                    }
                }
            }
            switch outcome {
            case .done: return bytes
            case .failed: return nil
            case .overflowed: capacity *= 2
            }
        }
    }

    private enum Outcome { case done, failed, overflowed }

    /// The bytes a run writes for `range` as a block's content, when they depend on nothing
    /// but the nodes (static text); nil when the run would decline them.
    func renderedContent(_ range: Range<Int>) -> [UInt8]? {
        // White space is only ever dropped: the content is at most as long as its texts.
        let capacity = range.reduce(0) { $0 + texts[nodes[$1].a].bytes.count }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            initialized = 0
            guard capacity > 0 else { return }
            nodes.withUnsafeBufferPointer { nodes in
                pool.withUnsafeBufferPointer { pool in
                    let evaluator = Renderer(language: language, data: .null, builtins: .null)
                    var run = Run(program: self, nodes: nodes, pool: pool, evaluator: evaluator, out: ByteWriter(buffer))
                    run.content(range)
                    failed = run.failed || run.out.overflowed
                    initialized = run.out.count
                }
            }
        }
        return failed ? nil : bytes
    }

    /// The output of a run: bytes written into room of a fixed size. Writing past its end
    /// writes nothing and marks it as overflowed.
    private struct ByteWriter: ByteSink {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int
        var count = 0
        var overflowed = false

        init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
            base = buffer.baseAddress!
            capacity = buffer.count
        }

        mutating func append(_ byte: UInt8) {
            guard count < capacity else { return overflowed = true }
            base[count] = byte
            count += 1
        }

        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            let n = bytes.count
            guard n > 0 else { return }
            guard count + n <= capacity else { return overflowed = true }
            (base + count).update(from: bytes.baseAddress!, count: n)
            count += n
        }

        mutating func append(_ text: StaticString) {
            append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        mutating func append(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { append($0) }
        }

        mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { append($0) }
        }

        var last: UInt8? { count > 0 ? base[count - 1] : nil }

        subscript(index: Int) -> UInt8 { base[index] }

        /// Drops what was written from `mark` on.
        mutating func truncate(to mark: Int) {
            count = min(count, mark)
        }
    }

    /// One rendering: the numbering found by the pre-pass, the output, and the renderer's state.
    private struct Run {
        /// Where an anchor is: its section, paragraph and list items (a range of ``placedItems``).
        struct Place {
            var section: (kind: CompiledSection.Kind, number: Int)?
            var paragraph: Int?
            var items: Range<Int>
        }

        let program: DirectHTML
        /// The program's nodes and byte pool, borrowed for the run.
        let nodes: UnsafeBufferPointer<Node>
        let pool: UnsafeBufferPointer<UInt8>
        let numbering: Numbering
        var evaluator: Renderer
        var out: ByteWriter
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

        // Counted by both passes.
        var clauseCount = 0
        var annexCount = 0
        var currentSection: (kind: CompiledSection.Kind, number: Int)?
        var paragraphCount = 0
        var orderedDepth = 0
        var listDepth = 0

        // Found by the pre-pass.
        var itemStack: [(n: Int, depth: Int)] = []
        /// Where each anchor is, for references to it.
        var places: [Place?]
        /// The list items of every place, one after the other.
        var placedItems: [(n: Int, depth: Int)] = []
        /// Per clause number: whether its paragraphs are numbered.
        var clauseNumbered: [Bool] = [false]
        /// The sections for the table of contents: the section and its number.
        var tocEntries: [(section: Int, number: Int)] = []

        // The writing pass.
        var idUsed: [Bool]
        var sectionIDUsed: [Bool]
        var tocIDUsed = false
        var lastHeadingLevel = 1
        /// In the current sequence of blocks, a paragraph of a clause came last (what follows
        /// continues it when the clause numbers its paragraphs).
        var afterClauseParagraph = false
        // An open paragraph of a list item's loose text.
        var runOpen = false
        var runMark = 0
        /// Data paths looked up so far, by number: their values, and per path whether it was
        /// looked up (1: found, 2: a path to nothing).
        var dataValues: [DataValue]
        var dataState: [UInt8]
        /// Per answer slot of ``DirectHTML/Test``: 0 not asked yet, 1 false, 2 true.
        var answers: [UInt8]
        /// Per data path printed as it is: where in the output its escaped bytes were written
        /// the first time (count -1: not yet), so that the customer's name, printed in many
        /// places, is scanned and escaped once. Only values written as they are get one.
        var written: [Span]
        /// The end of the furthest of ``written``; output dropped before it drops them all.
        var writtenEnd = 0

        init(program: DirectHTML, nodes: UnsafeBufferPointer<Node>, pool: UnsafeBufferPointer<UInt8>, evaluator: Renderer,
             out: ByteWriter) {
            self.program = program
            self.nodes = nodes
            self.pool = pool
            self.numbering = Numbering(language: program.language)
            self.evaluator = evaluator
            self.out = out
            places = Array(repeating: nil, count: program.anchorCount)
            idUsed = Array(repeating: false, count: program.anchorCount)
            sectionIDUsed = Array(repeating: false, count: program.anchorCount)
            dataValues = Array(repeating: .null, count: program.dataPaths.count)
            dataState = Array(repeating: 0, count: program.dataPaths.count)
            answers = Array(repeating: 0, count: program.answerCount)
            written = Array(repeating: Span(offset: 0, count: -1), count: program.dataPaths.count)
        }

        // MARK: Pre-pass

        /// Walks the blocks as the writing pass will, without writing: numbers the sections,
        /// counts each clause's paragraphs and notes where every anchor is. Inline content is
        /// not visited (it holds no blocks).
        mutating func plan(_ range: Range<Int>) {
            for index in range where !failed { plan(nodes[index]) }
        }

        mutating func plan(_ node: Node) {
            switch node.kind {
            case .group:
                plan(node.children)
            case .conditional:
                if let body = chosen(node.children) { plan(body) }
            case .each:
                each(node) { run in run.plan(node.children) }
            case .heading:
                register(node.b)
            case .paragraph:
                if let section = currentSection, section.kind == .clause, listDepth == 0 { paragraphCount += 1 }
                register(node.b)
            case .list:
                // A list without a reference's target changes nothing the pre-pass finds.
                guard node.a != 0 else { return }
                let ordered = node.flag
                if ordered { orderedDepth += 1 }
                listDepth += 1
                var count = 0
                expand(node.children) { run, item in
                    guard item.kind == .listItem else { return }
                    count += 1
                    if ordered { run.itemStack.append((count, run.orderedDepth)) }
                    run.register(item.b)
                    run.expand(item.children) { run, node in
                        switch node.kind {
                        case .paragraph, .list, .table, .heading: run.plan(node)
                        default: break
                        }
                    }
                    if ordered { run.itemStack.removeLast() }
                }
                if ordered { orderedDepth -= 1 }
                listDepth -= 1
            case .section:
                let section = program.sections[node.a]
                let number = countSection(section.kind)
                if section.kind == .clause { clauseNumbered.append(false) }
                let outer = (currentSection, paragraphCount)
                currentSection = (section.kind, number)
                paragraphCount = 0
                places[section.anchor] = Place(section: currentSection, paragraph: nil, items: 0..<0)
                tocEntries.append((node.a, number))
                plan(section.body)
                if section.kind == .clause { clauseNumbered[number] = paragraphCount >= 2 }
                (currentSection, paragraphCount) = outer
            default:
                // Tables, signatures and the table of contents neither number nor hold anchors.
                break
            }
        }

        /// The number of the next section of `kind`.
        mutating func countSection(_ kind: CompiledSection.Kind) -> Int {
            if kind == .clause {
                clauseCount += 1
                return clauseCount
            }
            annexCount += 1
            return annexCount
        }

        mutating func register(_ anchor: Int) {
            guard anchor >= 0 else { return }
            let paragraph = currentSection?.kind == .clause && paragraphCount > 0 ? paragraphCount : nil
            let start = placedItems.count
            placedItems.append(contentsOf: itemStack)
            places[anchor] = Place(section: currentSection, paragraph: paragraph, items: start..<placedItems.count)
        }

        /// Before the writing pass: the counters start again.
        mutating func resetCounters() {
            clauseCount = 0
            annexCount = 0
            currentSection = nil
            paragraphCount = 0
            orderedDepth = 0
            listDepth = 0
        }

        // MARK: Output

        /// Drops what was written from `mark` on (with the values remembered in it).
        mutating func truncate(to mark: Int) {
            if mark < writtenEnd {
                for index in written.indices { written[index].count = -1 }
                writtenEnd = 0
            }
            out.truncate(to: mark)
        }

        /// The bytes of a span of the pool.
        func bytes(_ span: Span) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: pool[span.offset..<(span.offset + span.count)])
        }

        mutating func write(_ span: Span) {
            out.append(bytes(span))
        }

        mutating func write(_ tag: StaticString) {
            out.append(tag)
        }

        mutating func writeID(_ anchor: Int) {
            if claimID(anchor) { write(program.idAttributes[anchor]) }
        }

        /// Whether the element gets the anchor as its id: only its first use does.
        mutating func claimID(_ anchor: Int) -> Bool {
            guard anchor >= 0, !idUsed[anchor] else { return false }
            idUsed[anchor] = true
            return true
        }

        // MARK: Blocks

        mutating func blocks(_ range: Range<Int>, level: Int) {
            for index in range where !failed { block(nodes[index], level: level) }
        }

        mutating func block(_ node: Node, level: Int) {
            switch node.kind {
            case .group:
                blocks(node.children, level: level)
            case .conditional:
                if let body = chosen(node.children) { blocks(body, level: level) }
            case .each:
                each(node) { run in run.blocks(node.children, level: level) }
            case .heading:
                afterClauseParagraph = false
                let h = node.a <= 1 ? 1 : min(6, max(level + 1, min(node.a, lastHeadingLevel + 1)))
                lastHeadingLevel = h
                write("<h")
                out.append(0x30 + UInt8(h))
                writeID(node.b)
                out.append(0x3E)
                content(node.children)
                write("</h")
                out.append(0x30 + UInt8(h))
                write(">\n")
            case .paragraph:
                let anchor = node.b
                write("<p")
                writeID(anchor)
                if let section = currentSection, section.kind == .clause, listDepth == 0 {
                    paragraphCount += 1
                    afterClauseParagraph = true
                    if clauseNumbered[section.number] {
                        write(" class=\"numbered\"><span class=\"number\">")
                        let numbering = numbering
                        numbering.appendParagraphNumber(clause: section.number, paragraphCount, to: &out)
                        write("</span> ")
                    } else {
                        out.append(0x3E)
                    }
                } else {
                    out.append(0x3E)
                }
                content(node.children)
                write("</p>\n")
            case .list:
                list(ordered: node.flag, node.children, level: level)
            case .table:
                table(node.children)
            case .section:
                section(program.sections[node.a], level: level)
            case .tableOfContents:
                afterClauseParagraph = false
                let h = min(6, level + 1)
                tableOfContents(level: h, withID: !tocIDUsed)
                tocIDUsed = true
                lastHeadingLevel = h
            case .signatures:
                afterClauseParagraph = false
                signatures(node.children)
            case .text, .fixed, .value, .container, .lineBreak, .reference, .listItem, .tableRow, .tableCell, .party,
                 .branch:
                break
            }
        }

        mutating func section(_ section: Section, level: Int) {
            afterClauseParagraph = false
            let number = countSection(section.kind)
            let outer = (currentSection, paragraphCount)
            currentSection = (section.kind, number)
            paragraphCount = 0
            let first = !sectionIDUsed[section.anchor]
            sectionIDUsed[section.anchor] = true
            write(first ? section.openWithID : section.openWithoutID)
            let numbering = numbering
            numbering.appendSectionNumber(section.kind, number, to: &out)
            write(section.afterNumber)
            content(section.title)
            write(section.headingClose)
            lastHeadingLevel = section.level
            blocks(section.body, level: section.level)
            lastHeadingLevel = level
            (currentSection, paragraphCount) = outer
            afterClauseParagraph = false
            write("</section>\n")
        }

        mutating func tableOfContents(level: Int, withID: Bool) {
            guard !tocEntries.isEmpty else { return fail() }
            write(program.tocHeads[2 * (level - 1) + (withID ? 1 : 0)])
            let numbering = numbering
            for entry in tocEntries {
                let section = program.sections[entry.section]
                write(section.tocBeforeNumber)
                numbering.appendSectionNumber(section.kind, entry.number, to: &out)
                write(section.tocAfterNumber)
            }
            write("</ol>\n</nav>\n")
        }

        /// Whether what follows the last paragraph of a clause is indented as its continuation.
        func continuesNumberedParagraph() -> Bool {
            guard afterClauseParagraph, let section = currentSection else { return false }
            return clauseNumbered[section.number]
        }

        mutating func list(ordered: Bool, _ items: Range<Int>, level: Int) {
            let mark = out.count
            if continuesNumberedParagraph() {
                write(ordered ? "<ol class=\"labelled continued\">\n" : "<ul class=\"continued\">\n")
            } else {
                write(ordered ? "<ol class=\"labelled\">\n" : "<ul>\n")
            }
            if ordered { orderedDepth += 1 }
            listDepth += 1
            let saved = afterClauseParagraph
            var count = 0
            expand(items) { run, node in
                guard node.kind == .listItem else { return }
                count += 1
                run.write("<li")
                run.writeID(node.b)
                run.out.append(0x3E)
                if ordered {
                    run.write("<span class=\"label\">")
                    let numbering = run.numbering
                    numbering.appendItemLabel(count, depth: run.orderedDepth, to: &run.out)
                    run.write("</span>")
                }
                run.out.append(0x0A)
                run.afterClauseParagraph = false
                run.flow(node.children, level: level)
                run.write("</li>\n")
            }
            afterClauseParagraph = saved
            if ordered { orderedDepth -= 1 }
            listDepth -= 1
            guard count > 0 else { return truncate(to: mark) }
            write(ordered ? "</ol>\n" : "</ul>\n")
        }

        /// A list item's content: loose inline content becomes a paragraph unless it is empty.
        mutating func flow(_ range: Range<Int>, level: Int) {
            expand(range) { run, node in
                switch node.kind {
                case .paragraph, .list, .table, .heading:
                    run.closeRun()
                    run.block(node, level: level)
                default:
                    if !run.runOpen {
                        run.runOpen = true
                        run.runMark = run.out.count
                        run.write("<p>")
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
            if out.count == runMark + 3 {
                truncate(to: runMark)
            } else {
                write("</p>\n")
            }
        }

        mutating func table(_ rows: Range<Int>) {
            let mark = out.count
            write(continuesNumberedParagraph() ? "<div class=\"table continued\">\n<table>\n" : "<div class=\"table\">\n<table>\n")
            // 0: no row yet, 1: in thead, 2: in tbody
            var state = 0
            expand(rows) { run, node in
                guard node.kind == .tableRow else { return }
                let header = node.flag
                if header, state <= 1 {
                    if state == 0 { run.write("<thead>\n") }
                    state = 1
                } else if state != 2 {
                    if state == 1 { run.write("</thead>\n") }
                    run.write("<tbody>\n")
                    state = 2
                }
                run.write("<tr>")
                for index in node.children {
                    let cell = run.nodes[index]
                    guard cell.kind == .tableCell else { continue }
                    if cell.flag {
                        run.write(header ? "<th scope=\"col\">" : "<th scope=\"row\">")
                        run.content(cell.children)
                        run.write("</th>")
                    } else {
                        run.write("<td>")
                        run.content(cell.children)
                        run.write("</td>")
                    }
                }
                run.write("</tr>\n")
            }
            guard state > 0 else { return truncate(to: mark) }
            write(state == 1 ? "</thead>\n" : "</tbody>\n")
            write("</table>\n</div>\n")
        }

        mutating func signatures(_ parties: Range<Int>) {
            let mark = out.count
            out.append(program.signaturesStart)
            var count = 0
            expand(parties) { run, node in
                guard node.kind == .party else { return }
                let party = run.program.parties[node.a]
                count += 1
                guard let role = run.attribute(party.role) else { return }
                run.out.append(HTMLRenderer.partyStart(role: role))
                run.content(party.name)
                run.write("</p>\n")
                // As ``HTMLRenderer/partyEnd(_:labels:)``: the place and a comma.
                let place = party.place.flatMap { run.attribute($0) }.map(TextLayout.collapsed).flatMap { $0.isEmpty ? nil : $0 + "," }
                let values = [place, party.signatory.flatMap { run.attribute($0) },
                              party.function.flatMap { run.attribute($0) }, nil]
                for (field, value) in zip(run.program.partyFields, values) {
                    run.out.append(field.before)
                    if let value { run.out.append(HTMLEscaping.text(TextLayout.collapsed(value))) }
                    run.out.append(field.after)
                }
                run.write("</div>\n")
            }
            guard count > 0 else { return truncate(to: mark) }
            write("</div>\n")
        }

        // MARK: Inline content

        /// A block's inline content, with leading and trailing spaces dropped.
        mutating func content(_ range: Range<Int>) {
            startContent()
            inlines(range)
            atStart = false
            pending = 0
        }

        mutating func startContent() {
            atStart = true
            pending = 0
            droppedAtStart = false
            lastWasText = false
        }

        mutating func inlines(_ range: Range<Int>) {
            for index in range { inline(nodes[index]) }
        }

        mutating func inline(_ node: Node) {
            switch node.kind {
            case .text:
                let text = program.texts[node.a]
                appendText(bytes(text.bytes), text.shape)
            case .fixed:
                // A block's whole content (see DirectHTML.foldFixedContent).
                write(Span(offset: node.a, count: node.b))
            case .value:
                if node.b >= 0 {
                    let path = program.plainPaths[node.b]
                    if path.data >= 0, written[path.data].count >= 0 {
                        // Written before: the same bytes again, as appendValue wrote them.
                        let span = written[path.data]
                        atStart = false
                        writeSpaces()
                        lastWasText = true
                        out.append(UnsafeBufferPointer(start: out.base + span.offset, count: span.count))
                        return
                    }
                    if case .string(let string)? = value(at: path) {
                        appendValue(string, path: path.data)
                        return
                    }
                }
                if let text = format(program.values[node.a]) {
                    appendValue(text)
                }
            case .container:
                flushPending()
                write(program.spans[node.a])
                inlines(node.children)
                flushPending()
                write(program.spans[node.b])
            case .lineBreak:
                flushPending()
                write("<br/>")
            case .reference:
                flushPending()
                reference(node.a)
            case .group:
                inlines(node.children)
            case .conditional:
                if let body = chosen(node.children) { inlines(body) }
            case .each:
                each(node) { run in run.inlines(node.children) }
            default:
                break
            }
        }

        /// A link to an anchor, labelled with where the pre-pass found it.
        mutating func reference(_ target: Int) {
            guard let place = places[target], let section = place.section else { return fail() }
            write("<a class=\"ref\" href=\"")
            write(program.hrefs[target])
            write("\">")
            let numbering = numbering
            numbering.appendReferenceLabel(
                section: section, paragraph: place.paragraph,
                paragraphsNumbered: section.kind == .clause && clauseNumbered[section.number],
                items: placedItems[place.items], to: &out)
            write("</a>")
        }

        /// Writes the pending spaces: something other than text follows them.
        mutating func flushPending() {
            atStart = false
            lastWasText = false
            writeSpaces()
        }

        mutating func writeSpaces() {
            for _ in 0..<pending { out.append(0x20) }
            pending = 0
        }

        /// Text after the white-space rules of ``Renderer``: leading spaces dropped at the
        /// start of a block's content, one space dropped where two texts meet with spaces on
        /// both sides, trailing spaces held back until more text follows. Where a character
        /// boundary would make the rules count differently, the run fails (the general path
        /// renders it).
        mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>, _ text: TextShape) {
            let count = bytes.count
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
            writeSpaces()
            pending = text.trailing
            out.append(UnsafeBufferPointer(rebasing: bytes[start..<(count - text.trailing)]))
            lastWasText = true
        }

        /// A value. The common one (no control or forbidden character, nothing from U+0590 on
        /// that might need bidi isolation, no space at its edges, ASCII first) is escaped straight
        /// into the output; anything else goes through ``StaticText`` and ``appendText(_:_:)``.
        ///
        /// `path`: the number of the data path it was read from when it is printed as it is,
        /// so that its bytes are remembered (see ``written``); -1 otherwise.
        mutating func appendValue(_ value: String, path: Int = -1) {
            var text = value
            let simple = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                guard let first = bytes.first, let last = bytes.last, first > 0x20, first < 0x7F, last != 0x20
                else { return false }
                let (plain, special) = DirectHTML.scan(bytes)
                guard plain else { return false }
                atStart = false
                writeSpaces()
                lastWasText = true
                let start = out.count
                if special {
                    HTMLEscaping.appendText(bytes, to: &out)
                } else {
                    out.append(bytes)
                }
                if path >= 0, !out.overflowed {
                    written[path] = Span(offset: start, count: out.count - start)
                    writtenEnd = max(writtenEnd, out.count)
                }
                return true
            }
            if simple == true { return }
            text = Renderer.isolated(text)
            text.makeContiguousUTF8()
            let escaped = StaticText(text)
            escaped.bytes.withUnsafeBufferPointer { appendText($0, escaped.shape) }
        }

        /// Whether the last character written is a prepended mark (it takes a space after it
        /// into itself).
        func endsWithPrepend() -> Bool {
            var start = out.count - 1
            while start > 0, out[start] & 0xC0 == 0x80 { start -= 1 }
            let last = String(decoding: UnsafeBufferPointer(start: out.base + start, count: out.count - start), as: UTF8.self)
            guard let scalar = last.unicodeScalars.first else { return false }
            return StaticText.joinsSpace(after: scalar)
        }

        mutating func fail() { failed = true }

        // MARK: Logic

        mutating func expand(_ range: Range<Int>, _ visit: (inout Run, Node) -> Void) {
            for index in range where !failed {
                let node = nodes[index]
                switch node.kind {
                case .group: expand(node.children, visit)
                case .conditional: if let body = chosen(node.children) { expand(body, visit) }
                case .each: each(node) { run in run.expand(node.children, visit) }
                default: visit(&self, node)
                }
            }
        }

        /// The body of the first branch that holds.
        mutating func chosen(_ branches: Range<Int>) -> Range<Int>? {
            for index in branches {
                let branch = nodes[index]
                guard branch.a >= 0 else { return branch.children }
                if holds(branch.a) { return branch.children }
            }
            return nil
        }

        mutating func each(_ loop: Node, _ body: (inout Run) -> Void) {
            guard case .array(let elements)? = value(of: program.expressions[loop.a]) else {
                failed = true
                return
            }
            for (index, element) in elements.enumerated() where !failed {
                evaluator.scopes.append(Renderer.Scope(value: element, listPath: "", index: index, count: elements.count))
                body(&self)
                evaluator.scopes.removeLast()
            }
        }

        /// A path from the data root, looked up once per run: one step from its parent path,
        /// itself looked up once.
        mutating func data(_ number: Int) -> DataValue? {
            switch dataState[number] {
            case 1: return dataValues[number]
            case 2: return nil
            default: break
            }
            let step = program.dataPaths[number]
            let value: DataValue? = step.parent < 0 ? evaluator.data[step.key] : data(step.parent)?[step.key]
            if let value {
                dataValues[number] = value
                dataState[number] = 1
            } else {
                dataState[number] = 2
            }
            return value
        }

        /// Whether condition `index` holds: the common forms (a path, `not` a path, a path
        /// compared with a literal) without building values, the others evaluated.
        mutating func holds(_ index: Int) -> Bool {
            switch program.tests[index] {
            case .truthy(let path, let negated, let answer):
                return remembered(answer) { run in (run.value(at: path)?.isTruthy ?? false) != negated }
            case .equal(let path, let literal, let negated, let answer):
                return remembered(answer) { run in
                    Renderer.equal(run.value(at: path) ?? .null, run.program.literals[literal]) != negated
                }
            case .general:
                return evaluate(program.expressions[index]).isTruthy
            }
        }

        /// The answer in `slot` (-1: not remembered), worked out by `compute` the first time.
        private mutating func remembered(_ slot: Int, _ compute: (inout Run) -> Bool) -> Bool {
            if slot >= 0, answers[slot] != 0 { return answers[slot] == 2 }
            let holds = compute(&self)
            if slot >= 0 { answers[slot] = holds ? 2 : 1 }
            return holds
        }

        mutating func value(at path: Path) -> DataValue? {
            path.data >= 0 ? data(path.data) : loopValue(depth: path.depth, keys: path.keys)
        }

        /// A path from a loop variable, as ``Renderer/value(of:)`` looks it up.
        func loopValue(depth: Int, keys: Int) -> DataValue? {
            let scopes = evaluator.scopes
            var value = scopes[scopes.count - 1 - depth].value
            for key in program.loopPaths[keys] {
                guard let next = value[key] else { return nil }
                value = next
            }
            return value
        }

        /// The value an expression names (nil for a path to nothing), as ``Renderer`` looks it up.
        mutating func value(of expression: Expression) -> DataValue? {
            switch expression {
            case .data(let number): data(number)
            case .scoped(let bound): evaluator.value(of: bound)
            case .loop(let depth, let keys): loopValue(depth: depth, keys: keys)
            default: evaluate(expression)
            }
        }

        /// ``Renderer/evaluate(_:)`` over the numbered paths.
        mutating func evaluate(_ expression: Expression) -> DataValue {
            switch expression {
            case .data(let number): return data(number) ?? .null
            case .scoped(let bound): return evaluator.value(of: bound) ?? .null
            case .loop(let depth, let keys): return loopValue(depth: depth, keys: keys) ?? .null
            case .literal(let value): return value
            case .list(let items): return .array(items.map { evaluate($0) })
            case .not(let inner): return .bool(!evaluate(inner).isTruthy)
            case .and(let l, let r): return .bool(evaluate(l).isTruthy && evaluate(r).isTruthy)
            case .or(let l, let r): return .bool(evaluate(l).isTruthy || evaluate(r).isTruthy)
            case .equal(let l, let r, let negated): return .bool(Renderer.equal(evaluate(l), evaluate(r)) != negated)
            case .member(let element, let collection, let negated):
                return .bool(Renderer.isMember(evaluate(element), of: evaluate(collection)) != negated)
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
            return text.trimmingWhitespaces
        }

    }
}

extension DirectHTML {
    /// Whether `bytes` can be written as they are, escaping aside (no control or forbidden
    /// character, nothing that might need bidi isolation), and whether any needs escaping.
    /// `special` is meaningful only when `plain`.
    ///
    /// Plain are the characters below U+0590 other than controls, and U+2000–U+20BF (dashes,
    /// quotation marks, `…`, `€`) other than the bidi controls among them: nothing else from
    /// U+0590 on is, since it might need isolation (see ``Renderer/isolated(_:)``).
    ///
    /// Eight bytes at a time, umlauts and other characters below U+0590 included; byte by byte
    /// only around 0xC2 (which starts the C1 controls as well as `§`) and from a byte of
    /// 0xD6 on (the first that leads to U+0590 or later).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (plain: Bool, special: Bool) {
        var special = false
        var index = 0
        let count = bytes.count
        guard count > 0 else { return (true, false) }
        let base = UnsafeRawPointer(bytes.baseAddress!)
        // The byte before `index` (only 0xC2 matters: it starts the C1 controls).
        var previous: UInt8 = 0
        let ones = ASCIIWord.ones
        let highs = ASCIIWord.highs
        while index < count {
            if index + 8 <= count, previous != 0xC2 {
                let word = ASCIIWord.load(base, index)
                let high = word & highs
                // A byte's low seven bits plus 0x2A reach 0x80 from 0x56 on: with its high bit
                // set, the byte is 0xD6 or more. No carry crosses a byte (0x7F + 0x2A < 0x100).
                let fromD6 = ((word & ~highs) &+ ones &* 0x2A) & high
                if high == 0 || (fromD6 == 0 && !ASCIIWord.contains(word, 0xC2)) {
                    // "Some byte below 0x20" holds exactly when one is: the lowest such byte
                    // borrows from no other. No DEL.
                    if (word &- ones &* 0x20) & ~word & highs != 0 || ASCIIWord.contains(word, 0x7F) {
                        return (false, special)
                    }
                    // `"` and `&` differ in one bit, as do `<` and `>`: two tests for four.
                    if !special {
                        special = ASCIIWord.contains(word | (ones &* 0x04), 0x26)
                            || ASCIIWord.contains(word | (ones &* 0x02), 0x3E)
                    }
                    index += 8
                    continue
                }
            }
            let end = min(index + 8, count)
            while index < end {
                let byte = bytes[index]
                if byte >= 0xD6 {
                    // Only U+2000–U+20BF: E2 80–82 and a continuation byte; may end past `end`.
                    guard byte == 0xE2, index + 2 < count, isPlainPunctuation(bytes[index + 1], bytes[index + 2]) else {
                        return (false, special)
                    }
                    previous = bytes[index + 2]
                    index += 3
                    continue
                }
                if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte <= 0x9F) { return (false, special) }
                special = special || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22
                previous = byte
                index += 1
            }
        }
        return (true, special)
    }

    /// Whether E2 `second` `third` is a character of U+2000–U+20BF that needs no isolation:
    /// not U+200E, U+200F, U+202A–U+202E nor U+2066–U+2069.
    @inline(__always)
    static func isPlainPunctuation(_ second: UInt8, _ third: UInt8) -> Bool {
        guard second >= 0x80, second <= 0x82, third & 0xC0 == 0x80 else { return false }
        switch (second, third) {
        case (0x80, 0x8E), (0x80, 0x8F), (0x80, 0xAA...0xAE), (0x81, 0xA6...0xA9): return false
        default: return true
        }
    }
}
