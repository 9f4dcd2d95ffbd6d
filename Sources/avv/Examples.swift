import ArgumentParser
import AVVKit
import Foundation

struct Examples: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "examples",
        abstract: "Render every example profile of the template set into Output/examples/<profile>/.",
        discussion: """
            Renders Templates/examples/*.yaml in every language of the set, dated with the
            set's release date (templates.json "date"), so that the committed outputs change
            only when templates or examples do. Files of profiles that no longer exist are
            removed from the folder.
            """
    )

    @Option(help: "The template set folder.")
    var templates = "Templates"

    @Option(help: "The output folder.")
    var out = "Output/examples"

    @Option(help: "The document date, YYYY-MM-DD (default: the template set's release date).")
    var date: String?

    func validate() throws {
        if let date, !DocumentDate.isValid(date) {
            throw ValidationError("--date '\(date)' is not a date; expected YYYY-MM-DD, e.g. 2026-11-21")
        }
    }

    func run() throws {
        let files: [OutputFile]
        do throws(DiagnosticsError) {
            files = try ExampleRun.render(templates: templates, date: date)
        } catch {
            Report.diagnostics(error.diagnostics)
            throw ExitCode(1)
        }
        do throws(DiagnosticsError) {
            // The examples are reference outputs: regenerating them replaces what changed.
            try OutputWriter.write(files, into: out, replacing: true)
        } catch {
            Report.diagnostics(error.diagnostics)
            throw ExitCode(1)
        }
        ExampleRun.removeStale(in: out, keeping: Set(files.map(\.relativePath)))
        for file in files { Report.line((out as NSString).appendingPathComponent(file.relativePath)) }
    }
}
