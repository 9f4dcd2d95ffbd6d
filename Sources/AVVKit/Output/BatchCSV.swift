import Foundation

/// Reads a CSV export of customers one record at a time, without loading the file.
///
/// The format (RFC 4180, as spreadsheets export it):
/// - UTF-8 (a byte order mark is skipped); records end in LF or CRLF.
/// - The separator is `,`, or `;` or a tab when the header row has one of those and no `,`.
/// - A field in double quotes may hold separators, line breaks and `""` for one quote.
/// - The first record is the header: one schema path per column, e.g. `controller.company`,
///   `controller.address.city`, `processor.subprocessors[1].name`. A column for a list of
///   texts names either one entry (`controller.dataCategories[0]`, `[1]` …) or the whole
///   list (`controller.dataCategories`), whose cell then holds the entries separated by `;`.
///   A path the schema forbids (an unknown field of an object without more fields) is an
///   error of the header, as is one that is no path at all.
/// - An empty cell leaves the field out. Values are typed by the schema: a field that may be
///   text stays text (a postcode `01069` keeps its zero); otherwise integers (`12`), numbers
///   with a `.` decimal point (`1.5`) and the booleans `true` and `false` are recognised, and
///   anything else is kept as text for the validator to report at its cell.
///
/// Every value's location is `FILE:LINE:COL`: the line the record starts on (the header is
/// line 1) and the column of its cell, so diagnostics point into the CSV file.
final class BatchCSVReader {
    /// One column of the header.
    struct Column {
        var header: String
        var steps: [FieldPath.Step]
        /// Whether the cell is a `;`-separated list of texts (a list field named without index).
        var splitsList: Bool
        var node: SchemaNode?
    }

    /// One record after the header.
    struct Record {
        /// The line the record starts on.
        var line: Int
        /// The record's text as written (without its line end), for the manifest hash.
        var raw: String
        var cells: [(text: String, column: Int)]
    }

    let file: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    private(set) var separator = UInt8(ascii: ",")
    private(set) var columns: [Column] = []

    /// Opens `path` and reads its header row; throws when the file cannot be read or the
    /// header names no column.
    init(path: String, displayPath: String, schema: JSONSchema) throws(DiagnosticsError) {
        file = displayPath
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DiagnosticsError([Diagnostic(.error, .fileNotReadable, "cannot read '\(displayPath)'")])
        }
        self.handle = handle
        fill()
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        // The separator: what the header line uses.
        let headerBytes = buffer[position...].prefix { $0 != 0x0A }
        if !headerBytes.contains(UInt8(ascii: ",")) {
            if headerBytes.contains(UInt8(ascii: ";")) {
                separator = UInt8(ascii: ";")
            } else if headerBytes.contains(0x09) {
                separator = 0x09
            }
        }
        guard let header = try nextRecord() else {
            throw DiagnosticsError([Diagnostic(
                .error, .dataSyntax, "the CSV file is empty; expected a header row of schema paths",
                at: SourceLocation(file: file, line: 1, column: 1))])
        }
        var diagnostics: [Diagnostic] = []
        var seen: Set<String> = []
        for (text, column) in header.cells {
            let name = text.trimmingCharacters(in: .whitespaces)
            let at = SourceLocation(file: file, line: header.line, column: column)
            guard !name.isEmpty, let steps = Self.steps(name) else {
                diagnostics.append(Diagnostic(
                    .error, .dataSyntax,
                    "column \(columns.count + 1) of the header is '\(name)'; expected a schema path such as controller.address.city or controller.dataCategories[0]",
                    at: at, length: max(1, name.count)))
                columns.append(Column(header: name, steps: [], splitsList: false, node: nil))
                continue
            }
            if !seen.insert(name).inserted {
                diagnostics.append(Diagnostic(
                    .error, .duplicateKey, "the header names '\(name)' twice", at: at, length: name.count))
            }
            if let unknown = Self.unknownField(steps, in: schema.root) {
                let hint = Suggestion.unknownNameHint(unknown.key, in: unknown.names) { FieldPath.join(unknown.parent, $0) }
                diagnostics.append(Diagnostic(
                    .error, .unknownField,
                    "column \(columns.count + 1) of the header is '\(name)', but the schema has no field '\(unknown.path)'\(hint)",
                    at: at, length: name.count))
            }
            let node = schema.root.node(atPath: steps.map { step in
                switch step {
                case .key(let key): key
                case .index: "[]"
                }
            })
            let splits = node.map { $0.isArray && !($0.items?.isObject ?? false) } ?? false
            columns.append(Column(header: name, steps: steps, splitsList: splits, node: node))
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
    }

    deinit { try? handle.close() }

    /// Where a header path leaves the schema: its first key that an object forbids
    /// (`additionalProperties: false` and not among its `properties`), as a path, with the
    /// object's field names; nil when the schema has the path or does not say. Such a column
    /// could only ever hold values the validator rejects as unknown fields, one customer at a
    /// time, so the header says it once. (A key that only an `allOf` or `then` branch forbids
    /// is still reported by the validator, per row.)
    static func unknownField(_ steps: [FieldPath.Step], in root: SchemaNode) -> (path: String, key: String, parent: String, names: [String])? {
        var node = root
        var path = ""
        for step in steps {
            switch step {
            case .index(let index):
                guard let items = node.items else { return nil }
                node = items
                path = FieldPath.join(path, index: index)
            case .key(let key):
                guard let child = node.property(key) else {
                    guard node.forbidsAdditionalProperties else { return nil }
                    return (FieldPath.join(path, key), key, path, node.propertyNames)
                }
                node = child
                path = FieldPath.join(path, key)
            }
        }
        return nil
    }

    /// The steps of a header path, or nil when it is not one (`a..b`, `a[x]`, `[0]`).
    static func steps(_ path: String) -> [FieldPath.Step]? {
        let steps = FieldPath.steps(path)
        guard case .key? = steps.first else { return nil }
        // Round trip: the path must be exactly what its steps spell.
        var spelled = ""
        for step in steps {
            switch step {
            case .key(let key): spelled = FieldPath.join(spelled, key)
            case .index(let i): spelled = FieldPath.join(spelled, index: i)
            }
        }
        return spelled == path ? steps : nil
    }

    // MARK: Records

    private func fill() {
        guard !atEnd else { return }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        let chunk = handle.readData(ofLength: 1 << 16)
        if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
    }

    /// The next record, or nil at the end of the file. Blank lines are skipped.
    func nextRecord() throws(DiagnosticsError) -> Record? {
        while true {
            if position >= buffer.count { fill() }
            if position >= buffer.count { return nil }
            // Skip blank lines between records.
            if buffer[position] == 0x0A {
                position += 1
                line += 1
                continue
            }
            if buffer[position] == 0x0D, position + 1 < buffer.count, buffer[position + 1] == 0x0A {
                position += 2
                line += 1
                continue
            }
            return try readRecord()
        }
    }

    private func readRecord() throws(DiagnosticsError) -> Record {
        let startLine = line
        var raw: [UInt8] = []
        var cells: [(text: String, column: Int)] = []
        var field: [UInt8] = []
        var fieldColumn = 1
        var column = 1  // characters since the start of the current line
        var quoted = false
        var quoteOpen = false
        func byte() -> UInt8? {
            if position >= buffer.count { fill() }
            guard position < buffer.count else { return nil }
            let b = buffer[position]
            position += 1
            raw.append(b)
            if b & 0xC0 != 0x80 { column += 1 }  // count characters, not continuation bytes
            return b
        }
        func peek() -> UInt8? {
            if position >= buffer.count { fill() }
            return position < buffer.count ? buffer[position] : nil
        }
        func endField() {
            cells.append((String(decoding: field, as: UTF8.self), fieldColumn))
            field = []
            quoted = false
            fieldColumn = column
        }
        while true {
            guard let b = byte() else {
                if quoteOpen {
                    throw DiagnosticsError([Diagnostic(
                        .error, .dataSyntax, "a quoted field is not closed before the end of the file",
                        at: SourceLocation(file: file, line: startLine, column: cells.count + 1))])
                }
                endField()
                break
            }
            if quoteOpen {
                if b == UInt8(ascii: "\"") {
                    if peek() == UInt8(ascii: "\"") {
                        _ = byte()
                        field.append(b)
                    } else {
                        quoteOpen = false
                    }
                } else {
                    if b == 0x0A {
                        line += 1
                        column = 1
                    }
                    field.append(b)
                }
                continue
            }
            if b == UInt8(ascii: "\""), field.isEmpty, !quoted {
                quoted = true
                quoteOpen = true
            } else if b == separator {
                endField()
            } else if b == 0x0A {
                raw.removeLast()
                if field.last == 0x0D, !quoted { field.removeLast() }
                if raw.last == 0x0D { raw.removeLast() }
                line += 1
                endField()
                break
            } else if b == 0x0D, peek() == 0x0A {
                continue
            } else {
                field.append(b)
            }
        }
        return Record(line: startLine, raw: String(decoding: raw, as: UTF8.self), cells: cells)
    }

    // MARK: Records to data

    /// Counts the records after the header without keeping them (for a progress total).
    static func countRecords(path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var count = 0
        var inQuotes = false
        var lineHasContent = false
        while true {
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            for b in chunk {
                if b == UInt8(ascii: "\"") { inQuotes.toggle() }
                if b == 0x0A, !inQuotes {
                    if lineHasContent { count += 1 }
                    lineHasContent = false
                } else if b != 0x0D {
                    lineHasContent = true
                }
            }
        }
        if lineHasContent { count += 1 }
        return max(0, count - 1)
    }

    /// A record as data: nested values typed by the schema, with a source map into the CSV.
    func data(of record: Record) -> LoadedData {
        var root = Tree.object([], at: nil)
        for (index, column) in columns.enumerated() where index < record.cells.count && !column.steps.isEmpty {
            let (text, col) = record.cells[index]
            if text.isEmpty { continue }
            let at = SourceLocation(file: file, line: record.line, column: col)
            // The cell's length in characters, for the source map: counted once per cell.
            let length = TextLayout.count(text)
            if column.splitsList {
                let items = text.split(separator: ";").map(\.trimmingWhitespaces)
                    .filter { !$0.isEmpty }
                var list = Tree.array([], at: at)
                for (i, item) in items.enumerated() {
                    list.insert(.leaf(typed(item, column.node?.items), text: item, at: at, length: length),
                                at: [.index(i)], location: at)
                }
                root.insert(list, at: column.steps, location: at)
            } else {
                root.insert(.leaf(typed(text, column.node), text: text, at: at, length: length),
                            at: column.steps, location: at)
            }
        }
        var map = SourceMap()
        // An entry per cell and per object or list above cells: at most twice the columns.
        map.entries.reserveCapacity(2 * columns.count)
        let value = root.build(path: "", into: &map, fallback: SourceLocation(file: file, line: record.line, column: 1))
        return LoadedData(file: file, root: value, sourceMap: map)
    }

    /// A cell's value as the schema types the field.
    func typed(_ text: String, _ node: SchemaNode?) -> DataValue {
        guard let types = node?.types, !types.isEmpty, !types.contains("string") else { return .string(text) }
        if types.contains("integer") || types.contains("number"), let i = Int(text) { return .integer(i) }
        if types.contains("number"), text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
           let d = Double(text) { return .number(d) }
        if types.contains("boolean") {
            if text == "true" { return .bool(true) }
            if text == "false" { return .bool(false) }
        }
        return .string(text)
    }
}

/// A value being assembled from cells: objects by key in the order the keys came, lists by
/// the index the header gave. A row's objects have a few members each: they are found by
/// comparing keys, not by hashing them.
private enum Tree {
    case leaf(DataValue, text: String, at: SourceLocation, length: Int)
    case object([Child<String>], at: SourceLocation?)
    case array([Child<Int>], at: SourceLocation?)

    /// A member of an object (by its key) or an entry of a list (by its header index).
    struct Child<Key: Equatable & Sendable>: Sendable {
        let key: Key
        var tree: Tree
    }

    mutating func insert(_ value: Tree, at steps: [FieldPath.Step], location: SourceLocation) {
        insert(value, at: steps[...], location: location)
    }

    /// The payload is taken out of `self` before it is changed, so that a customer's
    /// columns are added in place rather than by copying the tree built so far each time.
    private mutating func insert(_ value: Tree, at steps: ArraySlice<FieldPath.Step>, location: SourceLocation) {
        guard let first = steps.first else {
            self = value
            return
        }
        let rest = steps.dropFirst()
        // `self` is matched alone (a tuple of it and the step would hold a second reference
        // to the payload, and the members would be copied at every change).
        switch first {
        case .key(let key):
            if case .object(var members, let at) = self {
                self = Self.vacant
                Self.insert(value, at: rest, location: location, under: key, in: &members)
                self = .object(members, at: at ?? location)
                return
            }
        case .index(let index):
            if case .array(var items, let at) = self {
                self = Self.vacant
                Self.insert(value, at: rest, location: location, under: index, in: &items)
                self = .array(items, at: at ?? location)
                return
            }
        }
        // The header mixes a list and an object at one path: the later column wins.
        self = Tree.empty(for: first, at: location)
        insert(value, at: steps, location: location)
    }

    /// Inserts `value` at `rest` below the child `key`, which is added (last) if new.
    private static func insert<Key: Equatable & Sendable>(
        _ value: Tree, at rest: ArraySlice<FieldPath.Step>, location: SourceLocation, under key: Key,
        in children: inout [Child<Key>]
    ) {
        if let index = children.firstIndex(where: { $0.key == key }) {
            children[index].tree.insert(value, at: rest, location: location)
        } else {
            var child = Tree.empty(for: rest.first, at: location)
            child.insert(value, at: rest, location: location)
            children.append(Child(key: key, tree: child))
        }
    }

    /// Holds nothing; stands in while a payload is being changed.
    private static let vacant = Tree.array([], at: nil)

    static func empty(for step: FieldPath.Step?, at location: SourceLocation) -> Tree {
        if case .index? = step { return .array([], at: location) }
        return .object([], at: location)
    }

    /// The data value; list entries are renumbered in index order, so gaps close.
    func build(path: String, into map: inout SourceMap, fallback: SourceLocation) -> DataValue {
        switch self {
        case .leaf(let value, let text, let at, let length):
            var entry = SourceMap.Entry(value: at, valueLength: max(1, length))
            if case .string = value {} else { entry.plainText = text }
            map.entries[path] = entry
            return value
        case .object(let members, let at):
            var out: [String: DataValue] = [:]
            out.reserveCapacity(members.count)
            for member in members {
                out[member.key] = member.tree.build(path: FieldPath.join(path, member.key), into: &map, fallback: fallback)
            }
            var entry = SourceMap.Entry(value: at ?? fallback, valueLength: 1)
            entry.keys = members.map(\.key)
            map.entries[path] = entry
            return .object(out)
        case .array(let items, let at):
            var out: [DataValue] = []
            out.reserveCapacity(items.count)
            for item in items.sorted(by: { $0.key < $1.key }) {
                out.append(item.tree.build(path: FieldPath.join(path, index: out.count), into: &map, fallback: fallback))
            }
            map.entries[path] = SourceMap.Entry(value: at ?? fallback, valueLength: 1)
            return .array(out)
        }
    }
}
