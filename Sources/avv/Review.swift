import ArgumentParser
import AVVKit
import Foundation

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Write the lawyer's review of every clause as one HTML file.",
        discussion: """
            Every clause of every document and language as rendered, once per distinct text
            that customer data can produce, with the field values that produce it; the
            requirements each clause covers; and a word-level redline of its wording against
            the approved wording (Templates/approvals.json), or against the templates at a git
            revision with --base. Print it, or read it in a browser.
            """
    )

    @Option(help: "The template set folder.")
    var templates = "Templates"

    @Option(help: "Compare with the templates at this git revision (e.g. main, HEAD~3) instead of the approvals.")
    var base: String?

    @Option(help: "The HTML file to write.")
    var out = "Output/review.html"

    func run() throws {
        let report: ReviewReport
        do throws(DiagnosticsError) {
            report = try ReviewReport.build(templates: templates, base: base)
        } catch {
            Report.diagnostics(error.diagnostics)
            throw ExitCode(1)
        }
        do {
            let folder = (out as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try Data(report.html().utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            Report.diagnostics([Diagnostic(.error, .outputFailed, "cannot write \(out): \(error.localizedDescription)")])
            throw ExitCode(1)
        }
        let changed = base.map { "changed since \($0)" } ?? "changed since approval"
        Report.line("\(out): \(report.versions.count) clauses, \(report.changedCount) \(changed), "
                    + "\(report.pending.count) not approved, \(report.coveredCount) of \(report.requirements.count) requirements covered")
    }
}
