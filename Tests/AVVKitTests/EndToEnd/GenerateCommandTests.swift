import Foundation
import Testing

/// A working folder with the "everything" template set as `Templates/` and its customer.
private func workspace() throws -> TemporaryDirectory {
    let dir = try TemporaryDirectory()
    try FileManager.default.copyItem(atPath: Fixtures.path("Everything"), toPath: dir.path + "/Templates")
    try FileManager.default.moveItem(atPath: dir.path + "/Templates/customer.yaml", toPath: dir.path + "/customer.yaml")
    return dir
}

@Test func generateWritesBothFormatsAndTheManifest() throws {
    let dir = try workspace()
    defer { dir.remove() }
    let result = try AVVCommand.run(["generate", "customer.yaml", "--date", "2026-11-22"], in: dir.path)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(result.stdout == """
        Output/mueller-soehne-gmbh/w-2026-0042/everything.de.html
        Output/mueller-soehne-gmbh/w-2026-0042/everything.de.txt
        Output/mueller-soehne-gmbh/w-2026-0042/manifest.de.json

        """)
    #expect(filesBelow(dir.path + "/Output") == [
        "mueller-soehne-gmbh/w-2026-0042/everything.de.html",
        "mueller-soehne-gmbh/w-2026-0042/everything.de.txt",
        "mueller-soehne-gmbh/w-2026-0042/manifest.de.json",
    ])
    let text = try String(contentsOfFile: dir.path + "/Output/mueller-soehne-gmbh/w-2026-0042/everything.de.txt", encoding: .utf8)
    #expect(text.contains("Müller & Söhne <GmbH>"))
    #expect(text.contains("1,40"))
}

@Test func sameInputsAndDateGiveByteIdenticalFiles() throws {
    let dir = try workspace()
    defer { dir.remove() }
    for out in ["a", "b"] {
        let result = try AVVCommand.run(["generate", "customer.yaml", "--date", "2026-11-22", "--lang", "de", "--lang", "en", "--out", out], in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
    }
    let files = filesBelow(dir.path + "/a")
    #expect(files.count == 6)
    #expect(files == filesBelow(dir.path + "/b"))
    for file in files {
        let a = FileManager.default.contents(atPath: dir.path + "/a/" + file)
        let b = FileManager.default.contents(atPath: dir.path + "/b/" + file)
        #expect(a == b, "\(file) differs between two runs")
    }
}

@Test func invalidDataExitsOneNamesTheFieldAndWritesNothing() throws {
    let dir = try workspace()
    defer { dir.remove() }
    let yaml = try String(contentsOfFile: dir.path + "/customer.yaml", encoding: .utf8)
        .replacingOccurrences(of: "priceModel: perMinute", with: "priceModel: per-minute")
    try dir.write("customer.yaml", yaml)
    let result = try AVVCommand.run(["generate", "customer.yaml"], in: dir.path)
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr.hasPrefix("""
        customer.yaml:15:15: error: remote.priceModel: expected one of 'included', 'perMinute', 'baseFeePlusSteps', found 'per-minute'; did you mean 'perMinute'? [AVV204]
         15 |   priceModel: per-minute
            |               ^~~~~~~~~~
        """))
    #expect(result.stderr.contains("[AVV204]"))
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/Output"))
}

@Test func oneBadCustomerAmongGoodOnesWritesNothing() throws {
    let dir = try workspace()
    defer { dir.remove() }
    try dir.write("bad.yaml", "controller: {name: X}\n")
    let result = try AVVCommand.run(["generate", "customer.yaml", "bad.yaml"], in: dir.path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("bad.yaml:1:1: error: "))
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/Output"))
}

@Test func aBrokenTemplateExitsOneWithACompilerStyleDiagnostic() throws {
    let dir = try workspace()
    defer { dir.remove() }
    let path = dir.path + "/Templates/everything/everything.de.xhtml"
    let template = try String(contentsOfFile: path, encoding: .utf8)
        .replacingOccurrences(of: "{{ contract.number }}", with: "{{ contract.nummer }}")
    try template.write(toFile: path, atomically: true, encoding: .utf8)
    let result = try AVVCommand.run(["generate", "customer.yaml"], in: dir.path)
    #expect(result.status == 1)
    #expect(result.stderr == """
        Templates/everything/everything.de.xhtml:17:80: error: unknown field 'contract.nummer'; did you mean 'contract.number'? [AVV104]
         17 |     <p>Gegenstand ist die Fernwartung nach dem Wartungsvertrag Nr. {{ contract.nummer }}
            |                                                                                ^~~~~~

        """)
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/Output"))
}

@Test(arguments: [
    (["generate"], "Missing expected argument '<data> ...'"),
    (["generate", "customer.yaml", "--date", "2026-02-30"], "--date '2026-02-30' is not a date"),
    (["generate", "customer.yaml", "--lang", "fr"], "fr"),
    (["generate", "customer.yaml", "--colour"], "--colour"),
    (["frobnicate"], "frobnicate"),
])
func usageErrorsExitSixtyFour(arguments: [String], mention: String) throws {
    let dir = try workspace()
    defer { dir.remove() }
    let result = try AVVCommand.run(arguments, in: dir.path)
    #expect(result.status == 64)
    #expect(result.stderr.contains(mention))
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/Output"))
}

@Test func aMissingTemplateFolderIsAClearError() throws {
    let dir = try workspace()
    defer { dir.remove() }
    let result = try AVVCommand.run(["generate", "customer.yaml", "--templates", "Vorlagen"], in: dir.path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("Vorlagen/templates.json"))
}

/// A one-requirement catalog for the everything set: instructions must be documented.
private let instructionsCatalog = """
    dpa: everything
    requirements:
      - id: art28-3-a-instructions
        reference: { de: "Art. 28 Abs. 3 lit. a DSGVO", en: "Art. 28(3)(a) GDPR" }
        severity: must
        statement: { de: "Nur auf dokumentierte Weisung.", en: "Only on documented instructions." }
        evidence:
          de:
            - about: documented instructions
              any: ['dokumentiert\\w* weisung']
          en:
            - about: documented instructions
              any: ['documented instructions']
      - id: art28-3-subject
        reference: { de: "Art. 28 Abs. 3 DSGVO", en: "Art. 28(3) GDPR" }
        severity: should
        statement: { de: "Gegenstand.", en: "Subject matter." }
        evidence: { de: [{ about: subject, any: ['gegenstand'] }], en: [{ about: subject, any: ['subject'] }] }
      - id: art28-3-infringing
        reference: { de: "Art. 28 Abs. 3 DSGVO", en: "Art. 28(3) GDPR" }
        severity: should
        statement: { de: "Rechtswidrige Weisung.", en: "Infringing instruction." }
        evidence: { de: [{ about: unlawful, any: ['rechtswidrig'] }], en: [{ about: unlawful, any: ['unlawful'] }] }
      - id: test-liability
        reference: { de: "§ 280 BGB", en: "§ 280 BGB" }
        severity: should
        statement: { de: "Haftung.", en: "Liability." }
        evidence: { de: [{ about: liability, any: ['\\bhaftung'] }], en: [{ about: liability, any: ['liability'] }] }
    rules: []

    """

@Test func generateChecksEveryDocumentAndRecordsTheCheckInTheManifest() throws {
    let dir = try workspace()
    defer { dir.remove() }
    try dir.write("Templates/requirements/catalog.yaml", instructionsCatalog)
    let result = try AVVCommand.run(["generate", "customer.yaml", "--date", "2026-11-22"], in: dir.path)
    #expect(result.status == 0, "\(result.stderr)")
    let manifest = try String(contentsOfFile: dir.path + "/Output/mueller-soehne-gmbh/w-2026-0042/manifest.de.json", encoding: .utf8)
    #expect(manifest.contains("\"findings\" : ["))
}

@Test func generateRefusesADocumentThatLacksARequiredClause() throws {
    let dir = try workspace()
    defer { dir.remove() }
    try dir.write("Templates/requirements/catalog.yaml", instructionsCatalog)
    let path = dir.path + "/Templates/everything/everything.de.xhtml"
    let template = try String(contentsOfFile: path, encoding: .utf8)
        .replacingOccurrences(of: "nur auf dokumentierte Weisung zu handeln", with: "sorgfältig zu arbeiten")
    try template.write(toFile: path, atomically: true, encoding: .utf8)
    let result = try AVVCommand.run(["generate", "customer.yaml"], in: dir.path)
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("""
        Templates/everything/everything.de.xhtml:21:3: error: everything.de: clause 'weisungen' claims art28-3-a-instructions but says nothing of documented instructions [art28-3-a-instructions] [AVV500]
        """))
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/Output"))
}
