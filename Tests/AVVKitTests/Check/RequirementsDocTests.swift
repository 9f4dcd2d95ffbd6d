import Foundation
import Testing
@testable import AVVKit

/// `docs/requirements.md` is generated from the catalog; this keeps the two in step.
@Suite struct RequirementsDoc {
    static let path = ShippedTemplates.repositoryRoot + "/docs/requirements.md"

    @Test func isGeneratedFromTheCatalog() throws {
        let actual = try ShippedTemplates.catalog().markdown()
        let committed = try? String(contentsOfFile: Self.path, encoding: .utf8)
        if Snapshot.recording || committed == nil {
            try FileManager.default.createDirectory(
                atPath: (Self.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try actual.write(toFile: Self.path, atomically: true, encoding: .utf8)
            if committed == nil { Issue.record("docs/requirements.md did not exist; generated it, run the tests again") }
            return
        }
        guard let committed, committed != actual else { return }
        Issue.record("""
            docs/requirements.md differs from what Templates/requirements/catalog.yaml generates; \
            re-record with `RECORD_SNAPSHOTS=1 swift test --filter RequirementsDoc`:
            \(Snapshot.lineDiff(expected: committed, actual: actual))
            """)
    }

    @Test func listsEveryRequirementAndRuleOnce() throws {
        let catalog = try ShippedTemplates.catalog()
        let page = catalog.markdown()
        for id in catalog.requirements.map(\.id) + catalog.rules.map(\.id) {
            #expect(page.components(separatedBy: "\n#### \(id)\n").count == 2, "\(id) should have exactly one section")
        }
        for requirement in catalog.requirements {
            for element in requirement.evidence[.de] ?? [] { #expect(page.contains(element.about)) }
        }
    }
}
