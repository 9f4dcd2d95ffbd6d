import AVVKit
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `avv generate [BASE] --batch FILE`: many customers at once, with progress and a summary.
///
/// Progress goes to standard output: a bar redrawn in place on a terminal, otherwise a plain
/// line at every tenth of the batch (every 1,000 customers when the total is unknown). The
/// summary follows on standard output; each rejected customer's diagnostics go to standard
/// error. Exit 1 when any customer was rejected.
enum BatchCommand {
    static func run(
        batch: String, base: String?, set: TemplateSet, catalog: RequirementCatalog?, approval: ApprovalState,
        draft: Bool, force: Bool, languages: [Language], date: String, out: String, jobs: Int?
    ) throws(DiagnosticsError) -> Int32 {
        var baseData: LoadedData?
        if let base { baseData = try DataLoader.load(path: base) }
        let input = try BatchInput(path: batch, schema: set.schema)
        let workers = jobs ?? defaultWorkers
        let terminal = isatty(STDOUT_FILENO) == 1
        let printer = ProgressPrinter(terminal: terminal)
        let summary = BatchRun.run(
            input, templates: set, catalog: catalog,
            options: .init(languages: languages, date: date, out: out, workers: workers, base: baseData,
                           approval: approval, draft: draft, replacing: force),
            progress: { printer.show($0) })
        printer.finish()

        for rejection in summary.rejected {
            Report.diagnostics(rejection.diagnostics)
        }
        var lines: [String] = []
        let seconds = String(format: "%.2f", summary.elapsed)
        lines.append("\(batch): \(summary.customers) customers, \(summary.written) written "
            + "(\(summary.documents) documents, \(summary.files) files in \(out)), "
            + "\(summary.rejected.count) rejected, \(seconds) s")
        for rejection in summary.rejected {
            let first = rejection.diagnostics.first
            // The message names the field already (`controller.address.city: …`).
            let place = first?.location.map { "\($0): " } ?? ""
            lines.append("rejected: \(rejection.customer): \(place)\(first?.message ?? "rejected")"
                + (rejection.diagnostics.count > 1 ? " (and \(rejection.diagnostics.count - 1) more)" : ""))
        }
        for line in lines { Report.line(line) }
        if let failure = summary.flushFailure {
            Report.diagnostics([failure])
            return 1
        }
        return summary.rejected.isEmpty ? 0 : 1
    }

    /// Workers: a few per core, so that one customer's file writes overlap another's rendering.
    static var defaultWorkers: Int { max(2, ProcessInfo.processInfo.activeProcessorCount * 2) }
}

/// Prints progress; called by one worker at a time.
final class ProgressPrinter: @unchecked Sendable {
    // Only touched from inside BatchRun's progress calls, which never overlap.
    private let terminal: Bool
    private var lastStep = -1
    private var lastDraw = 0.0
    private var drawn = false

    init(terminal: Bool) { self.terminal = terminal }

    func show(_ p: BatchRun.Progress) {
        if terminal {
            let finished = p.total.map { p.done >= $0 } ?? false
            guard finished || p.elapsed - lastDraw >= 0.1 || !drawn else { return }
            lastDraw = p.elapsed
            drawn = true
            var line = ""
            if let total = p.total, total > 0 {
                let width = 30
                let filled = min(width, p.done * width / total)
                line = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
                line += "\(p.done * 100 / total)% \(p.done)/\(total)"
            } else {
                line = "\(p.done) customers"
            }
            let rate = p.elapsed > 0 ? Int(Double(p.done) / p.elapsed) : 0
            line += ", \(p.rejected) rejected, \(rate)/s"
            FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + line).utf8))
            return
        }
        // Plain lines: at each tenth of the total, or every 1,000 customers.
        let step: Int
        if let total = p.total, total > 0 {
            step = p.done * 10 / total
        } else {
            step = p.done / 1000
        }
        guard step > lastStep else { return }
        lastStep = step
        let of = p.total.map { "/\($0)" } ?? ""
        Report.line("progress: \(p.done)\(of) customers, \(p.rejected) rejected")
    }

    func finish() {
        if terminal, drawn { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }
}
