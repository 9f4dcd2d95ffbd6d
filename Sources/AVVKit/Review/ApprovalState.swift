import Foundation

/// A template set's clauses against `approvals.json`: which wording is approved, which has
/// changed since its approval, and which was never approved.
public struct ApprovalState: Sendable {
    public enum Status: Sendable, Hashable {
        case approved(Approvals.Entry)
        /// Approved once; the wording has changed since. Carries the earlier approval.
        case changed(Approvals.Entry)
        case unapproved

        public var isApproved: Bool { if case .approved = self { return true }; return false }

        /// The approval on record, if any.
        public var entry: Approvals.Entry? {
            switch self {
            case .approved(let e), .changed(let e): e
            case .unapproved: nil
            }
        }
    }

    /// What ``approving(_:by:date:)`` records.
    public enum Selection: Sendable, Hashable {
        /// Every clause whose wording differs from its approval or has none.
        case pending
        /// Every clause, approved again under the new name.
        case all
        /// Clauses with these ids, in every file and language.
        case clauses(Set<String>)
    }

    /// One approval that ``approving(_:by:date:)`` records.
    public struct Change: Sendable, Hashable {
        public var clause: ClauseInventory.Clause
        public var before: Status
        public var entry: Approvals.Entry
    }

    public let inventory: ClauseInventory
    public let approvals: Approvals
    /// `approvals.json` of the set (it may not exist).
    public let approvalsPath: String
    /// SHA-256 of `approvals.json` as read; nil when there is none.
    public let approvalsHash: String?

    /// Per clause of the inventory: its status and the hash of its wording, worked out once.
    /// Every generated document asks for each of its clauses twice (its diagnostics and the
    /// manifest): one lookup instead of four per question, for every customer of a batch.
    private let known: [ClauseKey: (status: Status, sha256: String)]

    public init(inventory: ClauseInventory, approvals: Approvals, approvalsPath: String, approvalsHash: String?) {
        self.inventory = inventory
        self.approvals = approvals
        self.approvalsPath = approvalsPath
        self.approvalsHash = approvalsHash
        var known: [ClauseKey: (status: Status, sha256: String)] = [:]
        for clause in inventory.clauses {
            known[clause.key] = (Self.status(clause.key, inventory: inventory, approvals: approvals), clause.sha256)
        }
        self.known = known
    }

    /// The clauses of a loaded set against its `approvals.json`.
    public static func load(for set: TemplateSet) throws(DiagnosticsError) -> ApprovalState {
        try load(for: set, file: ApprovalsFile.read(directory: set.directory))
    }

    /// The clauses of a loaded set against its approvals file as read by ``ApprovalsFile/read(directory:)``.
    static func load(for set: TemplateSet, file: ApprovalsFile) throws(DiagnosticsError) -> ApprovalState {
        let inventory = try ClauseInventory.of(set)
        return ApprovalState(
            inventory: inventory, approvals: try file.approvals.get(), approvalsPath: file.path, approvalsHash: file.hash)
    }

    /// A set's `approvals.json` as read and parsed, before it is held against the set's clauses.
    struct ApprovalsFile: Sendable {
        var path: String
        var approvals: Result<Approvals, DiagnosticsError>
        /// The SHA-256 of the file's bytes; nil when there is no file.
        var hash: String?

        /// Reads the file once: its bytes are parsed and hashed.
        static func read(directory: String) -> ApprovalsFile {
            let path = Approvals.path(in: directory)
            let data = FileManager.default.contents(atPath: path)
            return ApprovalsFile(
                path: path, approvals: Result { () throws(DiagnosticsError) in try Approvals.load(data, file: path) },
                hash: data.map(Hashing.sha256Hex))
        }
    }

    public func status(_ key: ClauseKey) -> Status {
        known[key]?.status ?? Self.status(key, inventory: inventory, approvals: approvals)
    }

    private static func status(_ key: ClauseKey, inventory: ClauseInventory, approvals: Approvals) -> Status {
        guard let entry = approvals.entries[key] else { return .unapproved }
        guard let clause = inventory.clause(key), clause.sha256 == entry.sha256 else { return .changed(entry) }
        return .approved(entry)
    }

    /// Clauses not approved in their current wording, sorted by key.
    public var pending: [ClauseInventory.Clause] { inventory.clauses.filter { !status($0.key).isApproved } }

    /// Approvals of clauses the set no longer has.
    public var stale: [ClauseKey] {
        approvals.entries.keys.filter { inventory.clause($0) == nil }.sorted()
    }

    /// Approvals whose stored wording does not hash to their `sha256` (edited by hand).
    public var inconsistent: [ClauseKey] {
        approvals.entries.filter { Hashing.sha256Hex($0.value.wording) != $0.value.sha256 }.map(\.key).sorted()
    }

    /// Ids given to `--clause` that no clause of the set has.
    public func unknownClauseIDs(_ ids: Set<String>) -> [String] {
        let known = Set(inventory.clauses.map(\.key.clause))
        return ids.subtracting(known).sorted()
    }

    /// The approvals after approving `selection`, the approvals recorded, and the approvals
    /// dropped because their clause no longer exists.
    public func approving(_ selection: Selection, by name: String, date: String)
        -> (approvals: Approvals, changes: [Change], dropped: [ClauseKey])
    {
        var next = approvals
        var changes: [Change] = []
        for clause in inventory.clauses {
            let before = status(clause.key)
            let wanted: Bool
            switch selection {
            case .pending: wanted = !before.isApproved
            case .all: wanted = true
            case .clauses(let ids): wanted = ids.contains(clause.key.clause)
            }
            guard wanted else { continue }
            let entry = Approvals.Entry(sha256: clause.sha256, approvedBy: name, date: date, wording: clause.wording)
            next.entries[clause.key] = entry
            changes.append(Change(clause: clause, before: before, entry: entry))
        }
        let dropped = stale
        for key in dropped { next.entries[key] = nil }
        return (next, changes, dropped)
    }

    // MARK: - Check

    /// Findings for `avv check`: each clause not approved in its wording (an error, or a
    /// warning with `draft`), approvals of clauses that are gone (warnings), and approvals
    /// whose wording does not match their hash (errors).
    public func findings(draft: Bool) -> [Finding] {
        var findings: [Finding] = []
        for clause in pending {
            let key = clause.key
            let what: String
            switch status(key) {
            case .changed(let entry):
                what = "the wording of \(clause.isAnnex ? "annex" : "clause") '\(key.clause)' (\(key.language.rawValue)) differs from the wording \(entry.approvedBy) approved on \(entry.date)"
            default:
                what = "\(clause.isAnnex ? "annex" : "clause") '\(key.clause)' (\(key.language.rawValue)) has no approval in \(approvalsPath)"
            }
            findings.append(Finding(
                kind: .unapprovedClause, severity: draft ? .warning : .error, id: "unapproved-clause",
                message: what + "; have it reviewed (avv review) and approved (avv approve --by NAME --clause \(key.clause))",
                document: clause.documents.first ?? "", language: key.language, clause: key.clause,
                location: clause.location))
        }
        for key in stale {
            findings.append(Finding(
                kind: .unapprovedClause, severity: .warning, id: "stale-approval",
                message: "\(approvalsPath) approves clause '\(key.clause)' of \(key.file) (\(key.language.rawValue)), which the templates no longer have; 'avv approve' removes it",
                language: key.language, clause: key.clause, location: SourceLocation(file: approvalsPath, line: 1, column: 1)))
        }
        for key in inconsistent {
            findings.append(Finding(
                kind: .unapprovedClause, severity: .error, id: DiagnosticCode.approvalsInvalid.rawValue,
                message: "the approved wording of clause '\(key.clause)' of \(key.file) (\(key.language.rawValue)) in \(approvalsPath) does not match its sha256; the file was edited by hand: restore it from git, or approve the clause again",
                language: key.language, clause: key.clause, location: SourceLocation(file: approvalsPath, line: 1, column: 1)))
        }
        return findings
    }

    // MARK: - Generated documents

    /// The clauses and annexes of a rendered document with their keys, in document order.
    /// Each by its index in `document.blocks`: a copy of a section retained each of its parts.
    func clauses(of document: Document) -> [(block: Int, key: ClauseKey)] {
        var clauses: [(block: Int, key: ClauseKey)] = []
        for index in document.blocks.indices {
            switch document.blocks[index] {
            case .clause(let s), .annex(let s):
                if let key = inventory.key(of: s, language: document.language) { clauses.append((index, key)) }
            default:
                continue
            }
        }
        return clauses
    }

    /// What the manifest records: every clause of `documents` with its hash and approval.
    public func manifestRecord(for documents: [Document], draft: Bool) -> ManifestApproval {
        manifestRecord(clauses: documents.flatMap { review($0).clauses }, draft: draft)
    }

    /// An error for each clause of `document` not approved in its wording, and the document's
    /// part of ``manifestRecord(for:draft:)``, from one look at each clause (generation asks
    /// for both, for every document).
    public func review(_ document: Document) -> (diagnostics: [Diagnostic], clauses: [ManifestApproval.Clause]) {
        var diagnostics: [Diagnostic] = []
        var clauses: [ManifestApproval.Clause] = []
        for (block, key) in self.clauses(of: document) {
            let (status, sha256) = known[key] ?? (status(key), inventory.clause(key)?.sha256 ?? "")
            // Taken once: each `entry` is a copy, which retains each of its texts.
            let entry = status.entry
            clauses.append(ManifestApproval.Clause(
                document: document.kind, clause: key.clause, file: key.file,
                sha256: sha256, approved: status.isApproved,
                approvedSha256: entry?.sha256, approvedBy: entry?.approvedBy, approvalDate: entry?.date))
            guard !status.isApproved else { continue }
            let section: Section
            switch document.blocks[block] {
            case .clause(let s), .annex(let s): section = s
            default: continue
            }
            let name = "\(document.kind).\(document.language.rawValue): \(section.number) ('\(key.clause)')"
            let why = entry.map { "its wording differs from the one \($0.approvedBy) approved on \($0.date)" }
                ?? "it has no approval in \(approvalsPath)"
            diagnostics.append(Diagnostic(
                .error, .clauseNotApproved,
                "\(name) is not approved: \(why); have it reviewed (avv review) and approved (avv approve --by NAME --clause \(key.clause)), or generate a draft with --draft",
                at: section.source))
        }
        return (diagnostics, clauses)
    }

    /// The manifest's record of the clauses ``review(_:)`` listed, in order.
    public func manifestRecord(clauses: [ManifestApproval.Clause], draft: Bool) -> ManifestApproval {
        ManifestApproval(
            approved: clauses.allSatisfy(\.approved), draft: draft, file: approvalsPath, sha256: approvalsHash,
            clauses: clauses)
    }
}
