import ArgumentParser
import AVVKit
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the template set (CI), or a data-processing agreement someone sent you.",
        discussion: """
            Without --document: parses and analyses every template, renders every example
            profile and every variant of the data the templates branch on, in every language,
            and checks each document against Templates/requirements/catalog.yaml.
            With --document FILE: checks a third-party DPA (text, Markdown or HTML) sentence by
            sentence against the same catalog.
            Every clause whose wording differs from its approval (Templates/approvals.json),
            or that has none, is an error; with --draft a warning.
            Exit status 0 when clean, 1 with findings.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "The template set folder.")
    var templates = "Templates"

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: "A third-party DPA to check (plain text, Markdown or HTML).")
    var document: String?

    @Option(name: .customLong("lang"), help: "The language of --document: de or en (default: guessed).")
    var language: Language?

    @Flag(help: "Work in progress: report clauses that are not approved as warnings, not errors.")
    var draft = false

    func validate() throws {
        if language != nil, document == nil { throw ValidationError("--lang goes with --document") }
        if draft, document != nil { throw ValidationError("--draft checks the template set; leave out --document") }
    }

    func run() throws {
        if let document { try checkDocument(document) } else { try checkSet() }
    }

    private func checkSet() throws {
        var report = TemplateSetChecker.check(directory: templates)
        if let set = try? TemplateSet.load(directory: templates) {
            do throws(DiagnosticsError) {
                report.findings += try ApprovalState.load(for: set).findings(draft: draft)
            } catch {
                report.findings += error.diagnostics.map {
                    Finding(kind: .invalidTemplates, severity: $0.severity, id: $0.code.rawValue, message: $0.message,
                            location: $0.location)
                }
            }
        }
        switch format {
        case .json: Report.line(CheckReportJSON.encode(report))
        case .text:
            let formatter = Report.formatter
            var out = ""
            for finding in report.findings.sorted(by: Self.order) {
                // The finding's own line, then the template line with a caret.
                let location = finding.location.map { "\($0): " } ?? ""
                out += "\(location)\(finding.severity.rawValue): \(finding.message) [\(finding.id)]\n"
                let snippet = formatter.format(Diagnostic(.error, .fileNotReadable, "", at: finding.location))
                out += snippet.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
                var context: [String] = []
                if !finding.document.isEmpty {
                    context.append("document: \(finding.document)" + (finding.language.map { " (\($0.rawValue))" } ?? "")
                                   + (finding.clause.map { ", clause: \($0)" } ?? ""))
                }
                if let variant = finding.variant { context.append("data: \(variant)") }
                if let excerpt = finding.excerpt { context.append("text: \"\(excerpt)\"") }
                for line in context { out += "    \(line)\n" }
            }
            FileHandle.standardError.write(Data(out.utf8))
            Report.line(Self.summary(report))
        }
        if report.errorCount > 0 { throw ExitCode(1) }
    }

    static func order(_ a: Finding, _ b: Finding) -> Bool {
        let la = a.location ?? SourceLocation(file: "", line: 0, column: 0)
        let lb = b.location ?? SourceLocation(file: "", line: 0, column: 0)
        return (la, a.id, a.message) < (lb, b.id, b.message)
    }

    static func summary(_ report: TemplateSetChecker.Report) -> String {
        let variants: String
        if report.pairwise {
            variants = "\(report.variantsChecked) variants over \(report.fields.count) fields (pairwise: \(report.combinations) combinations exceed the bound of \(TemplateSetChecker.combinationBound))"
        } else {
            variants = "\(report.variantsChecked) variants over \(report.fields.count) fields (all \(report.combinations) combinations)"
        }
        let skipped = report.variantsSkipped > 0 ? ", \(report.variantsSkipped) not producible from the examples" : ""
        let languages = report.languages.map(\.rawValue).joined(separator: ", ")
        return "avv check: \(report.examples.count) examples and \(variants)\(skipped), in \(languages): "
            + "\(report.documentsChecked) distinct documents checked; \(report.errorCount) errors, \(report.warningCount) warnings"
    }

    private func checkDocument(_ path: String) throws {
        let result: ForeignDocumentChecker.Report
        do throws(DiagnosticsError) {
            let set = try TemplateSet.load(directory: templates)
            let catalog = try RequirementCatalog.load(for: set)
            let document = try ForeignDocument.load(path: path, language: language)
            result = ForeignDocumentChecker.check(document, catalog: catalog)
        } catch {
            Report.diagnostics(error.diagnostics)
            throw ExitCode(1)
        }
        switch format {
        case .json: Report.line(CheckReportJSON.encode(result))
        case .text: Report.line(ForeignReportText.render(result))
        }
        if result.failed { throw ExitCode(1) }
    }
}

