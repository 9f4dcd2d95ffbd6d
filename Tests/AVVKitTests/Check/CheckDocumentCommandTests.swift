import Foundation
import Testing

/// A working folder with the shipped set as `Templates/` and one DPA from the corpus.
private func workspace(with dpa: String) throws -> TemporaryDirectory {
    let dir = try TemporaryDirectory()
    _ = try ShippedTemplates.copy(into: dir)
    try FileManager.default.copyItem(atPath: Fixtures.path("DPAs/" + dpa), toPath: dir.path + "/" + dpa)
    return dir
}

@Test func checkDocumentPassesACompleteGermanDPA() throws {
    let dir = try workspace(with: "de-systemhaus-vollstaendig.txt")
    defer { dir.remove() }
    let result = try AVVCommand.run(["check", "--document", "de-systemhaus-vollstaendig.txt", "--lang", "de"], in: dir.path)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stderr == "")
    #expect(result.stdout.hasPrefix("de-systemhaus-vollstaendig.txt: German text, 27 of 28 requirements met\n"))
    #expect(result.stdout.contains("""

          met      art28-3-g-deletion (must), Art. 28 Abs. 3 Satz 2 lit. g DSGVO
                   de-systemhaus-vollstaendig.txt:78:1
                   "Nach Abschluss der Leistungen hat der Dienstleister sämtliche personenbezogenen Daten des Kunden nach dessen Entscheidung entweder zurückzugeben oder datenschutzgerecht zu löschen; bestehende Kopien s …"

        """))
    #expect(result.stdout.contains("""

          not found cond-203-stgb (conditional), § 203 StGB
                   The service provider's staff undertake secrecy under Section 203 StGB.
                   required only if: when the customer is bound by professional secrecy
                   no sentence mentions: section 203 StGB or professional secrets

        """))
    #expect(!result.stdout.contains("MISSING"))
    #expect(!result.stdout.contains("Risky wording"))
}

@Test func checkDocumentFailsAnIncompleteEnglishDPA() throws {
    let dir = try workspace(with: "en-msp-gaps.txt")
    defer { dir.remove() }
    let result = try AVVCommand.run(["check", "--document", "en-msp-gaps.txt"], in: dir.path)
    #expect(result.status == 1)
    #expect(result.stderr == "")
    #expect(result.stdout.hasPrefix("en-msp-gaps.txt: English text, 16 of 28 requirements met, 7 required ones missing\n"))
    // A list of sub-processors is not an authorisation duty.
    #expect(result.stdout.contains("""

          MISSING  art28-2-authorisation (must), Art. 28(2), first sentence, and 28(3)(d) GDPR
                   No sub-processor without prior specific or general written authorisation.
                   no sentence mentions: authorisation

        """))
    // "Within 96 hours" is no prompt notice, and it is risky wording of its own.
    #expect(result.stdout.contains("""

          MISSING  art33-2-breach (must), Art. 33(2) GDPR
                   Notifying the controller without undue delay after becoming aware of a personal data breach.
                   no sentence mentions: without delay

        """))
    #expect(result.stdout.contains("""

          error: breach-deadline-72h: the processor may take 72 hours or more to report a breach, which leaves the controller no time for its own 72-hour deadline (Art. 33 Abs. 1 und 2 DSGVO)
                   en-msp-gaps.txt:46:1
                   "Provider will notify the Client of any personal data breach within 96 hours of discovering it."

        """))
    #expect(result.stdout.contains("""

          met      art28-3-h-audit (must), Art. 28(3)(h) GDPR
                   en-msp-gaps.txt:52:1

        """))
}
