import Foundation
import Testing
@testable import AVVKit

private func entry(_ wording: String, by: String = "Dr. Erika Muster") -> Approvals.Entry {
    Approvals.Entry(sha256: Hashing.sha256Hex(wording), approvedBy: by, date: "2026-11-22", wording: wording)
}

@Test func approvalsRoundTripAndEncodeDeterministically() throws {
    let a = ClauseKey(language: .en, file: "av-vertrag/av-vertrag.en.xhtml", clause: "haftung")
    let b = ClauseKey(language: .de, file: "clauses/schluss.de.xhtml", clause: "schluss")
    let c = ClauseKey(language: .de, file: "av-vertrag/av-vertrag.de.xhtml", clause: "weisungen")
    // The same approvals built in two orders give the same bytes.
    var first = Approvals()
    for (key, text) in [(a, "<p>Liability \"quoted\" – ü</p>"), (b, "<p>Schluss</p>"), (c, "<p>Weisung</p>")] {
        first.entries[key] = entry(text)
    }
    var second = Approvals()
    for (key, text) in [(c, "<p>Weisung</p>"), (a, "<p>Liability \"quoted\" – ü</p>"), (b, "<p>Schluss</p>")] {
        second.entries[key] = entry(text)
    }
    let bytes = first.encoded()
    #expect(bytes == second.encoded())
    #expect(try Approvals.parse(bytes, file: "approvals.json") == first)

    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text.hasSuffix("}\n"))
    // Sorted by language, file, clause; keys sorted within each entry.
    let clauses = text.split(separator: "\n").filter { $0.contains("\"clause\"") }.map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(clauses == ["\"clause\" : \"weisungen\",", "\"clause\" : \"schluss\",", "\"clause\" : \"haftung\","])
    let weisungen = ["{", "\"approvedBy\" : \"Dr. Erika Muster\",", "\"clause\" : \"weisungen\",", "\"date\" : \"2026-11-22\",",
                     "\"file\" : \"av-vertrag/av-vertrag.de.xhtml\",", "\"language\" : \"de\","]
    #expect(text.contains(weisungen.enumerated().map { String(repeating: " ", count: $0.offset == 0 ? 4 : 6) + $0.element }
        .joined(separator: "\n")))
    #expect(text.contains("\"wording\" : \"<p>Liability \\\"quoted\\\" – ü</p>\""))
}

@Test func aBrokenApprovalIsReportedWithLineColumnAndField() throws {
    let json = """
        {
          "version": 1,
          "approvals": [
            { "language": "de", "file": "a.de.xhtml", "clause": "x", "sha256": "abc",
              "approvedBy": "Dr. Muster", "date": "2026-11-22", "wording": "<p/>" }
          ]
        }
        """
    #expect {
        try Approvals.parse(Data(json.utf8), file: "Templates/approvals.json")
    } throws: { error in
        (error as? DiagnosticsError)?.diagnostics.map(\.description) == [
            "Templates/approvals.json:4:72: error: approvals[0].sha256: expected 64 lower-case hex digits, found 'abc' [AVV601]",
        ]
    }
}

@Test func aSetWithoutApprovalsHasNone() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    #expect(try Approvals.load(directory: dir.path) == Approvals())
    #expect(ApprovalState.ApprovalsFile.read(directory: dir.path).hash == nil)
}

/// An approvals file that is there but cannot be read (here: a folder of that name) is an
/// error, not "no approvals".
@Test func anUnreadableApprovalsFileIsAnError() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try FileManager.default.createDirectory(atPath: dir.path + "/approvals.json", withIntermediateDirectories: false)
    let error = #expect(throws: DiagnosticsError.self) { try Approvals.load(directory: dir.path) }
    #expect(error?.diagnostics.map(\.description) == ["error: cannot read the approvals \(dir.path)/approvals.json [AVV001]"])
}

@Test func theSharedFinalProvisionsAreOneClauseUsedByBothDocuments() throws {
    let set = try TemplateSet.load(directory: ShippedSet.templates)
    let inventory = try ClauseInventory.of(set)
    let key = ClauseKey(language: .de, file: "clauses/schlussbestimmungen.de.xhtml", clause: "schlussbestimmungen")
    let clause = try #require(inventory.clause(key))
    #expect(clause.documents == ["av-vertrag", "fernwartung"])
    #expect(clause.wording.hasPrefix("<section xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:avv=\"urn:avv:template\" avv:clause=\"schlussbestimmungen\""))
    #expect(!clause.wording.contains("<!--"))
    #expect(inventory.outline("fernwartung", .de).last == key)
    // Every clause of every document and language, each once.
    #expect(inventory.clauses.count == 62)
}

@Test func theShippedTemplatesAreApproved() throws {
    let state = try ApprovalState.load(for: TemplateSet.load(directory: ShippedSet.templates))
    #expect(state.pending.map(\.key) == [], "re-approve with: swift run avv approve --by \"NAME\" (see README)")
    #expect(state.stale == [])
    #expect(state.inconsistent == [])
}

@Test func aChangeInAnIncludedPartialChangesTheClauseThatIncludesIt() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try FileManager.default.copyItem(atPath: Fixtures.path("Everything"), toPath: dir.path + "/T")
    // The liability partial, included inside a clause instead of being one.
    try dir.write("T/clauses/satz.de.xhtml", "<p xmlns=\"http://www.w3.org/1999/xhtml\">Es gilt das Gesetz.</p>\n")
    try dir.replace("<div avv:include=\"../clauses/haftung.de.xhtml\"/>",
                    with: "<section avv:clause=\"recht\"><h2>Recht</h2><div avv:include=\"../clauses/satz.de.xhtml\"/></section>",
                    in: "T/everything/everything.de.xhtml")
    func recht() throws -> ClauseInventory.Clause {
        let inventory = try ClauseInventory.of(TemplateSet.load(directory: dir.path + "/T"))
        return try #require(inventory.clause(ClauseKey(language: .de, file: "everything/everything.de.xhtml", clause: "recht")))
    }
    let before = try recht()
    #expect(before.includes == ["clauses/satz.de.xhtml"])
    #expect(before.wording.hasSuffix("<avv:included file=\"clauses/satz.de.xhtml\"><p xmlns=\"http://www.w3.org/1999/xhtml\">Es gilt das Gesetz.</p></avv:included>"))
    try dir.replace("Gesetz", with: "deutsche Recht", in: "T/clauses/satz.de.xhtml")
    #expect(try recht().sha256 != before.sha256)
}

@Test func approvingAllRenewsEveryApprovalAndDropsThoseOfClausesThatAreGone() throws {
    let set = try TemplateSet.load(directory: ShippedSet.templates)
    var state = try ApprovalState.load(for: set)
    var approvals = state.approvals
    let gone = ClauseKey(language: .de, file: "av-vertrag/av-vertrag.de.xhtml", clause: "abgeschafft")
    approvals.entries[gone] = entry("<section avv:clause=\"abgeschafft\"/>")
    state = ApprovalState(inventory: state.inventory, approvals: approvals, approvalsPath: state.approvalsPath,
                          approvalsHash: nil)
    #expect(state.findings(draft: false).map(\.id) == ["stale-approval"])
    #expect(state.findings(draft: false).first?.severity == .warning)

    let (renewed, changes, dropped) = state.approving(.all, by: "Dr. Erika Muster", date: "2026-12-01")
    #expect(changes.count == 62)
    #expect(dropped == [gone])
    #expect(renewed.entries.count == 62)
    #expect(renewed.entries.values.allSatisfy { $0.approvedBy == "Dr. Erika Muster" && $0.date == "2026-12-01" })
    // The wording is what it was: only who approved it and when change.
    #expect(renewed.entries.mapValues(\.sha256) == state.approvals.entries.filter { $0.key != gone }.mapValues(\.sha256))
}

@Test func anApprovalEditedByHandIsAnError() throws {
    let set = try TemplateSet.load(directory: ShippedSet.templates)
    let state = try ApprovalState.load(for: set)
    var approvals = state.approvals
    let key = try #require(approvals.entries.keys.first { $0.clause == "haftung" && $0.language == .de })
    approvals.entries[key]!.wording += " "
    let edited = ApprovalState(inventory: state.inventory, approvals: approvals, approvalsPath: state.approvalsPath,
                               approvalsHash: nil)
    let finding = try #require(edited.findings(draft: true).first)
    #expect(finding.severity == .error)
    #expect(finding.message.hasPrefix("the approved wording of clause 'haftung' of \(key.file) (de) in"))
}

@Test func aFileInAnotherLayoutReadsLikeTheOneAvvWrites() throws {
    // `avv approve` writes one layout, read quickly; the same content laid out otherwise
    // (by hand, by another tool) is read the careful way, to the same approvals.
    let shipped = try #require(FileManager.default.contents(atPath: Approvals.path(in: ShippedTemplates.directory)))
    let canonical = try Approvals.parse(shipped, file: "approvals.json")
    #expect(canonical.entries.count >= 40)
    #expect(canonical.encoded() == shipped, "the shipped file is in avv's own layout")
    let object = try JSONSerialization.jsonObject(with: shipped)
    let compact = try JSONSerialization.data(withJSONObject: object, options: [])
    #expect(compact != shipped)
    #expect(try Approvals.parse(compact, file: "approvals.json") == canonical)
    // A duplicated key, which a quick decoder would take silently, is reported.
    let text = String(decoding: shipped, as: UTF8.self)
    let duplicated = text.replacingOccurrences(of: "\"approvedBy\" :", with: "\"date\" : \"2026-01-01\",\n      \"approvedBy\" :")
    #expect(throws: DiagnosticsError.self) { try Approvals.parse(Data(duplicated.utf8), file: "approvals.json") }
}
