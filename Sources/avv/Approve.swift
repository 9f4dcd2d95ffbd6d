import ArgumentParser
import AVVKit
import Foundation

struct Approve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Record a lawyer's approval of clause wording in Templates/approvals.json.",
        discussion: """
            Without --clause: approves every clause whose wording differs from its approval or
            has none. With --clause ID (repeatable): approves those clauses, in every language,
            approved before or not. --all approves every clause again under the new name.
            Approvals of clauses the templates no longer have are removed. Prints what it
            approved; read the changes first with 'avv review'.
            """
    )

    @Option(help: "The template set folder.")
    var templates = "Templates"

    @Option(help: "Who approves, e.g. \"Dr. Erika Muster (Rechtsanwältin)\".")
    var by: String

    @Option(name: .customLong("clause"), parsing: .singleValue, help: "A clause or annex id to approve (repeat for more).")
    var clauses: [String] = []

    @Flag(help: "Approve every clause, changed or not.")
    var all = false

    @Option(help: "The date of the approval, YYYY-MM-DD (default: today).")
    var date: String?

    func validate() throws {
        if by.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--by needs the name of whoever approves, e.g. --by \"Dr. Erika Muster\"")
        }
        if let date, !DocumentDate.isValid(date) {
            throw ValidationError("--date '\(date)' is not a date; expected YYYY-MM-DD, e.g. 2026-11-22")
        }
        if all, !clauses.isEmpty { throw ValidationError("--all approves every clause; leave out --clause") }
    }

    func run() throws {
        let state: ApprovalState
        do throws(DiagnosticsError) {
            state = try ApprovalState.load(for: TemplateSet.load(directory: templates))
        } catch {
            Report.diagnostics(error.diagnostics)
            throw ExitCode(1)
        }
        let unknown = state.unknownClauseIDs(Set(clauses))
        if !unknown.isEmpty {
            let known = Set(state.inventory.clauses.map(\.key.clause)).sorted()
            Report.diagnostics(unknown.map { id in
                Diagnostic(.error, .clauseNotApproved,
                           "--clause '\(id)': the template set '\(templates)' has no clause or annex with this id"
                               + (Suggestion.closest(to: id, in: known).map { "; did you mean '\($0)'?" } ?? ""))
            })
            throw ExitCode(1)
        }
        let selection: ApprovalState.Selection = all ? .all : clauses.isEmpty ? .pending : .clauses(Set(clauses))
        let name = by.trimmingCharacters(in: .whitespaces)
        let day = date ?? DocumentDate.today()
        let (approvals, changes, dropped) = state.approving(selection, by: name, date: day)
        if changes.isEmpty && dropped.isEmpty {
            Report.line("avv approve: nothing to approve; the wording of all \(state.inventory.clauses.count) clauses matches its approval")
            return
        }
        do {
            try approvals.encoded().write(to: URL(fileURLWithPath: state.approvalsPath), options: .atomic)
        } catch {
            Report.diagnostics([Diagnostic(.error, .outputFailed,
                                           "cannot write \(state.approvalsPath): \(error.localizedDescription)")])
            throw ExitCode(1)
        }
        for change in changes {
            let key = change.clause.key
            let before: String
            switch change.before {
            case .approved(let e): before = "unchanged; approved before by \(e.approvedBy) on \(e.date)"
            case .changed(let e): before = "changed since its approval by \(e.approvedBy) on \(e.date)"
            case .unapproved: before = "new"
            }
            Report.line("approved \(key.clause) (\(key.language.rawValue)) in \(key.file): \(before); sha256 \(change.entry.sha256.prefix(12))")
        }
        for key in dropped {
            Report.line("removed the approval of \(key.clause) (\(key.language.rawValue)) in \(key.file): the templates no longer have it")
        }
        Report.line("avv approve: \(changes.count) approved by \(name) on \(day); wrote \(state.approvalsPath)")
    }
}
