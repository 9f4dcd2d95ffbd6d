import Foundation
import Testing
@testable import AVVKit

/// The requirements a broken template must be caught on: every `must` of the AV-Vertrag and
/// the Fernwartungsbedingungen, and the conditional ones that some example profile switches
/// on (so that the checker renders the clause at all). `mutationTableCoversTheCatalog`
/// keeps the list in step with the catalog and the examples.
let mutatedRequirements: [String] = [
    // AV-Vertrag, must
    "art28-9-form", "art28-3-parties", "art28-3-subject", "art28-3-duration", "art28-3-nature",
    "art28-3-purpose", "art28-3-datatypes", "art28-3-datasubjects", "art28-3-controller-rights",
    "art28-3-a-instructions", "art28-3-a-legalreq", "art28-3-infringing", "art28-3-b-confidentiality",
    "art28-3-c-security", "art28-2-authorisation", "art28-4-flowdown", "art28-4-liability",
    "art28-3-e-dsr", "art28-3-f-assist", "art33-2-breach", "art28-3-g-deletion", "art28-3-h-audit",
    "annex-toms",
    // AV-Vertrag, conditional and switched on by an example
    "art28-2-objection", "ch5-transfers", "annex-subprocessors", "cond-203-stgb",
    // Fernwartungsbedingungen, must
    "fw-session-consent", "fw-session-control", "fw-encryption", "fw-no-persistent-access",
    "fw-minimal-access", "fw-backup", "fw-tool", "fw-price-net-vat", "fw-acceptance", "fw-liability",
    "fw-law-venue", "fw-version-date", "fw-dpa-reference",
    // Fernwartungsbedingungen, conditional and switched on by an example
    "fw-recording",
]

/// Requirements stated outside any clause (`scope: document`): no claim to remove.
let documentScopeRequirements: Set<String> = ["fw-version-date"]

/// Text edits on a copied template set that break one requirement.
enum TemplateMutation {
    /// The XHTML files of a set (documents and partials).
    static func templates(in directory: String) -> [String] {
        filesBelow(directory).filter { $0.hasSuffix(".xhtml") }.map { directory + "/" + $0 }
    }

    static func edit(_ directory: String, _ change: (_ text: String, _ language: Language) -> String) throws -> Int {
        var changed = 0
        for file in templates(in: directory) {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let mutated = change(text, file.contains(".en.") ? .en : .de)
            if mutated != text {
                try mutated.write(toFile: file, atomically: true, encoding: .utf8)
                changed += 1
            }
        }
        return changed
    }

    /// Mutation A: the id disappears from every `avv:covers`. Returns the files changed.
    static func removeClaim(_ id: String, in directory: String) throws -> Int {
        try edit(directory) { text, _ in
            replacing(#"\s*avv:covers="([^"]*)""#, in: text) { match, groups in
                let ids = groups[0].split(separator: " ").map(String.init)
                guard ids.contains(id) else { return match }
                let kept = ids.filter { $0 != id }
                return kept.isEmpty ? "" : " avv:covers=\"\(kept.joined(separator: " "))\""
            }
        }
    }

    /// Mutation B: every paragraph, list item, table cell and sub-heading of the clauses that
    /// claim the id says nothing any more; attributes (`avv:if`, `avv:each`, `avv:id`) and the
    /// clause titles stay, so the set still compiles and every reference resolves. For a
    /// requirement stated outside clauses, the paragraphs outside clauses are emptied instead.
    static func gutClauses(claiming id: String, in directory: String) throws -> Int {
        try edit(directory) { text, language in
            let filler = language == .de ? "Dieser Absatz bleibt frei." : "This paragraph is left blank."
            if documentScopeRequirements.contains(id) {
                guard text.contains("<body") else { return text }
                // Paragraphs between clauses; the clauses themselves stay as they are.
                let parts = text.components(separatedBy: "<section")
                return ([gut(parts[0], filler: filler, elements: "p")] + parts.dropFirst().map { part in
                    guard let end = part.range(of: "</section>") else { return part }
                    return String(part[..<end.upperBound]) + gut(String(part[end.upperBound...]), filler: filler, elements: "p")
                }).joined(separator: "<section")
            }
            return replacing(#"<section\b[^>]*avv:covers="[^"]*"[^>]*>.*?</section>"#, in: text) { match, _ in
                var claims: [String] = []
                _ = replacing(#"avv:covers="([^"]*)""#, in: match) { found, groups in
                    claims = groups[0].split(separator: " ").map(String.init)
                    return found
                }
                guard claims.contains(id) else { return match }
                return gut(match, filler: filler, elements: "p|li|h3|h4|th|td")
            }
        }
    }

    /// `text` with the content of each element named in `elements` replaced by `filler`.
    static func gut(_ text: String, filler: String, elements: String) -> String {
        replacing(#"<(\#(elements))(\s[^>]*)?>.*?</\1>"#, in: text) { match, groups in
            let open = match.prefix { $0 != ">" } + ">"
            return "\(open)\(filler)</\(groups[0])>"
        }
    }

    /// Replaces every match of `pattern` (dot matches newlines) with `transform(match, groups)`.
    static func replacing(_ pattern: String, in text: String, _ transform: (String, [String]) -> String) -> String {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        var out = ""
        var last = text.startIndex
        for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(m.range, in: text) else { continue }
            let groups = (1..<m.numberOfRanges).map { i in Range(m.range(at: i), in: text).map { String(text[$0]) } ?? "" }
            out += text[last..<range.lowerBound]
            out += transform(String(text[range]), groups)
            last = range.upperBound
        }
        return out + text[last...]
    }
}

/// The examples that together switch on every conditional requirement of the table:
/// intellekta (general authorisation, third-country transfers, § 203 StGB) and netzbutler
/// (session recording).
let mutationExamples = ["intellekta.yaml", "netzbutler.yaml"]

/// A copy of the shipped set trimmed for the mutation table: German only, the two examples
/// above, no variants. One check of the whole set takes about 1.2 s in a debug build; this
/// one about 0.45 s, and the table runs some 80 of them. The untrimmed set is checked by
/// `avvCheckFailsOnAMutatedSetAndPassesOnTheCleanOne`.
private func trimmedCopy(into dir: TemporaryDirectory) throws -> String {
    let templates = try ShippedTemplates.copy(into: dir)
    let manifest = templates + "/templates.json"
    var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifest))) as! [String: Any]
    json["languages"] = ["de"]
    try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: manifest))
    for example in filesBelow(templates + "/examples") where !mutationExamples.contains(example) {
        try FileManager.default.removeItem(atPath: templates + "/examples/" + example)
    }
    return templates
}

private func checkMutatedCopy(_ mutate: (String) throws -> Int) throws -> (TemplateSetChecker.Report, changed: Int) {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let templates = try trimmedCopy(into: dir)
    let changed = try mutate(templates)
    return (TemplateSetChecker.check(directory: templates, examplesOnly: true), changed)
}

private func describe(_ findings: [Finding]) -> String {
    findings.filter { $0.severity == .error }.prefix(8).map { "[\($0.id)] \($0.kind.rawValue): \($0.message)" }.joined(separator: "\n")
}

@Test func theUnmutatedCopyHasNoErrors() throws {
    let (report, _) = try checkMutatedCopy { _ in 0 }
    #expect(report.errorCount == 0, "\(describe(report.findings))")
    #expect(report.documentsChecked > 0)
}

@Test(arguments: mutatedRequirements.filter { !documentScopeRequirements.contains($0) })
func removingTheClaimIsCaught(_ id: String) throws {
    let (report, changed) = try checkMutatedCopy { try TemplateMutation.removeClaim(id, in: $0) }
    #expect(changed > 0, "no template claims \(id)")
    let caught = report.findings.filter { $0.id == id && $0.kind == .missingRequirement && $0.severity == .error }
    #expect(!caught.isEmpty, "removing the claim of \(id) went unnoticed:\n\(describe(report.findings))")
    #expect(caught.allSatisfy { $0.message.hasPrefix("no clause covers \(id) ") })
    #expect(report.errorCount > 0)
}

@Test(arguments: mutatedRequirements)
func guttingTheClauseIsCaught(_ id: String) throws {
    let (report, changed) = try checkMutatedCopy { try TemplateMutation.gutClauses(claiming: id, in: $0) }
    #expect(changed > 0, "nothing to gut for \(id)")
    #expect(!report.findings.contains { $0.kind == .renderFailed || $0.kind == .invalidTemplates },
            "the mutation broke the set instead of the clause:\n\(describe(report.findings))")
    let kind: Finding.Kind = documentScopeRequirements.contains(id) ? .missingRequirement : .unsupportedClaim
    let caught = report.findings.filter { $0.id == id && $0.kind == kind && $0.severity == .error }
    #expect(!caught.isEmpty, "gutting the clause of \(id) went unnoticed:\n\(describe(report.findings))")
    #expect(report.errorCount > 0)
}

@Test func mutationTableCoversTheCatalog() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let directory = try ShippedTemplates.copy(into: dir)
    let set = try TemplateSet.load(directory: directory)
    let catalog = try RequirementCatalog.load(for: set)
    let names = filesBelow(directory + "/examples").filter { $0.hasSuffix(".yaml") }
    let examples = try names.map { ($0, try CustomerData.load(path: directory + "/examples/" + $0, schema: set.schema).value) }
    func table(from profiles: [DataValue]) -> [String] {
        catalog.requirements.filter { requirement in
            guard requirement.documents.contains(where: ["av-vertrag", "fernwartung"].contains) else { return false }
            switch requirement.severity {
            case .must: return true
            case .should: return false
            case .conditional:
                guard let condition = requirement.condition else { return false }
                return profiles.contains { set.holds(condition, for: $0) }
            }
        }.map(\.id).sorted()
    }
    #expect(mutatedRequirements.sorted() == table(from: examples.map(\.1)))
    // The trimmed copies keep only two examples: they must switch on the same requirements.
    #expect(mutatedRequirements.sorted() == table(from: examples.filter { mutationExamples.contains($0.0) }.map(\.1)))
    #expect(documentScopeRequirements == Set(catalog.requirements.filter(\.documentScope).map(\.id)))
}

/// The same through the built binary, as CI runs it.
@Test func avvCheckFailsOnAMutatedSetAndPassesOnTheCleanOne() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let clean = try ShippedTemplates.copy(into: dir)
    let ok = try AVVCommand.run(["check", "--templates", clean], in: dir.path)
    #expect(ok.status == 0, "\(ok.stderr)")
    #expect(ok.stdout.hasPrefix("avv check: 6 examples and "))
    #expect(ok.stdout.contains("; 0 errors, "))

    #expect(try TemplateMutation.removeClaim("art28-3-g-deletion", in: clean) == 2)
    let broken = try AVVCommand.run(["check", "--templates", clean], in: dir.path)
    #expect(broken.status == 1)
    #expect(broken.stderr.contains("error: no clause covers art28-3-g-deletion (Art. 28 Abs. 3 Satz 2 lit. g DSGVO)"))
    #expect(broken.stderr.contains("[art28-3-g-deletion]"))
    #expect(broken.stdout.contains(" errors, ") && !broken.stdout.contains("; 0 errors, "))
}
