import Foundation
import Testing
@testable import AVVKit

/// Seed 001 (Plan.tec.) excludes all liability but intent; read as a third-party document,
/// its liability clause must be flagged under § 309 Nr. 7 a and b BGB. The seed is read
/// from `shared/seeds/` beside the repository and never copied into it.
@Test func seedLiabilityClauseIsFlaggedUnder309Nr7aAnd7b() throws {
    let path = ShippedTemplates.seed("001_24d717be8ee83c36.txt")
    guard FileManager.default.fileExists(atPath: path) else {
        Issue.record("seed document missing: expected \(path) (shared/seeds/ beside the repository)")
        return
    }
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let liabilityLine = try #require(
        lines.firstIndex { $0.contains("Haftung") && $0.contains("ausgeschlossen") }.map { $0 + 1 },
        "the seed no longer has its liability clause")

    let document = try ForeignDocument.load(path: path)
    #expect(document.language == .de)
    let report = ForeignDocumentChecker.check(document, catalog: try ShippedTemplates.catalog())
    for id in ["agb-309-7a", "agb-309-7b"] {
        let findings = report.wording.filter { $0.id == id }
        #expect(!findings.isEmpty, "\(id) not raised on the seed")
        let onClause = findings.filter { finding in
            finding.location?.line == liabilityLine
                && finding.excerpt?.contains("jede Haftung") == true
                && finding.excerpt?.contains("ausgeschlossen") == true
        }
        #expect(onClause.count == 1, "\(id) should point at line \(liabilityLine), the clause excluding all liability but intent; found \(findings.map { "\($0.location?.line ?? 0): \($0.excerpt ?? "")" })")
        #expect(findings.allSatisfy { $0.severity == .error && $0.kind == .riskyWording })
    }
    #expect(report.failed)
}
