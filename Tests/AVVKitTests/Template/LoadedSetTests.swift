import Foundation
import Testing

@testable import AVVKit

/// `LoadedSet.load` reads the catalog and the approvals beside the compiling templates; what it
/// returns and what it reports must be what loading the three in turn gives.
@Suite struct LoadedSetTests {
    /// The diagnostics of loading the set, the catalog and the approvals in turn.
    static func inTurn(_ directory: String) -> [String] {
        do throws(DiagnosticsError) {
            let set = try TemplateSet.load(directory: directory)
            _ = try RequirementCatalog.loadIfPresent(for: set)
            _ = try ApprovalState.load(for: set)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    static func atOnce(_ directory: String) -> [String] {
        do throws(DiagnosticsError) {
            _ = try LoadedSet.load(directory: directory)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func theShippedSetLoadsAsInTurn() throws {
        let loaded = try LoadedSet.load(directory: ShippedTemplates.directory)
        let set = try TemplateSet.load(directory: ShippedTemplates.directory)
        let catalog = try #require(try RequirementCatalog.loadIfPresent(for: set))
        let approval = try ApprovalState.load(for: set)
        #expect(loaded.set.kinds == set.kinds)
        #expect(loaded.catalog?.requirements.map(\.id) == catalog.requirements.map(\.id))
        #expect(loaded.approval.pending.map(\.key) == approval.pending.map(\.key))
        #expect(loaded.approval.inventory.clauses.map(\.sha256) == approval.inventory.clauses.map(\.sha256))
        #expect(loaded.approval.findings(draft: false) == approval.findings(draft: false))
    }

    /// Broken templates, catalog and approvals together: the set's problems come first, then
    /// the catalog's, then the approvals', each as loading in turn reports them.
    @Test func problemsComeInLoadingOrder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let templates = try ShippedTemplates.copy(into: dir)
        let catalog = templates + "/" + RequirementCatalog.fileName
        let original = try String(contentsOfFile: catalog, encoding: .utf8)
        try dir.write("Templates/approvals.json", "{\"version\": 1, \"approvals\": [}\n")
        try dir.write("Templates/" + RequirementCatalog.fileName, "requirements: 5\n")
        let manifest = templates + "/" + TemplateSet.manifestName
        let goodManifest = try String(contentsOfFile: manifest, encoding: .utf8)
        try dir.write("Templates/" + TemplateSet.manifestName, "{\"version\": }\n")

        var seen: [[String]] = []
        for step in ["templates", "catalog", "approvals"] {
            let expected = Self.inTurn(templates)
            #expect(!expected.isEmpty, "\(step): loading in turn finds a problem")
            #expect(Self.atOnce(templates) == expected, "\(step)")
            seen.append(expected)
            if step == "templates" { try goodManifest.write(toFile: manifest, atomically: true, encoding: .utf8) }
            if step == "catalog" { try original.write(toFile: catalog, atomically: true, encoding: .utf8) }
        }
        #expect(seen[0].first?.hasPrefix(manifest) == true, "\(seen[0])")
        #expect(seen[1].first?.hasPrefix(catalog) == true, "\(seen[1])")
        #expect(seen[2].first?.hasPrefix(templates + "/approvals.json") == true, "\(seen[2])")
    }
}
