import Foundation

/// Every clause and annex of a template set with its source wording: the units a lawyer
/// reads and approves.
///
/// The wording of a clause is the source text of its `section` element in the file that
/// defines it (see ``SourceWording``), followed by the whole wording of every partial
/// included inside it, each as `<avv:included file="…">…</avv:included>`: a change in such
/// a partial changes every clause that includes it. A clause defined more than once in one
/// file (alternatives in exclusive `avv:if` branches) has the wording of all definitions.
public struct ClauseInventory: Sendable {
    public struct Clause: Sendable, Hashable {
        public var key: ClauseKey
        public var isAnnex: Bool
        /// Where the (first) definition starts.
        public var location: SourceLocation
        public var wording: String
        /// SHA-256 of ``wording`` as UTF-8, lower-case hex.
        public var sha256: String
        /// Requirement ids from `avv:covers`, in order, without repeats.
        public var covers: [String]
        /// Partials included inside the clause, relative to the set's folder.
        public var includes: [String]
        /// Document kinds that use the clause, in the set's order.
        public var documents: [String]
    }

    /// The template set's folder, as given.
    public let directory: String
    /// Sorted by key.
    public let clauses: [Clause]
    private let index: [ClauseKey: Int]
    /// Clause keys per `kind.lang`, in template order.
    private let outlines: [String: [ClauseKey]]
    /// Each template file of the set relative to ``directory`` (``key(of:language:)`` is
    /// asked for every clause of every generated document).
    private let relativeFiles: [String: String]

    public func clause(_ key: ClauseKey) -> Clause? { index[key].map { clauses[$0] } }

    /// The clauses of one document template in template order (conditional ones included).
    public func outline(_ kind: String, _ language: Language) -> [ClauseKey] {
        outlines["\(kind).\(language.rawValue)"] ?? []
    }

    /// The key of a rendered clause or annex (from the template location it carries).
    public func key(of section: Section, language: Language) -> ClauseKey? {
        guard let file = section.source?.file else { return nil }
        return ClauseKey(language: language, file: relativeFiles[file] ?? Self.relative(file, to: directory),
                         clause: section.id)
    }

    /// Reads the wording of every clause of a loaded set.
    public static func of(_ set: TemplateSet) throws(DiagnosticsError) -> ClauseInventory {
        var files: [String: [UInt8]] = [:]
        func bytes(_ path: String) throws(DiagnosticsError) -> [UInt8] {
            if let cached = files[path] { return cached }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DiagnosticsError([Diagnostic(.error, .fileNotReadable,
                                                   "cannot read the template \(path) to take the wording of its clauses")])
            }
            files[path] = [UInt8](data)
            return files[path]!
        }

        struct Building {
            var isAnnex: Bool
            var location: SourceLocation
            var path: String
            var ranges: [Range<Int>] = []
            var covers: [String] = []
            var includes: [String] = []
            var documents: [String] = []
        }
        var building: [ClauseKey: Building] = [:]
        var outlines: [String: [ClauseKey]] = [:]
        for kind in set.kinds {
            for language in set.languages {
                guard let template = set.template(kind, language) else { continue }
                var outline: [ClauseKey] = []
                for occurrence in SectionWalker.occurrences(in: template.compiled.body) {
                    let section = occurrence.section
                    let key = ClauseKey(language: language, file: relative(section.location.file, to: set.directory),
                                        clause: section.id)
                    var entry = building[key] ?? Building(isAnnex: section.kind == .annex, location: section.location,
                                                          path: section.location.file)
                    if !entry.ranges.contains(section.sourceRange) { entry.ranges.append(section.sourceRange) }
                    for id in section.covers where !entry.covers.contains(id) { entry.covers.append(id) }
                    for file in section.includes where !entry.includes.contains(file) { entry.includes.append(file) }
                    if !entry.documents.contains(kind) { entry.documents.append(kind) }
                    building[key] = entry
                    if !outline.contains(key) { outline.append(key) }
                }
                outlines["\(kind).\(language.rawValue)"] = outline
            }
        }

        var clauses: [Clause] = []
        for (key, entry) in building.sorted(by: { $0.key < $1.key }) {
            let source = try bytes(entry.path)
            var parts: [String] = []
            for range in entry.ranges.sorted(by: { $0.lowerBound < $1.lowerBound })
            where range.upperBound <= source.count {
                parts.append(SourceWording.normalize(source[range]))
            }
            for include in entry.includes {
                let text = SourceWording.normalize(try bytes(include)[...])
                parts.append("<avv:included file=\"\(relative(include, to: set.directory))\">\(text)</avv:included>")
            }
            let wording = parts.joined(separator: " ")
            clauses.append(Clause(
                key: key, isAnnex: entry.isAnnex, location: entry.location, wording: wording,
                sha256: Hashing.sha256Hex(wording), covers: entry.covers,
                includes: entry.includes.map { relative($0, to: set.directory) },
                documents: set.kinds.filter(entry.documents.contains)))
        }
        return ClauseInventory(directory: set.directory, clauses: clauses,
                               index: Dictionary(uniqueKeysWithValues: clauses.enumerated().map { ($1.key, $0) }),
                               outlines: outlines,
                               relativeFiles: Dictionary(set.files.map { ($0, relative($0, to: set.directory)) },
                                                         uniquingKeysWith: { first, _ in first }))
    }

    /// A template path relative to the set's folder.
    static func relative(_ file: String, to directory: String) -> String {
        let root = TemplateCompiler.normalize(directory)
        let path = TemplateCompiler.normalize(file)
        if root == "." { return path }
        let prefix = root == "/" ? "/" : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
