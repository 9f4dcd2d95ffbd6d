import Foundation
import Testing
@testable import AVVKit

/// `avv check`, `approve`, `generate` and `review` run as a user runs them, on a copy of the
/// shipped templates in which one word of one clause changes.
@Suite struct ApprovalCommandTests {
    @Test func changingOneWordFailsTheCheckNamingTheClauseAndApprovingMakesItPass() throws {
        let dir = try ShippedSet.workspace()
        defer { dir.remove() }
        let clean = try AVVCommand.run(["check"], in: dir.path)
        #expect(clean.status == 0, "\(clean.stderr)")

        try dir.replace(ShippedSet.paymentOld, with: ShippedSet.paymentNew, in: ShippedSet.paymentFile)
        let failed = try AVVCommand.run(["check"], in: dir.path)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("""
            Templates/fernwartung/fernwartung.de.xhtml:85:3: error: the wording of clause 'verguetung' (de) differs from the wording avv maintainers (initial import, pending legal review) approved on 2026-11-22; have it reviewed (avv review) and approved (avv approve --by NAME --clause verguetung) [unapproved-clause]
             85 |   <section avv:clause="verguetung" avv:covers="fw-price-net-vat">
                |   ^
                document: fernwartung (de), clause: verguetung
            """))
        #expect(failed.stdout.hasSuffix("; 1 errors, 0 warnings\n"))

        let draft = try AVVCommand.run(["check", "--draft"], in: dir.path)
        #expect(draft.status == 0)
        #expect(draft.stderr.contains("warning: the wording of clause 'verguetung' (de) differs"))

        let approve = try AVVCommand.run(["approve", "--by", "Dr. Erika Muster", "--date", "2026-12-01"], in: dir.path)
        #expect(approve.status == 0, "\(approve.stderr)")
        #expect(approve.stdout == """
            approved verguetung (de) in fernwartung/fernwartung.de.xhtml: changed since its approval by avv maintainers (initial import, pending legal review) on 2026-11-22; sha256 \(try sha("verguetung", .de, in: dir).prefix(12))
            avv approve: 1 approved by Dr. Erika Muster on 2026-12-01; wrote Templates/approvals.json

            """)
        let approvals = try dir.read("Templates/approvals.json")
        #expect(approvals.contains("\"approvedBy\" : \"Dr. Erika Muster\""))
        #expect(approvals.contains(ShippedSet.paymentNew))

        let passed = try AVVCommand.run(["check"], in: dir.path)
        #expect(passed.status == 0, "\(passed.stderr)")
        #expect(passed.stdout.hasSuffix("; 0 errors, 0 warnings\n"))
    }

    @Test func approvingWithoutChangesApprovesNothingAndSaysSo() throws {
        let dir = try ShippedSet.workspace()
        defer { dir.remove() }
        let before = try dir.read("Templates/approvals.json")
        let result = try AVVCommand.run(["approve", "--by", "Dr. Erika Muster"], in: dir.path)
        #expect(result.status == 0)
        #expect(result.stdout == "avv approve: nothing to approve; the wording of all 62 clauses matches its approval\n")
        #expect(try dir.read("Templates/approvals.json") == before)
    }

    @Test func approvingANamedClauseRecordsItInEveryLanguage() throws {
        let dir = try ShippedSet.workspace()
        defer { dir.remove() }
        let result = try AVVCommand.run(["approve", "--by", "Dr. Erika Muster", "--clause", "haftung", "--date", "2026-12-01"],
                                        in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.prefix(while: { $0 != ":" }) }
        #expect(lines == [
            "approved haftung (de) in av-vertrag/av-vertrag.de.xhtml",
            "approved haftung (de) in fernwartung/fernwartung.de.xhtml",
            "approved haftung (en) in av-vertrag/av-vertrag.en.xhtml",
            "approved haftung (en) in fernwartung/fernwartung.en.xhtml",
            "avv approve",
        ])
    }

    @Test(arguments: [
        (["approve", "--by", "X", "--clause", "haftungg"], 1, "--clause 'haftungg': the template set 'Templates' has no clause or annex with this id; did you mean 'haftung'?"),
        (["approve", "--by", " "], 64, "--by needs the name of whoever approves"),
        (["approve"], 64, "Missing expected argument '--by <by>'"),
        (["approve", "--by", "X", "--date", "2026-13-01"], 64, "--date '2026-13-01' is not a date"),
        (["check", "--draft", "--document", "x.txt"], 64, "--draft checks the template set"),
    ])
    func badApproveArgumentsNameWhatWasExpected(arguments: [String], status: Int32, message: String) throws {
        let dir = try ShippedSet.workspace()
        defer { dir.remove() }
        let result = try AVVCommand.run(arguments, in: dir.path)
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func generateRefusesAnUnapprovedClauseAndWritesADraftWhenAskedTo() throws {
        let dir = try ShippedSet.workspace()
        defer { dir.remove() }
        try dir.replace(ShippedSet.paymentOld, with: ShippedSet.paymentNew, in: ShippedSet.paymentFile)
        let refused = try AVVCommand.run(["generate", "Templates/examples/lenze.yaml", "--date", "2026-11-22"], in: dir.path)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("""
            Templates/fernwartung/fernwartung.de.xhtml:85:3: error: fernwartung.de: § 7 ('verguetung') is not approved: its wording differs from the one avv maintainers (initial import, pending legal review) approved on 2026-11-22; have it reviewed (avv review) and approved (avv approve --by NAME --clause verguetung), or generate a draft with --draft [AVV600]
            """))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/Output"))

        let drafted = try AVVCommand.run(["generate", "Templates/examples/lenze.yaml", "--date", "2026-11-22", "--draft",
                                          "--lang", "de", "--lang", "en"], in: dir.path)
        #expect(drafted.status == 0, "\(drafted.stderr)")
        let folder = "Output/vogt-verpackungsmaschinen-gmbh/4711-0815/"
        for (language, word, notice) in [("de", "ENTWURF", "ENTWURF – nicht zur Unterschrift"), ("en", "DRAFT", "DRAFT – not for signature")] {
            for kind in ["av-vertrag", "fernwartung"] {
                let text = try dir.read(folder + "\(kind).\(language).txt")
                #expect(text.hasPrefix(notice + "\n\n"))
                let html = try dir.read(folder + "\(kind).\(language).html")
                #expect(html.contains("<div class=\"draft-watermark\" aria-hidden=\"true\">\(word)</div>"))
                #expect(html.contains("@top-center {\n    content: \"\(notice)\";"))
                #expect(html.contains("<p><strong>\(notice)</strong></p>"))
                #expect(LibXML.parse(html).errors == [])
            }
        }
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(try dir.read(folder + "manifest.de.json").utf8))
        let approval = try #require(manifest.approval)
        #expect(approval.draft && !approval.approved)
        #expect(approval.clauses.filter { !$0.approved }.map(\.clause) == ["verguetung"])
        #expect(approval.clauses.first { $0.clause == "verguetung" }?.approvedSha256 != approval.clauses.first { $0.clause == "verguetung" }?.sha256)
        let english = try JSONDecoder().decode(Manifest.self, from: Data(try dir.read(folder + "manifest.en.json").utf8))
        #expect(english.approval?.approved == true)
    }

    @Test func approvedDocumentsRecordTheApprovalHashesInTheirManifest() throws {
        let dir = try ShippedSet.workspace()
        defer { dir.remove() }
        let result = try AVVCommand.run(["generate", "Templates/examples/lenze.yaml", "--date", "2026-11-22"], in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        let folder = "Output/vogt-verpackungsmaschinen-gmbh/4711-0815/"
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(try dir.read(folder + "manifest.de.json").utf8))
        let approval = try #require(manifest.approval)
        #expect(approval.approved && !approval.draft)
        #expect(approval.file == "Templates/approvals.json")
        #expect(approval.sha256 == Hashing.sha256Hex(Data(try dir.read("Templates/approvals.json").utf8)))
        #expect(approval.clauses.allSatisfy { $0.approved && $0.approvedSha256 == $0.sha256 })
        #expect(approval.clauses.contains { $0.document == "fernwartung" && $0.clause == "schlussbestimmungen"
                && $0.file == "clauses/schlussbestimmungen.de.xhtml" })
        // Not a draft: no trace of one.
        #expect(!(try dir.read(folder + "av-vertrag.de.html")).contains("ENTWURF"))
    }

    @Test func reviewWritesOneHTMLFileThatMarksTheChangedWord() throws {
        let dir = try ShippedSet.workspace()
        defer { dir.remove() }
        try dir.replace(ShippedSet.paymentOld, with: ShippedSet.paymentNew, in: ShippedSet.paymentFile)
        let result = try AVVCommand.run(["review", "--out", "lawyer/review.html"], in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "lawyer/review.html: 62 clauses, 1 changed since approval, 1 not approved, 45 of 45 requirements covered\n")
        let html = try dir.read("lawyer/review.html")
        #expect(LibXML.parse(html).errors == [])
        #expect(html.contains("innerhalb von <del>14</del> <ins>30</ins> Tagen nach Zugang der Rechnung"))
    }

    @Test func reviewAgainstAGitRevisionComparesTheRenderedTextToo() throws {
        let dir = try ShippedSet.workspace()
        defer { dir.remove() }
        for arguments in [["init", "-q"], ["add", "Templates"],
                          ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "templates"]] {
            let git = Process()
            git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            git.arguments = ["git"] + arguments
            git.currentDirectoryURL = URL(fileURLWithPath: dir.path)
            try git.run()
            git.waitUntilExit()
            try #require(git.terminationStatus == 0)
        }
        try dir.replace(ShippedSet.paymentOld, with: ShippedSet.paymentNew, in: ShippedSet.paymentFile)
        let result = try AVVCommand.run(["review", "--base", "HEAD", "--out", "review.html"], in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("review.html: 62 clauses, 1 changed since HEAD, 1 not approved"))
        let html = try dir.read("review.html")
        #expect(html.contains("<h5>Rendered text against HEAD</h5>"))
        #expect(html.contains("ist innerhalb von <del>14</del> <ins>30</ins> Tagen nach Zugang der Rechnung ohne Abzug zu zahlen.</div>"))
        #expect(LibXML.parse(html).errors == [])

        let unknown = try AVVCommand.run(["review", "--base", "no-such-branch"], in: dir.path)
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "error: --base 'no-such-branch': git knows no such revision; expected a commit, branch or tag, e.g. HEAD~1 or main [AVV602]\n")
    }

    private func sha(_ clause: String, _ language: Language, in dir: TemporaryDirectory) throws -> String {
        let inventory = try ClauseInventory.of(TemplateSet.load(directory: dir.path + "/Templates"))
        return try #require(inventory.clauses.first { $0.key.clause == clause && $0.key.language == language }).sha256
    }
}
