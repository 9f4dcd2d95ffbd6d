import ArgumentParser
import AVVKit
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Render the AV-Vertrag and the remote-maintenance terms for customers.",
        discussion: """
            Writes <out>/<customer>/<contract>/<document>.<lang>.html and .txt and a
            manifest.<lang>.json per customer. Nothing is written when any input is invalid,
            or when a clause is not approved (Templates/approvals.json) unless --draft is given,
            or when a file exists with different content and --force is not given.
            """
    )

    @Argument(help: "Customer data files (YAML or JSON); with --batch, at most one: the base profile laid under every customer.")
    var data: [String] = []

    @Option(help: "The template set folder.")
    var templates = "Templates"

    @Option(help: "The output folder.")
    var out = "Output"

    @Option(name: .customLong("lang"), parsing: .singleValue, help: "Document language: de or en (repeat for both).")
    var languages: [Language] = []

    @Option(help: "The document date, YYYY-MM-DD (default: today).")
    var date: String?

    @Flag(help: "Render the blank form: only the provider's part of DATA is used; every customer field becomes a labelled line to fill in, every optional part gets a tick box.")
    var blank = false

    @Flag(help: "Write drafts (ENTWURF / DRAFT on every page) even if clauses are not approved.")
    var draft = false

    @Flag(help: "Replace existing files whose content differs (identical files are always fine).")
    var force = false

    @Option(help: "Generate for many customers: a CSV file (header row of schema paths), a YAML or JSON list, or a folder of data files.")
    var batch: String?

    @Option(help: "With --batch: customers generated at the same time (default: twice the cores).")
    var jobs: Int?

    func validate() throws {
        if batch == nil, data.isEmpty { throw ValidationError("Missing expected argument '<data> ...' (a customer data file), or --batch FILE") }
        if batch != nil, data.count > 1 { throw ValidationError("with --batch, give at most one data file: the base profile") }
        if batch != nil, blank { throw ValidationError("--blank and --batch cannot be combined") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let date, !DocumentDate.isValid(date) {
            throw ValidationError("--date '\(date)' is not a date; expected YYYY-MM-DD, e.g. 2026-11-21")
        }
    }

    func run() throws {
        let set: TemplateSet
        let catalog: RequirementCatalog?
        let approval: ApprovalState
        do {
            (set, catalog, approval) = try LoadedSet.load(directory: templates).parts
        } catch {
            Report.diagnostics(error.diagnostics)
            throw ExitCode(1)
        }
        let languages = self.languages.isEmpty ? [Language.de] : self.languages
        for language in languages where !set.languages.contains(language) {
            Report.diagnostics([Diagnostic(.error, .templateSetInvalid,
                                           "the template set '\(templates)' has no '\(language.rawValue)' documents")])
            throw ExitCode(1)
        }
        let date = self.date ?? DocumentDate.today()
        if let batch {
            let status: Int32
            do throws(DiagnosticsError) {
                status = try BatchCommand.run(batch: batch, base: data.first, set: set, catalog: catalog,
                                              approval: approval, draft: draft, force: force,
                                              languages: languages, date: date, out: out, jobs: jobs)
            } catch {
                Report.diagnostics(error.diagnostics)
                throw ExitCode(1)
            }
            if status != 0 { throw ExitCode(status) }
            return
        }

        // Everything is rendered in memory first: one bad customer writes nothing at all.
        var files: [OutputFile] = []
        var diagnostics: [Diagnostic] = []
        for path in data {
            do throws(DiagnosticsError) {
                files += try render(path, set: set, catalog: catalog, approval: approval, languages: languages, date: date)
            } catch {
                diagnostics += error.diagnostics
            }
        }
        if !diagnostics.isEmpty {
            Report.diagnostics(diagnostics)
            throw ExitCode(1)
        }
        do {
            try OutputWriter.write(files, into: out, replacing: force)
        } catch {
            Report.diagnostics(error.diagnostics)
            throw ExitCode(1)
        }
        for file in files { Report.line((out as NSString).appendingPathComponent(file.relativePath)) }
    }

    private func render(
        _ path: String, set: TemplateSet, catalog: RequirementCatalog?, approval: ApprovalState, languages: [Language],
        date: String
    ) throws(DiagnosticsError) -> [OutputFile] {
        let customer = blank
            ? try CustomerData.loadProviderPart(path: path, customerRoot: set.output.customerPath.first ?? "", schema: set.schema)
            : try CustomerData.load(path: path, schema: set.schema)
        var files: [OutputFile] = []
        for language in languages {
            files += try Generator.generate(templates: set, data: customer, language: language, date: date,
                                            catalog: catalog, blank: blank, approval: approval, draft: draft,
                                            sideBySide: true).files
        }
        return files
    }
}

extension Language: ExpressibleByArgument {}
