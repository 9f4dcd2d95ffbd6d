import Foundation
import Testing
@testable import AVVKit

/// `Generator.generate(…, sideBySide: true)` works on the documents at the same time and
/// checks each beside writing it. What it returns, or throws, is what the documents give one
/// after the other: the same files, byte for byte, the same manifest, the same diagnostics in
/// the same order.
@Suite struct SideBySideTests {
    static let intellekta = ShippedTemplates.directory + "/examples/intellekta.yaml"

    let set: TemplateSet
    let catalog: RequirementCatalog
    let approval: ApprovalState
    /// No clause approved: every clause of both documents is reported.
    let noApprovals: ApprovalState
    let customer: CustomerData

    init() throws {
        set = try TemplateSet.load(directory: ShippedTemplates.directory)
        catalog = try RequirementCatalog.load(for: set)
        approval = try ApprovalState.load(for: set)
        noApprovals = ApprovalState(inventory: try ClauseInventory.of(set), approvals: Approvals(),
                                    approvalsPath: "approvals.json", approvalsHash: nil)
        customer = try CustomerData.load(path: Self.intellekta, schema: set.schema)
    }

    /// The files (path and bytes) and documents, or the diagnostics as a user reads them.
    static func outcome(_ generate: (Bool) throws(DiagnosticsError) -> Generator.Result, sideBySide: Bool) -> String {
        do {
            let result = try generate(sideBySide)
            let documents = result.documents.map { "\($0.kind).\($0.language.rawValue) \($0.blocks.count) blocks" }
            let files = result.files.map { "\($0.relativePath) \(Hashing.sha256Hex($0.contents))" }
            return ([result.folder] + documents + files).joined(separator: "\n")
        } catch {
            return "failed:\n" + DiagnosticFormatter.plain.format(error.diagnostics)
        }
    }

    static func expectSame(
        _ generate: (Bool) throws(DiagnosticsError) -> Generator.Result, _ what: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> String {
        let oneAfterTheOther = outcome(generate, sideBySide: false)
        // Several times: the threads may meet in another order each time.
        for round in 0..<4 {
            let sideBySide = outcome(generate, sideBySide: true)
            #expect(sideBySide == oneAfterTheOther, "\(what), round \(round)", sourceLocation: sourceLocation)
        }
        return oneAfterTheOther
    }

    @Test(arguments: ShippedExamplesTests.profiles, Language.allCases)
    func everyExampleGivesTheSameFiles(profile: String, language: Language) throws {
        let customer = try CustomerData.load(path: ShippedTemplates.directory + "/examples/" + profile, schema: set.schema)
        let outcome = Self.expectSame({ sideBySide throws(DiagnosticsError) in
            try Generator.generate(templates: set, data: customer, language: language, date: "2026-11-22",
                                   catalog: catalog, approval: approval, sideBySide: sideBySide)
        }, profile)
        // Both documents, each as HTML and text, and the manifest.
        #expect(outcome.split(separator: "\n").count == 1 + 2 + 5, "\(outcome)")
    }

    @Test func draftsAndBlankFormsGiveTheSameFiles() throws {
        let draft = Self.expectSame({ sideBySide throws(DiagnosticsError) in
            try Generator.generate(templates: set, data: customer, language: .de, date: "2026-11-22",
                                   catalog: catalog, approval: noApprovals, draft: true, sideBySide: sideBySide)
        }, "draft")
        #expect(!draft.hasPrefix("failed"), "\(draft)")

        let provider = try CustomerData.loadProviderPart(
            path: Self.intellekta, customerRoot: "controller", schema: set.schema)
        let blank = Self.expectSame({ sideBySide throws(DiagnosticsError) in
            try Generator.generate(templates: set, data: provider, language: .en, date: "2026-11-22",
                                   folder: "blanko", blank: true, sideBySide: sideBySide)
        }, "blank")
        #expect(blank.hasPrefix("blanko\nav-vertrag.en"), "\(blank)")
    }

    /// Unapproved clauses of both documents and findings of both: the same diagnostics, the
    /// AV-Vertrag's before the terms'.
    @Test func theSameDiagnosticsInTheSameOrder() throws {
        let unapproved = Self.expectSame({ sideBySide throws(DiagnosticsError) in
            try Generator.generate(templates: set, data: customer, language: .de, date: "2026-11-22",
                                   catalog: catalog, approval: noApprovals, sideBySide: sideBySide)
        }, "unapproved")
        let vertrag = try #require(unapproved.range(of: "av-vertrag/"))
        let terms = try #require(unapproved.range(of: "fernwartung/"))
        #expect(unapproved.hasPrefix("failed:") && vertrag.lowerBound < terms.lowerBound, "\(unapproved)")

        // A leftover placeholder in the customer's name: a finding in each document.
        var loaded = try DataLoader.load(path: Self.intellekta)
        guard case .object(var root) = loaded.root, case .object(var controller)? = root["controller"] else {
            Issue.record("the example has no controller")
            return
        }
        controller["company"] = .string("Müller GmbH TODO")
        root["controller"] = .object(controller)
        loaded.root = .object(root)
        let placeholder = try CustomerData.validated(loaded, schema: set.schema)
        let findings = Self.expectSame({ sideBySide throws(DiagnosticsError) in
            try Generator.generate(templates: set, data: placeholder, language: .de, date: "2026-11-22",
                                   catalog: catalog, sideBySide: sideBySide)
        }, "placeholder")
        let inVertrag = try #require(findings.range(of: "av-vertrag.de: leftover placeholder 'TODO'"))
        let inTerms = try #require(findings.range(of: "fernwartung.de: leftover placeholder 'TODO'"))
        #expect(inVertrag.lowerBound < inTerms.lowerBound, "\(findings)")
    }

    /// Documents that cannot be rendered, between them one that can: the same diagnostics.
    @Test func aDocumentThatFailsToRenderGivesTheSameDiagnostics() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("templates.json", """
            {"version": "1.0.0", "schema": "schema.json", "languages": ["de"], "documents": ["erstes", "zweites", "drittes"],
             "output": {"customer": "kunde", "contract": "vertrag"}}
            """)
        try dir.write("schema.json", """
            {"type": "object", "required": ["kunde", "vertrag"],
             "properties": {"kunde": {"type": "string"}, "vertrag": {"type": "string"}, "fehlt": {"type": "string"}}}
            """)
        try dir.write("customer.json", #"{"kunde": "Kunde", "vertrag": "V-1"}"#)
        for (document, body) in [("erstes", "<p>{{ fehlt }}</p>"), ("zweites", "<p>Für {{ kunde }}.</p>"), ("drittes", "<p>{{ fehlt }}!</p>")] {
            try dir.write("\(document)/\(document).de.xhtml", """
                <html xmlns="http://www.w3.org/1999/xhtml" xmlns:avv="urn:avv:template" lang="de">
                <head><title>T</title></head>
                <body><h1>\(document)</h1>
                \(body)
                </body>
                </html>
                """)
        }
        let set = try TemplateSet.load(directory: dir.path)
        let customer = try CustomerData.load(path: dir.path + "/customer.json", schema: set.schema)
        let outcome = Self.expectSame({ sideBySide throws(DiagnosticsError) in
            try Generator.generate(templates: set, data: customer, language: .de, date: "2026-11-22", sideBySide: sideBySide)
        }, "render failures")
        let lines = outcome.split(separator: "\n").filter { $0.contains("missing value") }
        #expect(lines.count == 2 && lines[0].contains("erstes.de.xhtml:4:4") && lines[1].contains("drittes.de.xhtml:4:4"),
                "\(outcome)")
    }
}
