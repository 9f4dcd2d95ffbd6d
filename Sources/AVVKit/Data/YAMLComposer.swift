/// Composes libyaml events into a ``DataValue`` and its ``SourceMap``.
///
/// Two passes: events become a node graph (aliases are links to anchored nodes, so nothing
/// is copied yet), then the graph becomes values. Limits are checked in the first pass, before
/// anything is expanded: nesting depth, list length and the number of values aliases add,
/// whose exact count is known from each anchored node's expanded size.
struct YAMLComposer {
    typealias Event = LibYAMLParser.Event

    struct Node {
        enum Kind {
            case scalar(String, Event.ScalarStyle, tag: String?)
            case sequence([Int], tag: String?)
            case mapping([Pair], tag: String?)
            case alias(Int)
        }
        var kind: Kind
        var start: Int
        var end: Int
        /// Values this node stands for once aliases are expanded (saturating).
        var size: Int
        /// Collections nested in this node once aliases are expanded, itself included.
        var height: Int
    }

    struct Pair {
        var key: String
        var keyNode: Int
        var value: Int
    }

    private struct Frame {
        var isMapping: Bool
        var start: Int
        var anchor: String?
        var tag: String?
        var path: String
        var items: [Int] = []
        var pairs: [Pair] = []
        var pendingKey: (text: String, node: Int)?
        var seenKeys: [String: Int] = [:]
    }

    private let format: DataFormat
    private let source: SourceText
    private var nodes: [Node] = []
    private var anchors: [String: Int] = [:]
    private var stack: [Frame] = []
    private var aliasExpansion = 0
    private var duplicates: [Diagnostic] = []
    private var root: Int?
    private var entries: [String: SourceMap.Entry] = [:]
    /// Forbidden characters written literally, masked before parsing, by scalar offset.
    private var forbidden: [Int: Unicode.Scalar] = [:]
    /// Values and keys that carry a forbidden character; reported together after parsing.
    private var characterProblems: [Diagnostic] = []
    /// When set, reading stops at the scalar containing this offset and records its path.
    private var locate: Int?
    private var located: String?

    /// The field path of the value (or the mapping of the key) at a scalar offset, as far as
    /// the text parses; for naming the field of an encoding error.
    static func fieldPath(at offset: Int, in text: String) -> String? {
        var composer = YAMLComposer(format: .yaml, source: SourceText(text, file: ""))
        composer.locate = offset
        try? composer.readEvents(LibYAMLParser(ForbiddenCharacters.screen(text).text))
        return composer.located.flatMap { $0.isEmpty ? nil : $0 }
    }

    private init(format: DataFormat, source: SourceText) {
        self.format = format
        self.source = source
    }

    /// Parses `text` (without a byte order mark) into the top-level object and its source map;
    /// with `allowList`, a top-level list is accepted too (batch files).
    static func compose(_ text: String, file: String, format: DataFormat, allowList: Bool = false)
        throws(DiagnosticsError) -> (DataValue, SourceMap)
    {
        // Positions and JSON strings are read from the text as written; libyaml reads a copy
        // with forbidden characters and JSON surrogate escapes masked, offsets unchanged.
        var composer = YAMLComposer(format: format, source: SourceText(text, file: file))
        let screened = ForbiddenCharacters.screen(text)
        for occurrence in screened.occurrences { composer.forbidden[occurrence.offset] = occurrence.scalar }
        let parserText = format == .json ? JSONString.maskSurrogates(screened.text) : screened.text
        do {
            try composer.readEvents(LibYAMLParser(parserText))
        } catch {
            // A masked character can break the syntax around it: name it first.
            throw DiagnosticsError(composer.unattributedCharacters() + error.diagnostics)
        }
        let problems = composer.characterProblems + composer.unattributedCharacters()
        if !problems.isEmpty { throw DiagnosticsError((problems + composer.duplicates).inDocumentOrder()) }
        if !composer.duplicates.isEmpty { throw DiagnosticsError(composer.duplicates) }
        guard let root = composer.root else {
            throw DiagnosticsError([composer.diagnostic(
                .wrongType, "expected a mapping of fields at the top level, found an empty file", at: 0)])
        }
        switch composer.nodes[root].kind {
        case .mapping: break
        case .sequence where allowList: break
        default:
            let found = composer.describe(root)
            throw DiagnosticsError([composer.diagnostic(
                .wrongType, "expected a mapping of fields at the top level, found \(found)",
                at: composer.nodes[root].start, length: composer.scalarLength(root))])
        }
        let value = try composer.build(root, path: "", key: nil)
        var map = SourceMap()
        map.entries = composer.entries
        return (value, map)
    }

    // MARK: Events to nodes

    private var syntaxName: String { format == .json ? "JSON" : "YAML" }

    private mutating func readEvents(_ parser: LibYAMLParser) throws(DiagnosticsError) {
        var documents = 0
        while true {
            let event: Event
            do {
                event = try parser.next()
            } catch {
                throw DiagnosticsError([syntaxError(error)])
            }
            switch event.kind {
            case .streamStart, .documentEnd:
                continue
            case .streamEnd:
                return
            case .documentStart:
                documents += 1
                if documents > 1 {
                    throw fail(.dataSyntax, "expected one document, found a second one", at: event.start)
                }
            case .alias:
                try requireYAML(event, "aliases")
                let name = event.anchor ?? ""
                guard let target = anchors[name] else {
                    throw fail(.dataSyntax, "unknown alias '*\(name)'; define '&\(name)' before using it",
                               at: event.start, length: event.end - event.start)
                }
                aliasExpansion = min(Int.max / 2, aliasExpansion + nodes[target].size)
                if aliasExpansion > DataLoader.maxAliasExpansion {
                    throw fail(.inputTooLarge,
                               "aliases expand to more than \(DataLoader.maxAliasExpansion) values; refusing to expand '*\(name)'",
                               at: event.start, length: event.end - event.start, path: childPath())
                }
                if stack.count + nodes[target].height > DataLoader.maxNestingDepth {
                    throw fail(.inputTooLarge,
                               "alias '*\(name)' nests values deeper than \(DataLoader.maxNestingDepth) levels",
                               at: event.start, length: event.end - event.start, path: childPath())
                }
                let target_ = nodes[target]
                try add(Node(kind: .alias(target), start: event.start, end: event.end,
                             size: target_.size, height: target_.height), anchor: nil)
            case .scalar:
                if let locate, event.start <= locate, locate < max(event.end, event.start + 1) {
                    located = scalarPlace().path
                    throw DiagnosticsError([])
                }
                try checkJSONScalar(event)
                var event = event
                if format == .json, event.scalarStyle == .doubleQuoted {
                    event.value = try decodeJSONString(event)
                }
                screenScalar(event)
                try add(Node(kind: .scalar(event.value, event.scalarStyle, tag: event.tag),
                             start: event.start, end: event.end, size: 1, height: 0),
                        anchor: event.anchor)
            case .sequenceStart, .mappingStart:
                let isMapping = event.kind == .mappingStart
                if format == .json {
                    try requireYAML(event, "anchors and tags", when: event.anchor != nil || event.tag != nil)
                    if !event.isFlow {
                        throw fail(.dataSyntax, "invalid JSON: expected '\(isMapping ? "{" : "[")'", at: event.start)
                    }
                }
                if stack.count + 1 > DataLoader.maxNestingDepth {
                    throw fail(.inputTooLarge, "values nest deeper than \(DataLoader.maxNestingDepth) levels",
                               at: event.start, path: childPath())
                }
                stack.append(Frame(isMapping: isMapping, start: event.start, anchor: event.anchor,
                                   tag: event.tag, path: childPath()))
            case .sequenceEnd, .mappingEnd:
                if format == .json { try checkNoTrailingComma(before: event.start, closing: event.kind == .mappingEnd ? "}" : "]") }
                let frame = stack.removeLast()
                let children = frame.isMapping ? frame.pairs.map(\.value) : frame.items
                let size = children.reduce(1) { min(Int.max / 2, $0 + nodes[$1].size) }
                let height = 1 + (children.map { nodes[$0].height }.max() ?? 0)
                let kind: Node.Kind = frame.isMapping ? .mapping(frame.pairs, tag: frame.tag)
                                                      : .sequence(frame.items, tag: frame.tag)
                try add(Node(kind: kind, start: frame.start, end: event.end, size: size, height: height),
                        anchor: frame.anchor)
            }
        }
    }

    /// The path of the value about to start inside the innermost open collection.
    private func childPath() -> String {
        guard let frame = stack.last else { return "" }
        if !frame.isMapping { return FieldPath.join(frame.path, index: frame.items.count) }
        if let key = frame.pendingKey { return FieldPath.join(frame.path, key.text) }
        return frame.path
    }

    private mutating func add(_ node: Node, anchor: String?) throws(DiagnosticsError) {
        let index = nodes.count
        nodes.append(node)
        if let anchor { anchors[anchor] = index }
        guard !stack.isEmpty else {
            root = index
            return
        }
        let top = stack.count - 1
        if !stack[top].isMapping {
            if stack[top].items.count >= DataLoader.maxArrayLength {
                throw fail(.inputTooLarge, "\(stack[top].path): more than \(DataLoader.maxArrayLength) items in a list",
                           at: node.start)
            }
            stack[top].items.append(index)
        } else if let key = stack[top].pendingKey {
            stack[top].pairs.append(Pair(key: key.text, keyNode: key.node, value: index))
            stack[top].pendingKey = nil
        } else {
            let text = try keyText(index)
            if let first = stack[top].seenKeys[text] {
                let firstLocation = source.location(at: nodes[first].start)
                duplicates.append(Diagnostic(
                    .error, .duplicateKey,
                    "\(FieldPath.join(stack[top].path, text)): duplicate key '\(text)'",
                    at: source.location(at: node.start), length: scalarLength(index),
                    fieldPath: FieldPath.join(stack[top].path, text),
                    notes: [Diagnostic.Note("'\(text)' is first given here", at: firstLocation)]))
            } else {
                stack[top].seenKeys[text] = index
            }
            stack[top].pendingKey = (text, index)
        }
    }

    /// The text of a key: a scalar, or an alias of one.
    private mutating func keyText(_ index: Int) throws(DiagnosticsError) -> String {
        var node = nodes[index]
        if case .alias(let target) = node.kind { node = nodes[target] }
        guard case .scalar(let text, let style, _) = node.kind else {
            throw fail(.dataSyntax, "a key must be a single value, not a list or mapping", at: nodes[index].start)
        }
        if format == .json, style != .doubleQuoted {
            throw fail(.dataSyntax, "invalid JSON: keys must be strings in double quotes",
                       at: node.start, length: node.end - node.start)
        }
        return text
    }

    private func checkJSONScalar(_ event: Event) throws(DiagnosticsError) {
        guard format == .json else { return }
        try requireYAML(event, "anchors and tags", when: event.anchor != nil || event.tag != nil)
        if let top = stack.last, top.isMapping, top.pendingKey == nil, event.scalarStyle != .doubleQuoted {
            throw fail(.dataSyntax, "invalid JSON: keys must be strings in double quotes",
                       at: event.start, length: event.end - event.start)
        }
        switch event.scalarStyle {
        case .doubleQuoted:
            return
        case .plain where ScalarResolver.isJSONLiteral(event.value):
            return
        case .plain:
            throw fail(.dataSyntax, "invalid JSON: \(event.value) is not a JSON value; put text in double quotes",
                       at: event.start, length: event.end - event.start)
        default:
            throw fail(.dataSyntax, "invalid JSON: strings need double quotes",
                       at: event.start, length: event.end - event.start)
        }
    }

    /// The path a scalar about to be added stands for, and whether it is a key.
    private func scalarPlace() -> (path: String, isKey: Bool) {
        if let top = stack.last, top.isMapping, top.pendingKey == nil { return (top.path, true) }
        return (childPath(), false)
    }

    private mutating func decodeJSONString(_ event: Event) throws(DiagnosticsError) -> String {
        let raw = source.scalars(event.start..<event.end)
        // Without an escape, a control or a forbidden character, JSON and YAML read the
        // string alike: libyaml's value stands.
        if raw.count >= 2, raw.first == "\"", raw.last == "\"",
            !raw.dropFirst().dropLast().contains(where: { $0 == "\\" || $0.value < 0x20 || Sanitizer.isForbidden($0) })
        {
            return event.value
        }
        switch JSONString.decode(raw) {
        case .success(let value):
            return value
        case .failure(let failure) where failure.code == .forbiddenCharacter:
            recordCharacterProblem(failure.message, at: event.start + failure.offset, length: failure.length)
            return ""
        case .failure(let failure):
            throw fail(failure.code, failure.message, at: event.start + failure.offset, length: failure.length,
                       path: scalarPlace().isKey ? nil : scalarPlace().path)
        }
    }

    /// Records each forbidden character of a scalar: written literally (masked before
    /// parsing) or produced by an escape.
    private mutating func screenScalar(_ event: Event) {
        var found = false
        // Most files hold no forbidden character: no look per byte then.
        for offset in event.start..<event.end where !forbidden.isEmpty {
            guard let scalar = forbidden.removeValue(forKey: offset) else { continue }
            recordCharacterProblem("contains \(ForbiddenCharacters.describe(scalar)), which a document cannot show; remove it",
                                   at: offset, length: 1)
            found = true
        }
        guard !found, format == .yaml, event.scalarStyle == .doubleQuoted,
              event.value.unicodeScalars.contains(where: Sanitizer.isForbidden) else { return }
        if let escape = ForbiddenCharacters.firstForbiddenEscape(in: source.scalars(event.start..<event.end)) {
            recordCharacterProblem("contains \(ForbiddenCharacters.describe(escape.scalar)), which a document cannot show; remove it",
                                   at: event.start + escape.offset, length: escape.length)
        } else {
            let scalar = event.value.unicodeScalars.first(where: Sanitizer.isForbidden)!
            recordCharacterProblem("contains \(ForbiddenCharacters.describe(scalar)), which a document cannot show; remove it",
                                   at: event.start, length: 1)
        }
    }

    private mutating func recordCharacterProblem(_ message: String, at offset: Int, length: Int) {
        let (path, isKey) = scalarPlace()
        let what = isKey ? "a key " + message : message
        var diagnostic = diagnostic(.forbiddenCharacter, path.isEmpty ? what : "\(Self.shortened(path)): \(what)",
                                    at: offset, length: length)
        diagnostic.fieldPath = path
        characterProblems.append(diagnostic)
    }

    /// Forbidden characters outside any value (in comments, between tokens).
    private func unattributedCharacters() -> [Diagnostic] {
        forbidden.sorted { $0.key < $1.key }.map { offset, scalar in
            diagnostic(.forbiddenCharacter, "\(ForbiddenCharacters.describe(scalar)) is not allowed in a data file; remove it",
                       at: offset)
        }
    }

    /// YAML's flow collections allow `[1, 2,]`; JSON does not.
    private func checkNoTrailingComma(before offset: Int, closing: String) throws(DiagnosticsError) {
        var i = offset - 1
        let raw = source.scalars(max(0, offset - 4096)..<offset)
        var index = raw.endIndex - 1
        while index >= raw.startIndex, raw[index] == " " || raw[index] == "\t" || raw[index] == "\n" || raw[index] == "\r" {
            index -= 1
            i -= 1
        }
        if index >= raw.startIndex, raw[index] == "," {
            throw fail(.dataSyntax, "invalid JSON: a comma before '\(closing)'; remove it", at: i, path: stack.last?.path)
        }
    }

    private func requireYAML(_ event: Event, _ what: String, when condition: Bool = true) throws(DiagnosticsError) {
        if format == .json && condition {
            throw fail(.dataSyntax, "invalid JSON: \(what) are YAML, not JSON", at: event.start)
        }
    }

    // MARK: Nodes to values

    private mutating func build(_ index: Int, path: String, key: (start: Int, length: Int)?)
        throws(DiagnosticsError) -> DataValue
    {
        var node = nodes[index]
        if case .alias(let target) = node.kind { node = nodes[target] }
        var entry = SourceMap.Entry(value: source.location(at: node.start), valueLength: 1)
        if let key {
            entry.key = source.location(at: key.start)
            entry.keyLength = key.length
        }
        let value: DataValue
        switch node.kind {
        case .alias:
            preconditionFailure("an alias always names a composed, non-alias node")
        case .scalar(let text, let style, let tag):
            entry.valueLength = source.length(from: node.start, to: node.end)
            let resolverStyle: ScalarResolver.Style =
                switch style {
                case .plain: .plain
                case .singleQuoted, .doubleQuoted: .quoted
                case .literal, .folded: .block
                }
            switch ScalarResolver.resolve(text, style: resolverStyle, tag: tag) {
            case .success(let resolved): value = resolved
            case .failure(let error):
                throw fail(.dataSyntax, error.message, at: node.start, length: node.end - node.start)
            }
            if style == .plain, !text.utf8.contains(0x0A) { entry.plainText = text }  // byte-wise: Foundation's search bridges to UTF-16
        case .sequence(let items, let tag):
            try checkCollectionTag(tag, expected: "seq", at: node.start)
            var values: [DataValue] = []
            values.reserveCapacity(items.count)
            for (offset, item) in items.enumerated() {
                values.append(try build(item, path: FieldPath.join(path, index: offset), key: nil))
            }
            value = .array(values)
        case .mapping(let pairs, let tag):
            try checkCollectionTag(tag, expected: "map", at: node.start)
            var members: [String: DataValue] = [:]
            var keys: [String] = []
            for pair in pairs where members[pair.key] == nil {
                let keyNode = nodes[pair.keyNode]
                members[pair.key] = try build(
                    pair.value, path: FieldPath.join(path, pair.key),
                    key: (keyNode.start, source.length(from: keyNode.start, to: keyNode.end)))
                keys.append(pair.key)
            }
            entry.keys = keys
            value = .object(members)
        }
        entries[path] = entry
        return value
    }

    private func checkCollectionTag(_ tag: String?, expected: String, at offset: Int) throws(DiagnosticsError) {
        guard let tag, tag != "!", tag != ScalarResolver.tagPrefix + expected else { return }
        throw fail(.dataSyntax, "unsupported tag '\(ScalarResolver.shortTag(tag))'", at: offset)
    }

    // MARK: Diagnostics

    private func describe(_ index: Int) -> String {
        var node = nodes[index]
        if case .alias(let target) = node.kind { node = nodes[target] }
        switch node.kind {
        case .sequence: return "a list"
        case .mapping, .alias: return "a mapping"
        case .scalar(let text, _, _): return text.isEmpty ? "an empty document" : "a single value"
        }
    }

    private func scalarLength(_ index: Int) -> Int {
        source.length(from: nodes[index].start, to: nodes[index].end)
    }

    private func diagnostic(_ code: DiagnosticCode, _ message: String, at offset: Int, length: Int = 1) -> Diagnostic {
        let location = source.location(at: offset)
        let width = length > 1 ? source.length(from: offset, to: offset + length) : 1
        return Diagnostic(.error, code, message, at: location, length: width)
    }

    /// A diagnostic; with a `path`, the message starts with it and `fieldPath` is set.
    private func fail(_ code: DiagnosticCode, _ message: String, at offset: Int, length: Int = 1,
                      path: String? = nil) -> DiagnosticsError {
        guard let path, !path.isEmpty else { return DiagnosticsError([diagnostic(code, message, at: offset, length: length)]) }
        var result = diagnostic(code, "\(Self.shortened(path)): \(message)", at: offset, length: length)
        result.fieldPath = path
        return DiagnosticsError([result])
    }

    /// A field path for a message: a very long one (deep nesting) keeps its ends.
    static func shortened(_ path: String) -> String {
        guard path.count > 60 else { return path }
        var head = path.prefix(28), tail = path.suffix(28)
        if let cut = head.lastIndex(where: { $0 == "." || $0 == "[" }), cut > head.startIndex { head = head[..<cut] }
        if let cut = tail.firstIndex(where: { $0 == "." || $0 == "[" }) { tail = tail[cut...] }
        return head + "…" + tail
    }

    private func syntaxError(_ failure: LibYAMLParser.Failure) -> Diagnostic {
        let offset: Int
        if let scalarOffset = failure.offset {
            offset = scalarOffset
        } else if let byteOffset = failure.byteOffset {
            offset = source.scalarOffset(ofByte: byteOffset)
        } else {
            offset = 0
        }
        if failure.problem.contains("nesting level") {
            // libyaml's own guard (1000 levels) can fire first while it scans ahead.
            let path = stack.last?.path ?? ""
            return Diagnostic(.error, .inputTooLarge,
                              (path.isEmpty ? "" : "\(Self.shortened(path)): ") + "values nest deeper than \(DataLoader.maxNestingDepth) levels",
                              at: source.location(at: offset), fieldPath: path.isEmpty ? nil : path)
        }
        var message = "invalid \(syntaxName): \(failure.problem)"
        if let context = failure.context, let contextOffset = failure.contextOffset {
            message += " (\(context) at line \(source.location(at: contextOffset).line))"
        }
        // The value being read, so that the field can be found in a long file.
        let container = stack.last?.path ?? ""
        if !container.isEmpty { message += " in '\(Self.shortened(container))'" }
        return Diagnostic(.error, .dataSyntax, message, at: source.location(at: offset),
                          fieldPath: container.isEmpty ? nil : container)
    }
}
