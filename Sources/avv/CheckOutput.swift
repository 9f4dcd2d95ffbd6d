import AVVKit
import Foundation

/// `avv check --format json`: findings and a summary for machines.
enum CheckReportJSON {
    private struct FindingJSON: Encodable {
        var kind: String
        var severity: String
        var id: String
        var message: String
        var document: String?
        var language: String?
        var clause: String?
        var file: String?
        var line: Int?
        var column: Int?
        var excerpt: String?
        var variant: String?

        init(_ f: Finding) {
            kind = f.kind.rawValue
            severity = f.severity.rawValue
            id = f.id
            message = f.message
            document = f.document.isEmpty ? nil : f.document
            language = f.language?.rawValue
            clause = f.clause
            file = f.location?.file
            line = f.location?.line
            column = f.location?.column
            excerpt = f.excerpt
            variant = f.variant
        }
    }

    private struct SetJSON: Encodable {
        var examples: [String]
        var variantFields: [String]
        var variantsChecked: Int
        var variantsSkipped: Int
        var combinations: Int
        var pairwise: Bool
        var combinationBound: Int
        var documentsChecked: Int
        var errors: Int
        var warnings: Int
        var findings: [FindingJSON]
    }

    private struct RequirementJSON: Encodable {
        var id: String
        var severity: String
        var reference: String
        var status: String
        var sentence: String?
        var file: String?
        var line: Int?
        var absent: [String]
    }

    private struct DocumentJSON: Encodable {
        var file: String
        var language: String
        var format: String
        var failed: Bool
        var requirements: [RequirementJSON]
        var wording: [FindingJSON]
    }

    static func encode(_ report: TemplateSetChecker.Report) -> String {
        encode(SetJSON(
            examples: report.examples, variantFields: report.fields.map(\.name),
            variantsChecked: report.variantsChecked, variantsSkipped: report.variantsSkipped,
            combinations: report.combinations, pairwise: report.pairwise,
            combinationBound: TemplateSetChecker.combinationBound, documentsChecked: report.documentsChecked,
            errors: report.errorCount, warnings: report.warningCount, findings: report.findings.map(FindingJSON.init)))
    }

    static func encode(_ report: ForeignDocumentChecker.Report) -> String {
        let language = report.document.language
        return encode(DocumentJSON(
            file: report.document.file, language: language.rawValue, format: report.document.format.rawValue,
            failed: report.failed,
            requirements: report.results.map {
                RequirementJSON(id: $0.requirement.id, severity: $0.requirement.severity.rawValue,
                                reference: $0.requirement.reference[language] ?? "", status: $0.status.rawValue,
                                sentence: $0.sentence, file: $0.location?.file, line: $0.location?.line, absent: $0.absent)
            },
            wording: report.wording.map(FindingJSON.init)))
    }

    private static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }
}

/// `avv check --document FILE`: each requirement met (with where) or missing, then the
/// risky wording.
enum ForeignReportText {
    static func render(_ report: ForeignDocumentChecker.Report) -> String {
        let language = report.document.language
        let met = report.results.filter { $0.status == .met }.count
        let missingMust = report.results.filter { $0.status == .missing && $0.requirement.severity == .must }
        var out = "\(report.document.file): \(language == .de ? "German" : "English") \(report.document.format.rawValue), "
            + "\(met) of \(report.results.count) requirements met"
            + (missingMust.isEmpty ? "" : ", \(missingMust.count) required ones missing") + "\n"
        for result in report.results {
            let r = result.requirement
            let severity = r.severity == .conditional ? "conditional" : r.severity.rawValue
            switch result.status {
            case .met:
                out += "\n  met      \(r.id) (\(severity)), \(r.reference[language] ?? "")\n"
                if let location = result.location { out += "           \(location)\n" }
                if let sentence = result.sentence { out += "           \"\(excerpt(sentence))\"\n" }
            case .missing:
                let label = r.severity == .must ? "MISSING " : r.severity == .should ? "missing " : "not found"
                out += "\n  \(label) \(r.id) (\(severity)), \(r.reference[language] ?? "")\n"
                out += "           \(r.statement[.en] ?? "")\n"
                if r.severity == .conditional, let condition = r.conditionText?[.en] {
                    out += "           required only if: \(condition)\n"
                }
                if !result.absent.isEmpty {
                    out += "           no sentence mentions: \(result.absent.joined(separator: "; "))\n"
                } else {
                    out += "           the parts appear, but no sentence states the duty as a whole\n"
                }
            }
        }
        if !report.wording.isEmpty {
            out += "\nRisky wording:\n"
            for finding in report.wording {
                out += "\n  \(finding.severity.rawValue): \(finding.id): \(finding.message)\n"
                if let location = finding.location { out += "           \(location)\n" }
                if let sentence = finding.excerpt { out += "           \"\(excerpt(sentence))\"\n" }
            }
        }
        return out
    }

    private static func excerpt(_ sentence: String) -> String {
        sentence.count > 200 ? String(sentence.prefix(200)) + " …" : sentence
    }
}
