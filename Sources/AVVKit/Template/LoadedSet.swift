import Foundation

/// A template set with what rendering needs beside it: its requirement catalog, when it has
/// one, and the approval state of its clauses.
public struct LoadedSet: Sendable {
    public var set: TemplateSet
    public var catalog: RequirementCatalog?
    public var approval: ApprovalState

    /// The three, to take apart in one assignment.
    public var parts: (set: TemplateSet, catalog: RequirementCatalog?, approval: ApprovalState) { (set, catalog, approval) }

    /// Loads the set, its catalog and its approvals. The catalog and the approvals need the
    /// compiled set only to be checked against it, so their files are read and parsed on a
    /// second thread while the templates compile. Problems are reported as loading the three
    /// one after the other reports them: the set's, else the catalog's, else the approvals'.
    public static func load(directory: String) throws(DiagnosticsError) -> LoadedSet {
        let compiled = Locked<Result<TemplateSet, DiagnosticsError>?>(nil)
        let companions = Locked<Companions?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                let set = Result { () throws(DiagnosticsError) in try TemplateSet.load(directory: directory) }
                compiled.withLock { $0 = set }
            } else {
                let read = Companions.read(directory: directory)
                companions.withLock { $0 = read }
            }
        }
        guard let result = compiled.withLock({ $0 }), let side = companions.withLock({ $0 }) else {
            preconditionFailure("both parts of the load ran")
        }
        let set = try result.get()
        let catalog = try side.catalog.map { loaded throws(DiagnosticsError) in
            try RequirementCatalog.load(loaded.get(), for: set)
        }
        let approval = try ApprovalState.load(for: set, file: side.approvals)
        return LoadedSet(set: set, catalog: catalog, approval: approval)
    }

    /// What is read beside the templates: the catalog file, if the set has one, and the
    /// approvals file.
    private struct Companions: Sendable {
        var catalog: Result<LoadedData, DiagnosticsError>?
        var approvals: ApprovalState.ApprovalsFile

        static func read(directory: String) -> Companions {
            let path = RequirementCatalog.path(in: directory)
            let catalog = FileManager.default.fileExists(atPath: path)
                ? Result { () throws(DiagnosticsError) in try DataLoader.load(path: path) } : nil
            return Companions(catalog: catalog, approvals: .read(directory: directory))
        }
    }
}
