import Foundation
import Testing
@testable import AVVKit

/// A one-document template set whose only clause `x` claims art28-3-g-deletion and says
/// `clauseText`.
private func miniatureSet(clauseText: String) throws -> TemporaryDirectory {
    let dir = try TemporaryDirectory()
    try dir.write("templates.json", """
        {"version": "1.0.0", "schema": "schema.json", "languages": ["de"], "documents": ["avv"],
         "output": {"customer": "name", "contract": "number"}}
        """)
    try dir.write("schema.json", """
        {"type": "object", "additionalProperties": false, "required": ["name", "number"],
         "properties": {"name": {"type": "string"}, "number": {"type": "string"}}}
        """)
    try dir.write("examples/kunde.yaml", "name: Muster GmbH\nnumber: \"7\"\n")
    try dir.write("requirements/catalog.yaml", #"""
        dpa: avv
        requirements:
          - id: art28-3-g-deletion
            reference: { de: "Art. 28 Abs. 3 Satz 2 lit. g DSGVO", en: "Art. 28(3)(g) GDPR" }
            severity: must
            statement: { de: "Löschung oder Rückgabe nach Wahl.", en: "Deletion or return at the controller's choice." }
            evidence:
              de:
                - about: deleting or returning data
                  any: ['lösch\w*', 'rückgabe']
                - about: the controller's choice
                  any: ['wahl']
              en:
                - about: deleting or returning data
                  any: ['delet\w*']
        rules: []
        """#)
    try dir.write("avv/avv.de.xhtml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <html xmlns="http://www.w3.org/1999/xhtml" xmlns:avv="urn:avv:template" lang="de">
        <head><meta charset="utf-8"/><title>Vertrag {{ number }}</title></head>
        <body>
          <h1>Vertrag mit {{ name }}</h1>
          <section avv:clause="x" avv:covers="art28-3-g-deletion">
            <h2>Zusammenarbeit</h2>
            <p>\(clauseText)</p>
          </section>
        </body>
        </html>
        """)
    return dir
}

private func claimFindings(_ clauseText: String) throws -> [Finding] {
    let dir = try miniatureSet(clauseText: clauseText)
    defer { dir.remove() }
    return TemplateSetChecker.check(directory: dir.path, examplesOnly: true).findings.filter { $0.id == "art28-3-g-deletion" }
}

@Test func aClauseClaimingWhatItDoesNotSayIsAnError() throws {
    let findings = try claimFindings("Die Parteien arbeiten vertrauensvoll zusammen.")
    #expect(findings.map(\.message) == ["clause 'x' claims art28-3-g-deletion but says nothing of deleting or returning data"])
    #expect(findings.first?.kind == .unsupportedClaim)
    #expect(findings.first?.severity == .error)
    #expect(findings.first?.clause == "x")
}

@Test func aClaimMustBeMetInOneSentence() throws {
    let findings = try claimFindings("Die Daten werden gelöscht. Die Wahl trifft der Kunde.")
    #expect(findings.map(\.message) == [
        "clause 'x' claims art28-3-g-deletion but never says in one sentence: deleting or returning data, the controller's choice",
    ])
}

@Test func aClauseThatSaysWhatItClaimsIsClean() throws {
    #expect(try claimFindings("Nach Vertragsende löscht der Auftragnehmer die Daten nach Wahl des Kunden oder gibt sie zurück.").isEmpty)
}

/// The same on the shipped AV-Vertrag, with the catalog's own words.
@Test func theShippedDeletionClauseGuttedIsReportedWithTheCatalogWords() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let templates = try ShippedTemplates.copy(into: dir)
    _ = try TemplateMutation.gutClauses(claiming: "art28-3-g-deletion", in: templates)
    let report = TemplateSetChecker.check(directory: templates, examplesOnly: true)
    let messages = Set(report.findings.filter { $0.id == "art28-3-g-deletion" }.map(\.message))
    #expect(messages == ["clause 'laufzeit' claims art28-3-g-deletion but says nothing of deleting or returning data"])
}

/// A claim the catalog does not know is an error naming the clause: after a typo in
/// `avv:covers`, or, here, when the catalog no longer has the requirement (a catalog whose
/// requirements change knows their ids anew).
@Test func aClaimTheCatalogDoesNotKnowIsAnError() throws {
    let dir = try miniatureSet(clauseText: "Nach Vertragsende löscht der Auftragnehmer die Daten nach Wahl des Kunden.")
    defer { dir.remove() }
    let set = try TemplateSet.load(directory: dir.path)
    var catalog = try #require(try RequirementCatalog.loadIfPresent(for: set))
    let data = try CustomerData.load(path: dir.path + "/examples/kunde.yaml", schema: set.schema).value
    let document = try set.render("avv", language: .de, data: data, date: "2026-11-22", documentID: "t")
    #expect(DocumentChecker.check(document, catalog: catalog, templates: set, data: data).isEmpty)

    catalog.requirements = []
    let findings = DocumentChecker.check(document, catalog: catalog, templates: set, data: data)
    #expect(findings.map(\.kind) == [.unknownRequirement])
    #expect(findings.map(\.message) == ["clause 'x' claims 'art28-3-g-deletion', which the requirement catalog does not know"])
    #expect(findings.first?.clause == "x")
}

/// Marks an author left in a clause, or a customer's value that is one, are errors naming
/// the mark, the clause and the sentence.
@Test(arguments: [
    ("Nach Vertragsende löscht der Auftragnehmer die Daten nach Wahl des Kunden binnen [ … ] Tagen.", "[ … ]"),
    ("Nach Vertragsende löscht der Auftragnehmer die Daten nach Wahl des Kunden binnen [...] Tagen.", "[...]"),
    ("Nach Vertragsende löscht der Auftragnehmer die Daten nach Wahl des Kunden. TODO: Frist klären.", "TODO"),
    ("Nach Vertragsende löscht der Auftragnehmer die Daten nach Wahl des Kunden binnen … Tagen.", "…"),
])
func aLeftoverPlaceholderIsAnError(clauseText: String, mark: String) throws {
    let dir = try miniatureSet(clauseText: clauseText)
    defer { dir.remove() }
    let findings = TemplateSetChecker.check(directory: dir.path, examplesOnly: true).findings
    #expect(findings.map(\.message) == ["leftover placeholder '\(mark)'"])
    #expect(findings.first?.kind == .placeholder)
    #expect(findings.first?.severity == .error)
    #expect(findings.first?.clause == "x")
    #expect(findings.first?.excerpt?.contains(mark) == true)
}

@Test func aCustomerValueThatIsAPlaceholderIsAnError() throws {
    let dir = try miniatureSet(clauseText: "Nach Vertragsende löscht der Auftragnehmer die Daten nach Wahl des Kunden.")
    defer { dir.remove() }
    let set = try TemplateSet.load(directory: dir.path)
    let catalog = try #require(try RequirementCatalog.loadIfPresent(for: set))
    for (name, findings) in [("Muster GmbH", [String]()), ("XXX", ["leftover placeholder 'XXX'"]), ("Muster ... GmbH", ["leftover placeholder '...'"])] {
        let data = DataValue.object(["name": .string(name), "number": .string("7")])
        let document = try set.render("avv", language: .de, data: data, date: "2026-11-22", documentID: "t")
        // Twice: the second time the sentence comes from the catalog's memo.
        for _ in 0..<2 {
            #expect(DocumentChecker.check(document, catalog: catalog, templates: set, data: data).map(\.message) == findings, "\(name)")
        }
    }
}
