import Foundation

/// Turns parsed template XML into ``TemplateNode`` trees, inlining includes and checking
/// every expression against the data schema. Collects diagnostics and keeps going.
struct TemplateCompiler {
    static let xhtmlNamespace = "http://www.w3.org/1999/xhtml"
    static let avvNamespace = "urn:avv:template"

    /// Root of the template set; includes may not leave it.
    let root: String
    let schema: JSONSchema
    let language: Language
    private(set) var diagnostics: [Diagnostic] = []
    /// The paths from the data root bound so far (``BoundPath/slot``) and their numbers.
    private(set) var dataPaths: [DataPathStep] = []
    private var dataPathNumbers: [[String]: Int] = [:]
    /// Clause, annex and anchor ids declared in the document, with where.
    private(set) var ids: [String: SourceLocation] = [:]
    /// The data fields that avv:if conditions test (the fields variants vary).
    private(set) var conditionPaths: Set<[String]> = []
    /// Every branch of every avv:if chain, in document order.
    private(set) var branchLocations: [SourceLocation] = []
    /// Partials this document included, directly or not.
    private(set) var includedFiles: Set<String> = []
    /// Partials included inside the section being compiled, in the order first met.
    private var sectionIncludes: [String] = []
    private var references: [(target: String, location: SourceLocation, notes: [Diagnostic.Note])] = []
    private var cache: PartialCache
    private var nextChainID = 0
    private var depthReported = false
    /// Every declaration of each id, with the branches it sits in.
    private var declarations: [String: [(location: SourceLocation, branches: [Branch])]] = [:]

    struct Branch: Equatable {
        var chain: Int
        var index: Int
    }

    private mutating func inBranch(
        _ chain: Int, _ index: Int, _ context: inout Context,
        _ body: (inout TemplateCompiler, inout Context) -> [TemplateNode]
    ) -> [TemplateNode] {
        context.branches.append(Branch(chain: chain, index: index))
        defer { context.branches.removeLast() }
        return body(&self, &context)
    }

    /// Two places exclude each other when they sit in different branches of one chain.
    private static func exclusive(_ a: [Branch], _ b: [Branch]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            return x.chain == y.chain
        }
        return false
    }

    /// Deepest nesting of elements in a document, partials included: deep enough for any
    /// contract, shallow enough that compiling and rendering never exhaust the stack.
    static let maxNestingDepth = 100

    private struct Context {
        var file: String
        /// Elements open around this node, across includes.
        var depth = 0
        var includeChain: [(file: String, location: SourceLocation)] = []
        var loopVariables: [(name: String, type: FieldType?)] = []
        var section: CompiledSection.Kind?
        /// The `avv:if` chains and branches this node sits in, outermost first.
        var branches: [Branch] = []

        var notes: [Diagnostic.Note] {
            includeChain.reversed().map { Diagnostic.Note("included from here", at: $0.location) }
        }
    }

    /// Parsed partials, shared by the documents of one template set.
    final class PartialCache: @unchecked Sendable {
        private let lock = NSLock()
        private var parsed: [String: Result<XMLElement, DiagnosticsError>] = [:]

        func element(for path: String, parse: () -> Result<XMLElement, DiagnosticsError>) -> Result<XMLElement, DiagnosticsError> {
            lock.lock()
            defer { lock.unlock() }
            if let hit = parsed[path] { return hit }
            let result = parse()
            parsed[path] = result
            return result
        }
    }

    init(root: String, schema: JSONSchema, language: Language, cache: PartialCache) {
        self.root = root
        self.schema = schema
        self.language = language
        self.cache = cache
    }

    // MARK: Documents

    struct CompiledDocument: Sendable {
        var file: String
        var title: [TemplateNode]
        var body: [TemplateNode]
        /// The paths from the data root that its title and body read, and every path these
        /// start with (``BoundPath/slot``).
        var dataPaths: [DataPathStep] = []
    }

    /// Compiles a whole document template (`<html>` with `<head><title>` and `<body>`).
    mutating func compileDocument(_ html: XMLElement, file: String) -> CompiledDocument {
        var context = Context(file: file)
        var title: [TemplateNode] = []
        var body: [TemplateNode] = []
        guard html.localName == "html", html.namespace == Self.xhtmlNamespace else {
            report(.unknownElement,
                   "the root element is <\(html.qualifiedName)>; expected <html xmlns=\"\(Self.xhtmlNamespace)\">",
                   at: html.location, length: html.qualifiedName.count + 1, context)
            return CompiledDocument(file: file, title: [], body: [])
        }
        checkHTMLRoot(html, context)
        var sawBody = false
        for case .element(let child) in html.children {
            switch (child.namespace, child.localName) {
            case (Self.xhtmlNamespace, "head"):
                for case .element(let h) in child.children {
                    switch h.localName {
                    case "title":
                        title = compileInlineChildren(h, &context)
                    case "meta", "style", "link":
                        break  // for viewing the template in a browser; not part of documents
                    default:
                        report(.unknownElement, "<\(h.qualifiedName)> is not allowed in <head>; expected <title>, <meta> or <style>",
                               at: h.location, length: h.qualifiedName.count + 1, context)
                    }
                }
            case (Self.xhtmlNamespace, "body"):
                sawBody = true
                checkAttributes(child, allowed: [], context)
                body = compileBlockChildren(child, &context)
            default:
                report(.unknownElement, "<\(child.qualifiedName)> is not allowed in <html>; expected <head> and <body>",
                       at: child.location, length: child.qualifiedName.count + 1, context)
            }
        }
        if !sawBody {
            report(.misplacedConstruct, "the document has no <body>", at: html.location, context)
        }
        if title.isEmpty {
            report(.misplacedConstruct, "the document has no <title> in <head>; expected the document's title",
                   at: html.location, context)
        }
        checkReferences()
        return CompiledDocument(file: file, title: title, body: body, dataPaths: dataPaths)
    }

    private mutating func checkHTMLRoot(_ html: XMLElement, _ context: Context) {
        let lang = html.attribute("lang", namespace: nil)?.value
            ?? html.attribute("lang", namespace: "http://www.w3.org/XML/1998/namespace")?.value
        if lang != language.rawValue {
            report(.templateSetInvalid,
                   "the template's lang is '\(lang ?? "")'; expected lang=\"\(language.rawValue)\" as its file name says",
                   at: html.location, length: 5, context)
        }
        for attribute in html.attributes where attribute.localName != "lang" {
            report(.unknownAttribute, "attribute '\(attribute.qualifiedName)' is not allowed on <html>; expected only lang",
                   at: attribute.location, length: attribute.qualifiedName.count, context)
        }
    }

    private mutating func checkReferences() {
        for reference in references where ids[reference.target] == nil {
            diagnostics.append(Diagnostic(
                .error, .unknownReference,
                "reference to unknown clause or anchor '\(reference.target)'"
                    + Suggestion.didYouMean(reference.target, in: ids.keys.sorted()),
                at: reference.location, length: reference.target.count, notes: reference.notes))
        }
        references.removeAll()
    }

    // MARK: Diagnostics

    private mutating func report(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation, length: Int = 1,
        _ context: Context
    ) {
        let diagnostic = Diagnostic(.error, code, message, at: location, length: length, notes: context.notes)
        if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
    }

    private mutating func report(_ error: DiagnosticsError, _ context: Context) {
        for var d in error.diagnostics {
            d.notes += context.notes
            if !diagnostics.contains(d) { diagnostics.append(d) }
        }
    }

    // MARK: Element vocabulary

    private enum Flow { case block, inline, item }

    private static let blockElements: Set<String> = [
        "section", "div", "h1", "h2", "h3", "h4", "p", "ol", "ul", "table",
    ]
    private static let inlineElements: Set<String> = ["strong", "b", "em", "i", "a", "br", "span"]
    private static let avvBlockElements: Set<String> = ["block", "toc", "signatures"]
    private static let avvInlineElements: Set<String> = ["block", "ref"]
    private static let logicAttributes: Set<String> = ["if", "elif", "else", "each", "include"]

    /// Attributes every element may carry besides its own.
    private static let commonHTMLAttributes: Set<String> = ["class", "title"]

    private mutating func checkAttributes(_ element: XMLElement, allowed: Set<String>, avv: Set<String> = [], _ context: Context) {
        for attribute in element.attributes {
            if attribute.namespace == Self.avvNamespace {
                if Self.logicAttributes.contains(attribute.localName) || avv.contains(attribute.localName) { continue }
                let known = Self.logicAttributes.union(avv).map { "avv:" + $0 }.sorted()
                report(.unknownAttribute,
                       "unknown attribute '\(attribute.qualifiedName)' on <\(element.qualifiedName)>"
                           + Suggestion.didYouMean("avv:" + attribute.localName, in: known),
                       at: attribute.location, length: attribute.qualifiedName.count, context)
            } else if attribute.namespace == nil, allowed.contains(attribute.localName)
                        || (element.namespace == Self.xhtmlNamespace && Self.commonHTMLAttributes.contains(attribute.localName)) {
                continue
            } else {
                let expected = allowed.union(element.namespace == Self.xhtmlNamespace ? Self.commonHTMLAttributes : [])
                report(.unknownAttribute,
                       "attribute '\(attribute.qualifiedName)' is not allowed on <\(element.qualifiedName)>"
                           + (expected.isEmpty ? "" : "; expected " + expected.sorted().map { "'\($0)'" }.joined(separator: ", "))
                           + Suggestion.didYouMean(attribute.localName, in: expected.sorted()),
                       at: attribute.location, length: attribute.qualifiedName.count, context)
            }
        }
    }

    // MARK: Children and logic

    private mutating func compileBlockChildren(_ element: XMLElement, _ context: inout Context) -> [TemplateNode] {
        compileChildren(element.children, flow: .block, &context)
    }

    private mutating func compileInlineChildren(_ element: XMLElement, _ context: inout Context) -> [TemplateNode] {
        compileChildren(element.children, flow: .inline, &context)
    }

    /// Compiles a run of siblings, grouping `avv:if`/`avv:elif`/`avv:else` chains.
    private typealias ElementStep = (inout TemplateCompiler, XMLElement, inout Context) -> [TemplateNode]

    private mutating func compileChildren(
        _ children: [XMLContent], flow: Flow, _ context: inout Context, step: ElementStep? = nil
    ) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var openChain: [ConditionalBranch]?
        var chainHasElse = false

        var pendingSpace = false
        var chainID = 0

        func closeChain() {
            if let chain = openChain { nodes.append(.conditional(chain)) }
            openChain = nil
            chainHasElse = false
            if pendingSpace { nodes.append(.text(" ")) }
            pendingSpace = false
        }

        for child in children {
            switch child {
            case .text(let text, let location, let markers):
                let isBlank = text.allSatisfy { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
                if isBlank {
                    // Between blocks white space means nothing; in text it is one space,
                    // unless it only separates the branches of one avv:if chain.
                    if flow != .block {
                        if openChain != nil { pendingSpace = true } else { nodes.append(.text(" ")) }
                    }
                    continue
                }
                closeChain()
                if flow == .block {
                    report(.misplacedConstruct,
                           "text '\(Self.excerpt(text))' stands directly in a block; wrap it in <p>",
                           at: location, context)
                    continue
                }
                nodes.append(contentsOf: compileText(text, location: location, markers: markers, context))
            case .element(let element):
                let elif = element.attribute("elif", namespace: Self.avvNamespace)
                let elseAttribute = element.attribute("else", namespace: Self.avvNamespace)
                if elif != nil || elseAttribute != nil {
                    guard openChain != nil, !chainHasElse else {
                        let attr = (elif ?? elseAttribute)!
                        report(.elseWithoutIf,
                               "'\(attr.qualifiedName)' must follow an element with avv:if or avv:elif (only white space between)",
                               at: attr.location, length: attr.qualifiedName.count, context)
                        continue
                    }
                    pendingSpace = false
                    if let elif {
                        let condition = compileCondition(elif, context)
                        let body = inBranch(chainID, openChain!.count, &context) { compiler, context in
                            compiler.compileElementWithLoop(element, flow: flow, &context, step: step)
                        }
                        openChain!.append(ConditionalBranch(condition: condition, body: body, location: element.location))
                        branchLocations.append(element.location)
                    } else {
                        if let attr = elseAttribute, !attr.value.trimmingCharacters(in: .whitespaces).isEmpty {
                            report(.malformedExpression, "avv:else takes no condition; use avv:elif=\"…\"",
                                   at: attr.valueLocation, length: attr.value.count, context)
                        }
                        chainHasElse = true
                        let body = inBranch(chainID, openChain!.count, &context) { compiler, context in
                            compiler.compileElementWithLoop(element, flow: flow, &context, step: step)
                        }
                        openChain!.append(ConditionalBranch(condition: nil, body: body, location: element.location))
                        branchLocations.append(element.location)
                    }
                    continue
                }
                closeChain()
                if let ifAttribute = element.attribute("if", namespace: Self.avvNamespace) {
                    let condition = compileCondition(ifAttribute, context)
                    nextChainID += 1
                    chainID = nextChainID
                    let body = inBranch(chainID, 0, &context) { compiler, context in
                        compiler.compileElementWithLoop(element, flow: flow, &context, step: step)
                    }
                    openChain = [ConditionalBranch(condition: condition, body: body, location: element.location)]
                    branchLocations.append(element.location)
                } else {
                    nodes.append(contentsOf: compileElementWithLoop(element, flow: flow, &context, step: step))
                }
            }
        }
        closeChain()
        return nodes
    }

    /// `avv:each` wraps everything else on the element: the element repeats per item.
    private mutating func compileElementWithLoop(_ element: XMLElement, flow: Flow, _ context: inout Context, step: ElementStep?) -> [TemplateNode] {
        context.depth += 1
        defer { context.depth -= 1 }
        if context.depth > Self.maxNestingDepth {
            if !depthReported {
                depthReported = true
                report(.inputTooLarge,
                       "elements nest deeper than \(Self.maxNestingDepth) levels (partials included); flatten the template",
                       at: element.location, length: element.qualifiedName.count + 1, context)
            }
            return []
        }
        guard let each = element.attribute("each", namespace: Self.avvNamespace) else {
            return compileElementWithInclude(element, flow: flow, &context, step: step)
        }
        var parser: ExpressionParser
        let header: LoopHeader
        do {
            parser = try ExpressionParser(each.value, at: each.valueLocation)
            header = try parser.parseLoopHeader()
        } catch {
            report(error, context)
            return []
        }
        let (collection, collectionType) = compileExpression(header.collection, context)
        var itemType: FieldType?
        if let collectionType {
            if collectionType.allows("array") {
                itemType = collectionType.itemType
            } else if case .path(let p) = header.collection {
                report(.eachOverNonArray,
                       "avv:each needs a list, but '\(p.text)' is \(Self.typeDescription(collectionType))",
                       at: p.location, length: p.length, context)
            }
        }
        if case .literal = header.collection {
            report(.eachOverNonArray, "avv:each needs a list field, not a literal", at: header.collection.location, context)
        }
        guard let collection else { return [] }
        context.loopVariables.append((header.variable, itemType))
        defer { context.loopVariables.removeLast() }
        let body = compileElementWithInclude(element, flow: flow, &context, step: step)
        return [.each(CompiledLoop(variable: header.variable, collection: collection, body: body, location: element.location))]
    }

    private mutating func compileElementWithInclude(_ element: XMLElement, flow: Flow, _ context: inout Context, step: ElementStep?) -> [TemplateNode] {
        guard let include = element.attribute("include", namespace: Self.avvNamespace) else {
            if let step { return step(&self, element, &context) }
            return compileElement(element, flow: flow, &context)
        }
        let relative = include.value.trimmingCharacters(in: .whitespaces)
        let directory = (context.file as NSString).deletingLastPathComponent
        let path = Self.normalize((directory as NSString).appendingPathComponent(relative))
        let normalizedRoot = Self.normalize(root)
        guard path.hasPrefix(normalizedRoot == "." ? "" : normalizedRoot + "/") else {
            report(.missingInclude, "include '\(relative)' points outside the template set '\(root)'",
                   at: include.valueLocation, length: relative.count, context)
            return []
        }
        if path == context.file || context.includeChain.contains(where: { $0.file == path }) {
            let chain = ([context.includeChain.first?.file ?? context.file] + context.includeChain.dropFirst().map(\.file) + [context.file, path])
            var unique: [String] = []
            for f in chain where unique.last != f { unique.append(f) }
            report(.includeCycle, "include cycle: " + unique.joined(separator: " → "),
                   at: include.valueLocation, length: relative.count, context)
            return []
        }
        let parsed = cache.element(for: path) {
            guard let read = TemplateSource.read(path) else {
                return .failure(DiagnosticsError([]))
            }
            do throws(DiagnosticsError) {
                return .success(try LibXMLDocument.parse(read.get()))
            } catch {
                return .failure(error)
            }
        }
        let partial: XMLElement
        switch parsed {
        case .success(let element):
            partial = element
        case .failure(let error):
            if error.diagnostics.isEmpty {
                let siblings = (try? FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)) ?? []
                report(.missingInclude,
                       "included file '\(path)' does not exist"
                           + Suggestion.didYouMean((relative as NSString).lastPathComponent, in: siblings.sorted()),
                       at: include.valueLocation, length: relative.count, context)
            } else {
                report(error, context)
            }
            return []
        }
        if element.children.contains(where: { if case .element = $0 { return true }; if case .text(let t, _, _) = $0 { return !t.allSatisfy(\.isWhitespace) }; return false }) {
            report(.misplacedConstruct, "an element with avv:include must be empty; its content would be replaced",
                   at: element.location, context)
        }
        includedFiles.insert(path)
        if context.section != nil, !sectionIncludes.contains(path) { sectionIncludes.append(path) }
        var inner = context
        inner.includeChain.append((context.file, include.valueLocation))
        inner.file = path
        // A partial may be a whole XHTML page (so it opens in a browser): use its body.
        var contents: [XMLContent] = [.element(partial)]
        if partial.localName == "html" {
            let body = partial.children.compactMap { c -> XMLElement? in
                if case .element(let e) = c, e.localName == "body" { return e }
                return nil
            }.first
            contents = body?.children ?? []
        }
        let nodes = compileChildren(contents, flow: flow, &inner, step: step)
        return [.group(nodes)]
    }

    // MARK: Elements

    private mutating func compileElement(_ element: XMLElement, flow: Flow, _ context: inout Context) -> [TemplateNode] {
        let name = element.localName
        let isAVV = element.namespace == Self.avvNamespace
        guard isAVV || element.namespace == Self.xhtmlNamespace else {
            report(.unknownElement,
                   "element <\(element.qualifiedName)> is in no known namespace; expected XHTML or avv",
                   at: element.location, length: element.qualifiedName.count + 1, context)
            return []
        }
        let allowedHere: Set<String>
        switch flow {
        case .block: allowedHere = isAVV ? Self.avvBlockElements : Self.blockElements
        case .inline: allowedHere = isAVV ? Self.avvInlineElements : Self.inlineElements
        case .item: allowedHere = isAVV ? Self.avvBlockElements.union(Self.avvInlineElements)
            : Self.inlineElements.union(["p", "ol", "ul", "div"])
        }
        guard allowedHere.contains(name) else {
            let all = isAVV ? Self.avvBlockElements.union(Self.avvInlineElements).union(["party"])
                : Self.blockElements.union(Self.inlineElements).union(["li", "tr", "td", "th", "thead", "tbody"])
            if all.contains(name) {
                let place = flow == .inline ? "inside text" : "here"
                report(.misplacedConstruct, "<\(element.qualifiedName)> cannot stand \(place)",
                       at: element.location, length: element.qualifiedName.count + 1, context)
            } else {
                report(.unknownElement,
                       "unknown element <\(element.qualifiedName)>"
                           + Suggestion.didYouMean(name, in: all.sorted()).replacingOccurrences(of: "'", with: "'"),
                       at: element.location, length: element.qualifiedName.count + 1, context)
            }
            return []
        }

        if isAVV {
            switch name {
            case "block":
                checkAttributes(element, allowed: [], context)
                return [.group(compileChildren(element.children, flow: flow, &context))]
            case "ref":
                checkAttributes(element, allowed: ["to"], context)
                guard let to = element.attribute("to", namespace: nil) else {
                    report(.misplacedConstruct, "<avv:ref> needs a 'to' attribute naming a clause, annex or anchor",
                           at: element.location, length: 8, context)
                    return []
                }
                let target = to.value.trimmingCharacters(in: .whitespaces)
                references.append((target, to.valueLocation, context.notes))
                return [.reference(target: target, location: to.valueLocation)]
            case "toc":
                checkAttributes(element, allowed: [], context)
                return [.tableOfContents]
            case "signatures":
                checkAttributes(element, allowed: [], context)
                return [.signatures(compileParties(element, &context))]
            default:
                return []
            }
        }

        switch name {
        case "section":
            return compileSection(element, &context)
        case "div":
            checkAttributes(element, allowed: [], context)
            return [.group(compileChildren(element.children, flow: flow == .item ? .item : .block, &context))]
        case "h1", "h2", "h3", "h4":
            checkAttributes(element, allowed: [], avv: ["id"], context)
            let anchor = declareAnchor(element, context)
            let content = trimmed(compileInlineChildren(element, &context))
            return [.heading(level: Int(String(name.last!))!, anchor: anchor, content, fixed: Renderer.fixedContent(content))]
        case "p":
            checkAttributes(element, allowed: [], avv: ["id"], context)
            let anchor = declareAnchor(element, context)
            let content = trimmed(compileInlineChildren(element, &context))
            return [.paragraph(anchor: anchor, content, fixed: Renderer.fixedContent(content))]
        case "ol", "ul":
            checkAttributes(element, allowed: [], context)
            return [.list(ordered: name == "ol", compileItems(element, &context))]
        case "table":
            checkAttributes(element, allowed: [], context)
            return [.table(compileRows(element, &context))]
        case "strong", "b":
            checkAttributes(element, allowed: [], context)
            return [.strong(compileInlineChildren(element, &context))]
        case "em", "i":
            checkAttributes(element, allowed: [], context)
            return [.emphasis(compileInlineChildren(element, &context))]
        case "span":
            checkAttributes(element, allowed: [], context)
            return [.group(compileInlineChildren(element, &context))]
        case "br":
            checkAttributes(element, allowed: [], context)
            return [.lineBreak]
        case "a":
            checkAttributes(element, allowed: ["href"], context)
            guard let href = element.attribute("href", namespace: nil) else {
                report(.misplacedConstruct, "<a> needs an href", at: element.location, length: 2, context)
                return compileInlineChildren(element, &context)
            }
            return [.link(href: compileAttribute(href, context), compileInlineChildren(element, &context))]
        default:
            return []
        }
    }

    private mutating func declareAnchor(_ element: XMLElement, _ context: Context) -> String? {
        guard let attribute = element.attribute("id", namespace: Self.avvNamespace) else { return nil }
        let id = attribute.value.trimmingCharacters(in: .whitespaces)
        declare(id, at: attribute.valueLocation, context)
        return id
    }

    private mutating func declare(_ id: String, at location: SourceLocation, _ context: Context) {
        guard Self.isValidID(id) else {
            report(.misplacedConstruct, "'\(id)' is not a valid id; expected lowercase letters, digits and '-', starting with a letter",
                   at: location, length: max(1, id.count), context)
            return
        }
        let earlier = declarations[id] ?? []
        if let clash = earlier.first(where: { !Self.exclusive($0.branches, context.branches) }) {
            diagnostics.append(Diagnostic(.error, .duplicateID, "id '\(id)' is declared twice",
                                          at: location, length: id.count,
                                          notes: [Diagnostic.Note("first declared here", at: clash.location)] + context.notes))
            return
        }
        declarations[id] = earlier + [(location, context.branches)]
        if ids[id] == nil { ids[id] = location }
    }

    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    private mutating func compileSection(_ element: XMLElement, _ context: inout Context) -> [TemplateNode] {
        let clause = element.attribute("clause", namespace: Self.avvNamespace)
        let annex = element.attribute("annex", namespace: Self.avvNamespace)
        checkAttributes(element, allowed: [], avv: ["clause", "annex", "covers"], context)
        guard let role = clause ?? annex else {
            if let covers = element.attribute("covers", namespace: Self.avvNamespace) {
                report(.misplacedConstruct, "avv:covers belongs on a clause or annex (avv:clause or avv:annex)",
                       at: covers.location, length: covers.qualifiedName.count, context)
            }
            return [.group(compileBlockChildren(element, &context))]
        }
        if clause != nil, annex != nil {
            report(.misplacedConstruct, "a section is either a clause or an annex, not both",
                   at: element.location, length: 8, context)
        }
        let kind: CompiledSection.Kind = clause != nil ? .clause : .annex
        if let outer = context.section {
            report(.misplacedConstruct,
                   "\(kind == .clause ? "a clause" : "an annex") cannot stand inside \(outer == .clause ? "a clause" : "an annex"); clauses and annexes are numbered at the top level",
                   at: role.location, length: role.qualifiedName.count, context)
        }
        let id = role.value.trimmingCharacters(in: .whitespaces)
        declare(id, at: role.valueLocation, context)
        if !context.loopVariables.isEmpty {
            report(.misplacedConstruct, "a clause or annex cannot repeat inside avv:each", at: role.location,
                   length: role.qualifiedName.count, context)
        }
        let covers = element.attribute("covers", namespace: Self.avvNamespace)?.value
            .split(whereSeparator: \.isWhitespace).map(String.init) ?? []

        let outerIncludes = sectionIncludes
        sectionIncludes = []
        var inner = context
        inner.section = kind
        // The first <h2> is the title; the rest is the body.
        var title: [TemplateNode] = []
        var rest = element.children
        if let index = rest.firstIndex(where: { if case .element = $0 { return true }; return false }),
           case .element(let first) = rest[index], first.localName == "h2", first.namespace == Self.xhtmlNamespace,
           first.attributes.isEmpty {
            title = trimmed(compileInlineChildren(first, &inner))
            rest.remove(at: index)
        } else {
            report(.misplacedConstruct,
                   "\(kind == .clause ? "a clause" : "an annex") starts with its title: expected <h2> as its first element",
                   at: element.location, length: 8, context)
        }
        let body = compileChildren(rest, flow: .block, &inner)
        let includes = sectionIncludes
        sectionIncludes = outerIncludes
        return [.section(CompiledSection(kind: kind, id: id, covers: covers, title: title, body: body, location: element.location,
                                         sourceRange: element.sourceRange, includes: includes))]
    }

    private mutating func compileItems(_ list: XMLElement, _ context: inout Context) -> [TemplateNode] {
        compileStructured(list, childName: "li", &context) { compiler, li, context in
            compiler.checkAttributes(li, allowed: [], avv: ["id"], context)
            let anchor = compiler.declareAnchor(li, context)
            let content = compiler.compileChildren(li.children, flow: .item, &context)
            return [.listItem(anchor: anchor, content, fixed: Renderer.fixedContent(content))]
        }
    }

    private mutating func compileRows(_ table: XMLElement, _ context: inout Context) -> [TemplateNode] {
        var rows: [TemplateNode] = []
        var children: [XMLContent] = []
        for child in table.children {
            if case .element(let e) = child, ["thead", "tbody"].contains(e.localName), e.namespace == Self.xhtmlNamespace {
                checkAttributes(e, allowed: [], context)
                children.append(contentsOf: e.children)
            } else {
                children.append(child)
            }
        }
        var flattened = table
        flattened.children = children
        rows = compileStructured(flattened, childName: "tr", &context) { compiler, tr, context in
            compiler.checkAttributes(tr, allowed: [], context)
            let cells = compiler.compileStructured(tr, childName: "td", alternative: "th", &context) { compiler, cell, context in
                compiler.checkAttributes(cell, allowed: [], context)
                return [.tableCell(header: cell.localName == "th", compiler.trimmed(compiler.compileInlineChildren(cell, &context)))]
            }
            return [.tableRow(cells)]
        }
        return rows
    }

    /// Compiles the children of a list, table or row: only `childName` elements (with
    /// logic attributes) may stand there.
    private mutating func compileStructured(
        _ parent: XMLElement, childName: String, alternative: String? = nil, namespace: String = xhtmlNamespace,
        _ context: inout Context, compileChild: @escaping ElementStep
    ) -> [TemplateNode] {
        var valid: [XMLContent] = []
        for child in parent.children {
            switch child {
            case .text(let text, let location, _):
                if !text.allSatisfy(\.isWhitespace) {
                    report(.misplacedConstruct, "text cannot stand directly in <\(parent.qualifiedName)>; expected <\(namespace == Self.avvNamespace ? "avv:" : "")\(childName)>",
                           at: location, context)
                } else {
                    valid.append(child)
                }
            case .element(let e):
                if e.namespace == namespace, e.localName == childName || e.localName == alternative {
                    valid.append(child)
                } else {
                    let expected = namespace == Self.avvNamespace ? "avv:" + childName : childName
                    report(.misplacedConstruct, "<\(e.qualifiedName)> cannot stand in <\(parent.qualifiedName)>; expected <\(expected)>",
                           at: e.location, length: e.qualifiedName.count + 1, context)
                }
            }
        }
        // The logic attributes (if/elif/else/each/include) work here too; only the
        // element step differs.
        return compileChildren(valid, flow: .block, &context, step: compileChild)
    }

    private mutating func compileParties(_ element: XMLElement, _ context: inout Context) -> [TemplateNode] {
        let parties = compileStructured(element, childName: "party", namespace: Self.avvNamespace, &context) { compiler, party, context in
            compiler.checkAttributes(party, allowed: ["role", "place", "signatory", "function"], context)
            guard let role = party.attribute("role", namespace: nil) else {
                compiler.report(.misplacedConstruct, "<avv:party> needs a 'role', e.g. role=\"Auftraggeber\"",
                                at: party.location, length: 10, context)
                return []
            }
            func optional(_ name: String) -> [AttributePart]? {
                party.attribute(name, namespace: nil).map { compiler.compileAttribute($0, context) }
            }
            let compiled = CompiledParty(
                role: compiler.compileAttribute(role, context),
                place: optional("place"), signatory: optional("signatory"), function: optional("function"),
                name: compiler.trimmed(compiler.compileInlineChildren(party, &context)))
            return [.party(compiled)]
        }
        if parties.isEmpty {
            report(.misplacedConstruct, "<avv:signatures> needs at least one <avv:party>", at: element.location, context)
        }
        return parties
    }

    // MARK: Text and expressions

    static func excerpt(_ text: String) -> String {
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.count > 30 ? String(collapsed.prefix(30)) + "…" : collapsed
    }

    /// Collapses white space as HTML does.
    static func collapse(_ text: String) -> String {
        // Byte-wise: the four white-space characters are ASCII, everything else is copied.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var inSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                if !inSpace { out.append(0x20) }
                inSpace = true
            } else {
                out.append(byte)
                inSpace = false
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Removes white space at the start and end of block content.
    func trimmed(_ nodes: [TemplateNode]) -> [TemplateNode] {
        var nodes = nodes
        while case .text(let t)? = nodes.first, t.first == " " {
            let rest = String(t.drop(while: { $0 == " " }))
            if rest.isEmpty { nodes.removeFirst() } else { nodes[0] = .text(rest); break }
        }
        while case .text(let t)? = nodes.last, t.last == " " {
            var rest = t
            while rest.last == " " { rest.removeLast() }
            if rest.isEmpty { nodes.removeLast() } else { nodes[nodes.count - 1] = .text(rest); break }
        }
        return nodes
    }

    private mutating func compileText(_ text: String, location: SourceLocation, markers: [SourceLocation], _ context: Context) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var rest = Substring(text)
        var markerIndex = 0
        while let open = Self.find("{{", in: rest) {
            let before = rest[..<open.lowerBound]
            if !before.isEmpty { nodes.append(.text(Self.collapse(String(before)))) }
            let braces = markerIndex < markers.count ? markers[markerIndex] : location
            markerIndex += 1
            guard let close = Self.find("}}", in: rest[open.upperBound...]) else {
                report(.malformedExpression, "'{{' is not closed; expected '}}'", at: braces, length: 2, context)
                return nodes
            }
            let inner = String(rest[open.upperBound..<close.lowerBound])
            var start = braces
            start.column += 2
            if let interpolation = compileInterpolation(inner, at: start, braces: braces, context) {
                nodes.append(.value(interpolation))
            }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty {
            if Self.find("}}", in: rest) != nil {
                report(.malformedExpression, "'}}' without a matching '{{'", at: location, context)
            }
            nodes.append(.text(Self.collapse(String(rest))))
        }
        return nodes
    }

    /// Where the two-character ASCII marker (`{{` or `}}`) first stands in `text`.
    /// Searched in the text's contiguous bytes: stepping through the view's indices checked
    /// each one, 7.5 M instructions of loading the set.
    static func find(_ marker: StaticString, in text: Substring) -> Range<Substring.Index>? {
        let (a, b) = marker.withUTF8Buffer { ($0[0], $0[1]) }
        let found = text.withUTF8Bytes { bytes -> Int? in
            var i = 0
            while i + 1 < bytes.count {
                if bytes[i] == a, bytes[i + 1] == b { return i }
                i += 1
            }
            return nil
        }
        guard let offset = found else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: 2)
    }

    private mutating func compileAttribute(_ attribute: XMLAttribute, _ context: Context) -> [AttributePart] {
        var parts: [AttributePart] = []
        var rest = Substring(attribute.value)
        var offset = 0
        func location(at characterOffset: Int) -> SourceLocation {
            var l = attribute.valueLocation
            l.column += characterOffset
            return l
        }
        while let open = rest.range(of: "{{") {
            let before = rest[..<open.lowerBound]
            if !before.isEmpty { parts.append(.text(Self.collapse(String(before)))) }
            let braceOffset = offset + before.count
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                report(.malformedExpression, "'{{' is not closed; expected '}}'", at: location(at: braceOffset), length: 2, context)
                return parts
            }
            let inner = String(rest[open.upperBound..<close.lowerBound])
            if let interpolation = compileInterpolation(inner, at: location(at: braceOffset + 2), braces: location(at: braceOffset), context) {
                parts.append(.value(interpolation))
            }
            offset = braceOffset + 2 + inner.count + 2
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(Self.collapse(String(rest)))) }
        return parts
    }

    private mutating func compileInterpolation(_ inner: String, at start: SourceLocation, braces: SourceLocation, _ context: Context) -> CompiledInterpolation? {
        let interpolation: Interpolation
        do {
            var parser = try ExpressionParser(inner, at: start)
            interpolation = try parser.parseInterpolationBody(at: braces)
        } catch {
            report(error, context)
            return nil
        }
        let (expression, type) = compileExpression(interpolation.expression, context)
        var filters: [Filter] = []
        var valueType = type
        for (name, location) in interpolation.filters {
            guard let filter = Filter(rawValue: name) else {
                report(.unknownFilter,
                       "unknown filter '\(name)'" + Suggestion.didYouMean(name, in: Filter.allCases.map(\.rawValue))
                           + " (filters: " + Filter.allCases.map(\.rawValue).joined(separator: ", ") + ")",
                       at: location, length: name.count, context)
                continue
            }
            if let t = valueType { checkFilter(filter, on: t, interpolation: interpolation, at: location, context) }
            filters.append(filter)
            valueType = .scalar("string")
        }
        if filters.isEmpty, let t = type, !t.types.isEmpty, t.types.allSatisfy({ $0 == "array" || $0 == "object" }) {
            report(.typeMismatch,
                   "'\(interpolation.source)' is \(Self.typeDescription(t)) and cannot be printed as it is"
                       + (t.allows("array") ? "; use the 'list' filter or avv:each" : "; name one of its fields"),
                   at: interpolation.expression.location, length: interpolation.source.count, context)
        }
        guard let expression else { return nil }
        return CompiledInterpolation(expression: expression, filters: filters, location: braces, source: interpolation.source)
    }

    private mutating func checkFilter(_ filter: Filter, on type: FieldType, interpolation: Interpolation, at location: SourceLocation, _ context: Context) {
        let expected: String
        switch filter {
        case .date, .upper, .country: expected = "string"
        case .money: expected = "number"
        case .list: expected = "array"
        }
        if !type.allows(expected) {
            report(.typeMismatch,
                   "the '\(filter.rawValue)' filter needs \(expected == "array" ? "a list" : "a " + expected), but '\(Self.describe(interpolation.expression))' is \(Self.typeDescription(type))",
                   at: location, length: filter.rawValue.count, context)
        } else if filter == .date, case .schema(let node) = type, let format = node.format, format != "date" {
            report(.typeMismatch, "the 'date' filter needs a field with format 'date', but '\(Self.describe(interpolation.expression))' has format '\(format)'",
                   at: location, length: 4, context)
        }
    }

    static func describe(_ expression: Expression) -> String {
        if case .path(let p) = expression { return p.text }
        return "the expression"
    }

    static func typeDescription(_ type: FieldType) -> String {
        let t = type.types
        if t.isEmpty { return "of any type" }
        return t.map { name in
            switch name {
            case "array": "a list"
            case "object": "an object"
            case "integer": "an integer"
            default: "a \(name)"
            }
        }.joined(separator: " or ")
    }

    /// Compiles a condition written outside a template (e.g. in the requirement catalog).
    mutating func compileCondition(_ text: String, at location: SourceLocation) -> CompiledExpression? {
        let context = Context(file: location.file)
        do {
            var parser = try ExpressionParser(text, at: location)
            return compileExpression(try parser.parseCondition(), context).0
        } catch {
            report(error, context)
            return nil
        }
    }

    private mutating func compileCondition(_ attribute: XMLAttribute, _ context: Context) -> CompiledExpression? {
        do {
            var parser = try ExpressionParser(attribute.value, at: attribute.valueLocation)
            let expression = try parser.parseCondition()
            let compiled = compileExpression(expression, context).0
            compiled?.collectDataPaths(into: &conditionPaths)
            return compiled
        } catch {
            report(error, context)
            return nil
        }
    }

    /// Binds paths to scopes and checks them against the schema. Returns the compiled
    /// expression (nil when it cannot be compiled) and what is known of its type.
    private mutating func compileExpression(_ expression: Expression, _ context: Context) -> (CompiledExpression?, FieldType?) {
        switch expression {
        case .path(let path):
            return bind(path, context)
        case .literal(let value, _):
            return (.literal(value), nil)
        case .list(let elements, _):
            let compiled = elements.map { compileExpression($0, context).0 }
            return (compiled.contains { $0 == nil } ? nil : .list(compiled.map { $0! }), .scalar("array"))
        case .not(let inner):
            let c = compileExpression(inner, context).0
            return (c.map(CompiledExpression.not), .scalar("boolean"))
        case .and(let l, let r), .or(let l, let r):
            let (cl, _) = compileExpression(l, context)
            let (cr, _) = compileExpression(r, context)
            guard let cl, let cr else { return (nil, .scalar("boolean")) }
            if case .and = expression { return (.and(cl, cr), .scalar("boolean")) }
            return (.or(cl, cr), .scalar("boolean"))
        case .equal(let l, let r, let negated):
            let (cl, tl) = compileExpression(l, context)
            let (cr, tr) = compileExpression(r, context)
            checkComparison(l, tl, r, context)
            checkComparison(r, tr, l, context)
            guard let cl, let cr else { return (nil, .scalar("boolean")) }
            return (.equal(cl, cr, negated: negated), .scalar("boolean"))
        case .member(let element, let collection, let negated):
            let (ce, te) = compileExpression(element, context)
            let (cc, tc) = compileExpression(collection, context)
            if case .list(let literals, _) = collection {
                for literal in literals { checkComparison(element, te, literal, context) }
            } else if let tc, case .path(let p) = collection {
                if !tc.allows("array"), !tc.allows("string") {
                    report(.typeMismatch, "'in' needs a list or a text on its right, but '\(p.text)' is \(Self.typeDescription(tc))",
                           at: p.location, length: p.length, context)
                } else if let items = tc.itemType {
                    checkComparison(collection, items, element, context)
                }
            }
            guard let ce, let cc else { return (nil, .scalar("boolean")) }
            return (.member(ce, cc, negated: negated), .scalar("boolean"))
        }
    }

    /// A field compared with a literal: the literal must be a value the field can have.
    private mutating func checkComparison(_ field: Expression, _ type: FieldType?, _ other: Expression, _ context: Context) {
        guard let type, case .literal(let value, let location) = other else { return }
        let name = Self.describe(field)
        if let allowed = type.enumValues, !allowed.contains(value) {
            let shown = allowed.map(Self.literalText).joined(separator: ", ")
            let candidates = allowed.compactMap { v -> String? in if case .string(let s) = v { return s }; return nil }
            var suggestion = ""
            if case .string(let s) = value { suggestion = Suggestion.didYouMean(s, in: candidates) }
            report(.valueOutsideEnum,
                   "'\(name)' is never \(Self.literalText(value)); its values are \(shown)\(suggestion)",
                   at: location, length: Self.literalText(value).count, context)
        } else if value != .null, !type.types.isEmpty, !type.allows(value.typeName == "integer" ? "number" : value.typeName) {
            report(.typeMismatch,
                   "'\(name)' is \(Self.typeDescription(type)) and is never \(Self.literalText(value))",
                   at: location, length: Self.literalText(value).count, context)
        }
    }

    static func literalText(_ value: DataValue) -> String {
        switch value {
        case .string(let s): "'\(s)'"
        case .bool(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .number(let d): String(d)
        case .null: "null"
        case .array: "a list"
        case .object: "an object"
        }
    }

    private mutating func bind(_ path: DataPath, _ context: Context) -> (CompiledExpression?, FieldType?) {
        let first = path.segments[0]
        var root: BoundPath.Root
        var type: FieldType?
        var rest = Array(path.segments.dropFirst())
        if let index = context.loopVariables.lastIndex(where: { $0.name == first }) {
            root = .loopVariable(depth: context.loopVariables.count - 1 - index)
            type = context.loopVariables[index].type
        } else if first == "loop" {
            guard !context.loopVariables.isEmpty else {
                report(.unknownPath, "'loop' is only known inside avv:each", at: path.location, length: 4, context)
                return (nil, nil)
            }
            root = .loopInfo
            type = FieldType.loopInfo
        } else if first == "avv" {
            root = .builtin
            type = FieldType.builtins
        } else {
            root = .data
            type = .schema(schema.root)
            rest = path.segments
        }
        var walked: [String] = root == .data ? [] : [first]
        for segment in rest {
            guard let current = type else { break }
            if let member = current.member(segment) {
                type = member
                walked.append(segment)
                continue
            }
            let known = walked.isEmpty
                ? current.memberNames + context.loopVariables.map(\.name) + ["avv"] + (context.loopVariables.isEmpty ? [] : ["loop"])
                : current.memberNames
            let prefix = walked.isEmpty ? "" : walked.joined(separator: ".") + "."
            var message = "unknown field '\(prefix)\(segment)'"
            if let match = Suggestion.closest(to: segment, in: known) {
                message += "; did you mean '\(prefix)\(match)'?"
            } else if current.memberNames.isEmpty, !walked.isEmpty {
                message += "; '\(walked.joined(separator: "."))' is \(Self.typeDescription(current)) and has no fields"
            }
            var location = path.location
            location.column += prefix.count
            report(.unknownPath, message, at: location, length: segment.count, context)
            return (nil, nil)
        }
        let segments = root == .data ? path.segments : Array(path.segments.dropFirst())
        var bound = BoundPath(root: root, segments: segments, path: path)
        if root == .data { bound.slot = dataPath(segments[...]) }
        return (.path(bound), type)
    }

    /// The number of a path from the data root, its parent paths numbered first.
    private mutating func dataPath(_ segments: ArraySlice<String>) -> Int {
        if let number = dataPathNumbers[Array(segments)] { return number }
        guard let key = segments.last else { return -1 }
        let parent = segments.count > 1 ? dataPath(segments.dropLast()) : -1
        dataPathNumbers[Array(segments)] = dataPaths.count
        dataPaths.append(DataPathStep(parent: parent, key: key))
        return dataPaths.count - 1
    }

    /// Lexically normalises a path: removes `.` and resolves `..` (without touching the disk).
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [String] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else if !absolute { parts.append("..") }
            default: parts.append(String(component))
            }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
