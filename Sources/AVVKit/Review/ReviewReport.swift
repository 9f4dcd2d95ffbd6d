import Foundation

/// `avv review`: everything a lawyer needs to review the clauses of a template set, as one
/// self-contained HTML file (``html()``).
///
/// Every clause of every document and language is shown as rendered, once per distinct text
/// that some data can produce, with the field values that produce it (``VariantMatrix``);
/// with the requirements it claims and their legal references; and with a word-level
/// redline of its source wording against the approved wording in `approvals.json`, or
/// against the wording at a git revision. Against a revision, the rendered texts are
/// compared too, variant by variant.
public struct ReviewReport: Sendable {
    /// What the clauses are compared with.
    public enum Baseline: Sendable, Hashable {
        /// The wording recorded in `approvals.json`.
        case approvals
        /// The templates at a git revision.
        case revision(String)
    }

    /// A rendered text before and after, with the combinations that render it so.
    public struct RenderedChange: Sendable {
        public var before: Section?
        public var after: Section?
        public var terms: [[DataValue?]]
        public var runs: [Redline.Run]
    }

    /// One clause in one language.
    public struct Version: Sendable {
        public var key: ClauseKey
        public var clause: ClauseInventory.Clause
        public var status: ApprovalState.Status
        /// The wording compared with; nil when there is none (a new clause).
        public var baselineWording: String?
        /// The source redline against ``baselineWording``; nil when there is none.
        public var redline: [Redline.Run]?
        public var variants: VariantMatrix
        /// Against a revision: the rendered texts that differ, per set of combinations.
        public var renderedChanges: [RenderedChange]

        /// Whether the wording differs from the baseline wording.
        public var changed: Bool { baselineWording.map { $0 != clause.wording } ?? false }
        /// Whether there is no baseline wording (never approved, or new since the revision).
        public var isNew: Bool { baselineWording == nil }
    }

    /// One clause of one document, in every language.
    public struct Clause: Sendable {
        public var document: String
        public var id: String
        public var versions: [Version]
    }

    public struct DocumentPart: Sendable {
        public var kind: String
        /// The document title per language, as rendered for the first example.
        public var titles: [Language: String]
        public var clauses: [Clause]
    }

    /// A requirement of the catalog and the clauses that claim it (`avv:covers`).
    public struct Requirement: Sendable {
        public var requirement: RequirementCatalog.Requirement
        /// `(document, clause id)`, in document order.
        public var claimedBy: [(document: String, clause: String)]
    }

    public var templateVersion: String
    public var templateDirectory: String
    public var approvalsPath: String
    public var baseline: Baseline
    public var languages: [Language]
    public var examples: [String]
    public var documents: [DocumentPart]
    public var requirements: [Requirement]
    /// Clauses (per language) not approved in their current wording.
    public var pending: [ClauseKey]

    /// Every clause version, each once (a shared partial is one version in two documents).
    public var versions: [Version] {
        var seen = Set<ClauseKey>()
        return documents.flatMap { $0.clauses.flatMap(\.versions) }.filter { seen.insert($0.key).inserted }
    }

    /// Versions whose wording differs from the baseline.
    public var changedCount: Int { versions.filter(\.changed).count }
    /// Versions with no approval at all.
    public var unapprovedCount: Int { versions.filter { $0.status == .unapproved }.count }
    /// Requirements claimed by some clause, or checked over the whole document.
    public var coveredCount: Int {
        requirements.filter { !$0.claimedBy.isEmpty || $0.requirement.documentScope }.count
    }

    // MARK: - Building

    /// Loads the set in `templates`, its approvals, catalog and examples, and renders every
    /// clause variant; with `base`, also the set at that git revision.
    public static func build(templates: String, base: String? = nil) throws(DiagnosticsError) -> ReviewReport {
        let set = try TemplateSet.load(directory: templates)
        let state = try ApprovalState.load(for: set)
        let catalog = try RequirementCatalog.loadIfPresent(for: set)
        let date = set.releaseDate ?? "2026-01-01"
        let examples = try loadExamples(set)

        var baseInventory: ClauseInventory?
        var baseRenderers: [Language: VariantRenderer] = [:]
        if let base {
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("avv-review-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw DiagnosticsError([Diagnostic(.error, .revisionNotReadable,
                                                   "cannot create a temporary folder for --base: \(error.localizedDescription)")])
            }
            try GitRevision.export(templates: templates, revision: base, into: folder)
            do throws(DiagnosticsError) {
                let baseSet = try TemplateSet.load(directory: folder)
                baseInventory = try ClauseInventory.of(baseSet)
                let baseExamples = try loadExamples(baseSet)
                for language in set.languages {
                    baseRenderers[language] = VariantRenderer(
                        set: baseSet, examples: preferred(baseExamples, for: language), date: baseSet.releaseDate ?? date,
                        languages: [language])
                }
            } catch {
                throw DiagnosticsError([Diagnostic(
                    .error, .revisionNotReadable,
                    "--base '\(base)': the templates at this revision do not load, so they cannot be compared:\n"
                        + error.diagnostics.map { $0.description.replacingOccurrences(of: folder + "/", with: "\(base):") }
                        .joined(separator: "\n"))])
            }
        }

        var renderers: [Language: VariantRenderer] = [:]
        for language in set.languages {
            renderers[language] = VariantRenderer(set: set, examples: preferred(examples, for: language), date: date,
                                                  languages: [language])
        }
        var documents: [DocumentPart] = []
        for kind in set.kinds {
            var titles: [Language: String] = [:]
            var ids: [String] = []
            var versions: [String: [Version]] = [:]
            for language in set.languages {
                guard let template = set.template(kind, language) else { continue }
                if let first = renderers[language]!.documents(for: [:])?.documents["\(kind).\(language.rawValue)"] {
                    titles[language] = first.title
                }
                // Paths per clause id (a clause defined twice, in exclusive branches, once).
                var paths: [String: Set<[String]>] = [:]
                for occurrence in SectionWalker.occurrences(in: template.compiled.body) {
                    paths[occurrence.section.id, default: []].formUnion(occurrence.conditionPaths)
                }
                for key in state.inventory.outline(kind, language) {
                    guard let clause = state.inventory.clause(key) else { continue }
                    if !ids.contains(key.clause) { ids.append(key.clause) }
                    let status = state.status(key)
                    let baselineWording: String?
                    if base != nil {
                        baselineWording = baseInventory?.clause(key)?.wording
                    } else {
                        baselineWording = status.entry?.wording
                    }
                    let redline = baselineWording.map {
                        Redline.diff(Redline.sourceTokens($0), Redline.sourceTokens(clause.wording))
                    }
                    let matrixPaths = paths[key.clause] ?? []
                    let (matrix, rows) = renderers[language]!.matrixWithRows(kind: kind, language: language, clause: key.clause,
                                                                 paths: matrixPaths)
                    var changes: [RenderedChange] = []
                    if baseRenderers[language] != nil {
                        changes = renderedChanges(matrix, rows: rows, kind: kind, language: language, clause: key.clause,
                                                  base: &baseRenderers[language]!)
                    }
                    versions[key.clause, default: []].append(Version(
                        key: key, clause: clause, status: status, baselineWording: baselineWording, redline: redline,
                        variants: matrix, renderedChanges: changes))
                }
            }
            documents.append(DocumentPart(
                kind: kind, titles: titles,
                clauses: ids.map { Clause(document: kind, id: $0, versions: versions[$0] ?? []) }))
        }

        var requirements: [Requirement] = []
        for requirement in catalog?.requirements ?? [] {
            var claimedBy: [(document: String, clause: String)] = []
            for part in documents where requirement.documents.contains(part.kind) {
                for clause in part.clauses where clause.versions.contains(where: { $0.clause.covers.contains(requirement.id) }) {
                    claimedBy.append((part.kind, clause.id))
                }
            }
            requirements.append(Requirement(requirement: requirement, claimedBy: claimedBy))
        }

        return ReviewReport(
            templateVersion: set.version, templateDirectory: templates, approvalsPath: state.approvalsPath,
            baseline: base.map(Baseline.revision) ?? .approvals, languages: set.languages,
            examples: examples.map(\.name), documents: documents, requirements: requirements,
            pending: state.pending.map(\.key))
    }

    /// The examples in the order variants try them for `language`: a profile named after a
    /// language (`english-customer.yaml`, free text in English) first for that language and
    /// last for the others, so that a German clause is not shown with English free text.
    static func preferred(_ examples: [(name: String, data: DataValue)], for language: Language)
        -> [(name: String, data: DataValue)]
    {
        let names: [Language: String] = [.de: "german-", .en: "english-"]
        func rank(_ name: String) -> Int {
            let lower = name.lowercased()
            if let own = names[language], lower.hasPrefix(own) { return 0 }
            return names.values.contains { lower.hasPrefix($0) } ? 2 : 1
        }
        return examples.enumerated().sorted { (rank($0.element.name), $0.offset) < (rank($1.element.name), $1.offset) }
            .map(\.element)
    }

    private static func loadExamples(_ set: TemplateSet) throws(DiagnosticsError) -> [(name: String, data: DataValue)] {
        var examples: [(name: String, data: DataValue)] = []
        for path in ExampleRun.profiles(in: set.directory) {
            examples.append(((path as NSString).lastPathComponent, try CustomerData.load(path: path, schema: set.schema).value))
        }
        return examples
    }

    /// The rendered texts at the base revision against the current ones, for every
    /// combination of the matrix; only pairs that differ, each pair once.
    private static func renderedChanges(
        _ matrix: VariantMatrix, rows: [[[DataValue]]], kind: String, language: Language, clause id: String,
        base: inout VariantRenderer
    ) -> [RenderedChange] {
        var pairs: [(before: Section?, after: Section?, rows: [[DataValue]])] = []
        for (g, group) in matrix.groups.enumerated() {
            for row in rows[g] {
                var assignment: [[String]: DataValue] = [:]
                for (field, value) in zip(matrix.fields, row) { assignment[field.path] = value }
                let before = base.documents(for: assignment)?.documents["\(kind).\(language.rawValue)"]
                    .flatMap { VariantRenderer.section(id, in: $0) }
                guard ReviewText.plain(before) != ReviewText.plain(group.section) else { continue }
                if let i = pairs.firstIndex(where: { $0.before == before && $0.after == group.section }) {
                    pairs[i].rows.append(row)
                } else {
                    pairs.append((before, group.section, [row]))
                }
            }
        }
        return pairs.map { pair in
            RenderedChange(
                before: pair.before, after: pair.after,
                terms: VariantRenderer.compress(pair.rows, fields: matrix.fields, dontCare: []),
                runs: Redline.diff(Redline.wordTokens(ReviewText.plain(pair.before)),
                                   Redline.wordTokens(ReviewText.plain(pair.after))))
        }
    }
}

/// The plain text of a rendered clause, for comparing renderings word by word.
enum ReviewText {
    static func plain(_ section: Section?) -> String {
        guard let section else { return "" }
        var parts = [section.number, section.title.plainText]
        for block in section.blocks { append(block, to: &parts) }
        return parts.filter { !$0.isEmpty }.joined(separator: " ")
    }

    private static func append(_ block: Block, to parts: inout [String]) {
        switch block {
        case .heading(let h): parts.append(h.content.plainText)
        case .paragraph(let p): parts += [p.number ?? "", p.content.plainText]
        case .list(let l):
            for item in l.items {
                parts.append(item.label ?? "")
                for b in item.blocks { append(b, to: &parts) }
            }
        case .table(let t):
            for row in t.rows { parts.append(row.cells.map(\.content.plainText).joined(separator: " | ")) }
        case .clause(let s), .annex(let s): parts.append(plain(s))
        case .signatures, .tableOfContents: break
        }
    }
}
