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
    /// second thread while the templates compile; then the catalog is checked against the set
    /// while the approvals are held against its clauses. Problems are reported as loading the
    /// three one after the other reports them: the set's, else the catalog's, else the
    /// approvals'.
    public static func load(directory: String) throws(DiagnosticsError) -> LoadedSet {
        let (compiled, side) = both(
            { Result { () throws(DiagnosticsError) in try TemplateSet.load(directory: directory) } },
            { Companions.read(directory: directory) })
        let set = try compiled.get()
        let (checkedCatalog, approvals) = both(
            {
                side.catalog.map { loaded in
                    Result { () throws(DiagnosticsError) in try RequirementCatalog.load(loaded.get(), for: set) }
                }
            },
            { Result { () throws(DiagnosticsError) in try ApprovalState.load(for: set, file: side.approvals) } })
        let catalog = try checkedCatalog?.get()
        let approval = try approvals.get()
        return LoadedSet(set: set, catalog: catalog, approval: approval)
    }

    /// Runs `first` and `second` at the same time (on two cores where there are two) and
    /// returns what each returned.
    private static func both<First: Sendable, Second: Sendable>(
        _ first: @Sendable () -> First, _ second: @Sendable () -> Second
    ) -> (First, Second) {
        let firstResult = Locked<First?>(nil)
        let secondResult = Locked<Second?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                let value = first()
                firstResult.withLock { $0 = value }
            } else {
                let value = second()
                secondResult.withLock { $0 = value }
            }
        }
        guard let one = firstResult.withLock({ $0 }), let other = secondResult.withLock({ $0 }) else {
            preconditionFailure("concurrentPerform ran both parts")
        }
        return (one, other)
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
