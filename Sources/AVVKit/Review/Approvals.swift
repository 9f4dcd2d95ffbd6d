import Foundation

/// `Templates/approvals.json`: for each clause and language, the SHA-256 of the wording a
/// lawyer approved, who approved it and when, and a copy of that wording (so that the
/// redline against the approval needs no git history).
///
/// The file is written by `avv approve` and read by `check`, `generate`, `examples` and
/// `review`. Its encoding is deterministic: entries sorted by language, file and clause, keys
/// sorted, pretty-printed, one trailing newline. A set without the file has no approvals.
public struct Approvals: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// SHA-256 of ``wording`` (UTF-8), lower-case hex.
        public var sha256: String
        public var approvedBy: String
        /// `YYYY-MM-DD`.
        public var date: String
        /// The approved wording, normalised as ``ClauseInventory`` takes it.
        public var wording: String

        public init(sha256: String, approvedBy: String, date: String, wording: String) {
            self.sha256 = sha256
            self.approvedBy = approvedBy
            self.date = date
            self.wording = wording
        }
    }

    public static let fileName = "approvals.json"
    public static let currentVersion = 1

    public var entries: [ClauseKey: Entry]

    public init(entries: [ClauseKey: Entry] = [:]) { self.entries = entries }

    /// `<directory>/approvals.json`.
    public static func path(in directory: String) -> String {
        TemplateCompiler.normalize((directory as NSString).appendingPathComponent(fileName))
    }

    /// Reads the approvals of the template set in `directory`; none when the file is absent.
    public static func load(directory: String) throws(DiagnosticsError) -> Approvals {
        let path = path(in: directory)
        return try load(FileManager.default.contents(atPath: path), file: path)
    }

    /// The approvals in `data`, the contents of `file` as read (nil when it could not be read:
    /// no approvals when the file is absent, an error when it is there but unreadable).
    static func load(_ data: Data?, file path: String) throws(DiagnosticsError) -> Approvals {
        guard let data else {
            guard FileManager.default.fileExists(atPath: path) else { return Approvals() }
            throw DiagnosticsError([Diagnostic(.error, .fileNotReadable, "cannot read the approvals \(path)")])
        }
        return try parse(data, file: path)
    }

    /// Parses the file; every problem is reported with its line, column and field.
    public static func parse(_ data: Data, file: String) throws(DiagnosticsError) -> Approvals {
        // The file is written by `avv approve`. Read quickly, a file that is byte for byte
        // what `avv approve` writes for its entries needs nothing else; any other file is
        // read again with every value's position, for the messages.
        if let root = quickRead(data), let approvals = try? parse(root: root, file: file, locate: { _ in nil }),
            approvals.encoded() == data
        {
            return approvals
        }
        let loaded = try DataLoader.load(data: data, file: file, format: .json)
        return try parse(root: loaded.root, file: file, locate: { loaded.sourceMap.location(of: $0) })
    }

    /// The file's content when it has the layout `avv approve` writes and no forbidden
    /// character; nil otherwise.
    private static func quickRead(_ data: Data) -> DataValue? {
        guard let file = try? JSONDecoder().decode(FileJSON.self, from: data) else { return nil }
        var items: [DataValue] = []
        for entry in file.approvals {
            let fields = [
                "language": entry.language, "file": entry.file, "clause": entry.clause, "sha256": entry.sha256,
                "approvedBy": entry.approvedBy, "date": entry.date, "wording": entry.wording,
            ]
            if fields.values.contains(where: Sanitizer.mayContainForbidden) { return nil }
            items.append(.object(fields.mapValues(DataValue.string)))
        }
        return .object(["version": .integer(file.version), "approvals": .array(items)])
    }

    private static func parse(
        root: DataValue, file: String, locate: (String) -> SourceLocation?
    ) throws(DiagnosticsError) -> Approvals {
        var diagnostics: [Diagnostic] = []
        func fail(_ field: String, _ message: String) {
            diagnostics.append(Diagnostic(
                .error, .approvalsInvalid, "\(field): \(message)",
                at: locate(field) ?? SourceLocation(file: file, line: 1, column: 1),
                fieldPath: field))
        }
        if let version = root["version"], version != .integer(currentVersion) {
            fail("version", "expected \(currentVersion), the only layout this avv reads; found \(SchemaParser.describe(version))")
        }
        var entries: [ClauseKey: Entry] = [:]
        guard case .array(let items)? = root["approvals"] else {
            fail("approvals", "expected a list of approvals, e.g. [{\"language\": \"de\", \"file\": …}]")
            throw DiagnosticsError(diagnostics)
        }
        for (i, item) in items.enumerated() {
            let base = "approvals[\(i)]"
            guard case .object = item else {
                fail(base, "expected an object with language, file, clause, sha256, approvedBy, date and wording")
                continue
            }
            func text(_ name: String, _ what: String) -> String? {
                guard case .string(let s)? = item[name], !s.isEmpty else {
                    fail(base + "." + name, "expected \(what)" + (item[name] == nil ? "; the field is missing" : ""))
                    return nil
                }
                return s
            }
            let languageName = text("language", "the language, 'de' or 'en'")
            let language = languageName.flatMap(Language.init(rawValue:))
            if let languageName, language == nil {
                fail(base + ".language", "expected 'de' or 'en', found '\(languageName)'")
            }
            let file = text("file", "the template file that defines the clause, relative to the template folder")
            let clause = text("clause", "the clause or annex id")
            let sha = text("sha256", "the SHA-256 of the approved wording, 64 hex digits")
            if let sha, sha.count != 64 || !sha.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
                fail(base + ".sha256", "expected 64 lower-case hex digits, found '\(sha)'")
            }
            let by = text("approvedBy", "who approved the wording, e.g. \"Dr. Erika Muster\"")
            let date = text("date", "the date of the approval, YYYY-MM-DD")
            if let date, !DocumentDate.isValid(date) {
                fail(base + ".date", "expected a date written YYYY-MM-DD, found '\(date)'")
            }
            let wording = text("wording", "the approved wording")
            guard let language, let file, let clause, let sha, let by, let date, let wording else { continue }
            let key = ClauseKey(language: language, file: file, clause: clause)
            if entries[key] != nil {
                fail(base, "clause '\(clause)' of \(file) in '\(language.rawValue)' is approved twice; keep one entry")
                continue
            }
            entries[key] = Entry(sha256: sha, approvedBy: by, date: date, wording: wording)
        }
        if diagnostics.containsErrors { throw DiagnosticsError(diagnostics) }
        return Approvals(entries: entries)
    }

    /// The file's layout, as `avv approve` writes it and the quick read takes it.
    private struct FileJSON: Codable {
        var about: String
        var version: Int
        var approvals: [EntryJSON]
    }

    private struct EntryJSON: Codable {
        var language: String
        var file: String
        var clause: String
        var sha256: String
        var approvedBy: String
        var date: String
        var wording: String
    }

    /// The JSON bytes: sorted entries and keys, pretty-printed, ending in one newline.
    public func encoded() -> Data {
        let file = FileJSON(
            about: "Lawyer approvals of the clause wording of this template set. Written by 'avv approve', checked by 'avv check'; see README.md, 'How a lawyer approves'.",
            version: Self.currentVersion,
            approvals: entries.sorted { $0.key < $1.key }.map { key, entry in
                EntryJSON(language: key.language.rawValue, file: key.file, clause: key.clause, sha256: entry.sha256,
                          approvedBy: entry.approvedBy, date: entry.date, wording: entry.wording)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(file)
            data.append(0x0A)
            return data
        } catch {
            preconditionFailure("approvals could not be encoded: \(error)")
        }
    }
}
