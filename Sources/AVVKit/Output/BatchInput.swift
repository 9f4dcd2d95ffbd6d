import Foundation

/// The customers of a batch, read one at a time: a CSV export, a YAML or JSON list, or a
/// folder of YAML and JSON files.
///
/// - CSV (`.csv`, `.tsv`): one customer per record, read as the file streams (see
///   ``BatchCSVReader`` for the columns); locations are `FILE:LINE:COL`.
/// - A YAML or JSON file whose top level is a list: one customer per entry. The file is read
///   whole, so ``DataLoader/maxFileSize`` (1 MiB) and ``DataLoader/maxArrayLength`` limit it;
///   use CSV or a folder for more customers.
/// - A folder: every `.yaml`, `.yml` and `.json` file in it (not below it), by name.
///
/// With a base profile (`avv generate base.yaml --batch customers.csv`) every customer is
/// the base with the customer's fields laid over it: objects merge field by field, a list or
/// a value replaces the base's. That keeps the provider's own profile (processor, TOMs,
/// sub-processors) in one file and the customers in the export.
public final class BatchInput: @unchecked Sendable {
    // Mutable state is only touched under `lock` (``next()`` is called from many threads).
    private let lock = NSLock()

    /// One customer as read: still to be loaded (a file) or loaded, not yet validated.
    public struct Entry: Sendable {
        /// How the customer is named in the summary: `customers.csv:7`, `list.yaml:12`,
        /// `customers/mueller.yaml`.
        public var name: String
        var source: Source
    }

    enum Source: Sendable {
        case file(path: String, displayPath: String)
        /// Data from a record or list entry, and the text the manifest hashes for it.
        case loaded(LoadedData, raw: Foundation.Data)
        case failed(DiagnosticsError)
    }

    public enum Kind: String, Sendable { case csv, list, folder }

    public let kind: Kind
    /// How many customers the input holds, when known before reading them.
    public let count: Int?
    private var csv: BatchCSVReader?
    private var pending: [Entry] = []
    private var index = 0

    /// Opens a batch input; `displayPath` names it in diagnostics.
    public init(path: String, displayPath: String? = nil, schema: JSONSchema) throws(DiagnosticsError) {
        let name = displayPath ?? path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DiagnosticsError([Diagnostic(.error, .fileNotReadable, "cannot read '\(name)': no such file or folder")])
        }
        if isDirectory.boolValue {
            kind = .folder
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { !$0.hasPrefix(".") && DataFormat(path: $0) != nil }.sorted()
            pending = names.map { file in
                Entry(name: OutputWriter.join(name, file),
                      source: .file(path: OutputWriter.join(path, file), displayPath: OutputWriter.join(name, file)))
            }
            count = pending.count
            return
        }
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") {
            kind = .csv
            csv = try BatchCSVReader(path: path, displayPath: name, schema: schema)
            count = BatchCSVReader.countRecords(path: path)
            return
        }
        guard let format = DataFormat(path: path) else {
            throw DiagnosticsError([Diagnostic(
                .error, .fileNotReadable,
                "cannot read '\(name)' as a batch: expected a .csv file, a .yaml or .json list, or a folder")])
        }
        kind = .list
        let bytes = try DataLoader.readFile(path, name: name)
        pending = try Self.entries(bytes, file: name, format: format)
        count = pending.count
    }

    /// The next customer, or nil when all have been read. Safe to call from many threads.
    public func next() -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        if let csv {
            do throws(DiagnosticsError) {
                guard let record = try csv.nextRecord() else { return nil }
                return Entry(name: "\(csv.file):\(record.line)",
                             source: .loaded(csv.data(of: record), raw: Data(record.raw.utf8)))
            } catch {
                self.csv = nil  // a broken quote ends the file
                return Entry(name: csv.file, source: .failed(error))
            }
        }
        guard index < pending.count else { return nil }
        defer {
            pending[index] = Entry(name: "", source: .failed(DiagnosticsError([])))  // release it
            index += 1
        }
        return pending[index]
    }

    /// The entries of a YAML or JSON list.
    static func entries(_ bytes: Foundation.Data, file: String, format: DataFormat) throws(DiagnosticsError) -> [Entry] {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        let (root, map) = try YAMLComposer.compose(text, file: file, format: format, allowList: true)
        guard case .array(let items) = root else {
            throw DiagnosticsError([Diagnostic(
                .error, .wrongType, "expected a list of customers at the top level of a batch file",
                at: map.location(of: "") ?? SourceLocation(file: file, line: 1, column: 1))])
        }
        var entries: [Entry] = []
        for (i, item) in items.enumerated() {
            let prefix = "[\(i)]"
            var itemMap = SourceMap()
            for (path, entry) in map.entries where path.hasPrefix(prefix) {
                let rest = path.dropFirst(prefix.count)
                if rest.isEmpty {
                    itemMap.entries[""] = entry
                } else if rest.hasPrefix(".") {
                    itemMap.entries[String(rest.dropFirst())] = entry
                } else if rest.hasPrefix("[") {
                    continue  // `[1]` is not below `[10]`…
                }
            }
            let at = itemMap.location(of: "") ?? SourceLocation(file: file, line: 1, column: 1)
            let name = "\(file):\(at.line)"
            guard case .object = item else {
                entries.append(Entry(name: name, source: .failed(DiagnosticsError([Diagnostic(
                    .error, .wrongType, "entry \(i + 1) of the list: expected the fields of a customer, found \(item.typeName)",
                    at: at, fieldPath: prefix)]))))
                continue
            }
            let raw = (try? canonicalJSON(item)) ?? Data()
            entries.append(Entry(name: name, source: .loaded(LoadedData(file: file, root: item, sourceMap: itemMap), raw: raw)))
        }
        return entries
    }

    /// A stable encoding of a value (sorted keys), what the manifest hashes for a list entry.
    static func canonicalJSON(_ value: DataValue) throws -> Data {
        func plain(_ value: DataValue) -> Any {
            switch value {
            case .null: NSNull()
            case .bool(let b): b
            case .integer(let i): i
            case .number(let d): d
            case .string(let s): s
            case .array(let a): a.map(plain)
            case .object(let o): o.mapValues(plain)
            }
        }
        return try JSONSerialization.data(withJSONObject: plain(value), options: [.sortedKeys, .fragmentsAllowed])
    }
}

extension DataValue {
    fileprivate var isContainer: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }
}

extension LoadedData {
    /// `overlay` laid over this data: objects merge field by field, anything else replaces.
    /// Locations follow the value: a field from the overlay points into the overlay's file.
    func merged(with overlay: LoadedData) -> LoadedData {
        var map = sourceMap
        let value = Self.merge(root, overlay.root, path: "", base: sourceMap, overlay: overlay.sourceMap, into: &map)
        return LoadedData(file: overlay.file, root: value, sourceMap: map)
    }

    private static func merge(
        _ base: DataValue, _ top: DataValue, path: String, base baseMap: SourceMap, overlay: SourceMap,
        into map: inout SourceMap
    ) -> DataValue {
        guard case .object(var members) = base, case .object(let topMembers) = top else {
            // Replaced whole: drop what the base said at and below this path, take the overlay's.
            if base.isContainer {
                for key in map.entries.keys where isAtOrBelow(key, path) { map.entries[key] = nil }
            }
            map.entries[path] = nil
            copy(path, container: top.isContainer, from: overlay, into: &map)
            return top
        }
        var keys = baseMap.entry(path)?.keys ?? members.keys.sorted()
        for key in overlay.entry(path)?.keys ?? topMembers.keys.sorted() {
            guard let value = topMembers[key] else { continue }
            let child = FieldPath.join(path, key)
            if let old = members[key] {
                members[key] = merge(old, value, path: child, base: baseMap, overlay: overlay, into: &map)
            } else {
                keys.append(key)
                members[key] = value
                copy(child, container: value.isContainer, from: overlay, into: &map)
            }
        }
        // An object both give points at the customer's part: diagnostics about it (a field
        // missing) are about that customer.
        var entry = overlay.entry(path) ?? map.entries[path]
            ?? SourceMap.Entry(value: SourceLocation(file: "", line: 1, column: 1), valueLength: 1)
        entry.keys = keys
        map.entries[path] = entry
        return .object(members)
    }

    private static func isAtOrBelow(_ key: String, _ path: String) -> Bool {
        guard key.hasPrefix(path) else { return false }
        if key.count == path.count || path.isEmpty { return true }
        let next = key[key.index(key.startIndex, offsetBy: path.count)]
        return next == "." || next == "["
    }

    private static func copy(_ path: String, container: Bool, from overlay: SourceMap, into map: inout SourceMap) {
        if container {
            for (key, entry) in overlay.entries where isAtOrBelow(key, path) { map.entries[key] = entry }
        } else {
            map.entries[path] = overlay.entries[path]
        }
    }
}
