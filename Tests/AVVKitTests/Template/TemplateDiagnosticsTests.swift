import Foundation
import Testing
@testable import AVVKit

/// Builds a one-document template set around `body` and returns what loading it reports,
/// formatted as the command line prints it (paths relative to the set).
private func diagnose(_ body: String, files: [String: String] = [:]) throws -> String {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    // The English document's page is empty, so that every diagnostic is German's.
    try dir.writeEverythingSet { $0 == "de" ? body : nil }
    for (name, text) in files { try dir.write(name, text) }
    do {
        _ = try TemplateSet.load(directory: dir.path)
        return ""
    } catch {
        let formatter = DiagnosticFormatter { try? String(contentsOfFile: $0, encoding: .utf8) }
        return formatter.format(error.diagnostics).replacingOccurrences(of: dir.path + "/", with: "")
    }
}

@Test func unknownDataPathSuggestsTheNearestField() throws {
    #expect(try diagnose("<p>{{ controller.nmae }}</p>") == """
        everything/everything.de.xhtml:4:18: error: unknown field 'controller.nmae'; did you mean 'controller.name'? [AVV104]
         4 | <p>{{ controller.nmae }}</p>
           |                  ^~~~

        """)
}

@Test func columnsCountCharactersNotBytes() throws {
    // Umlauts before the error are one column each, and the caret stands under the field.
    #expect(try diagnose("<p>Grüße für Köln: {{ controller.cty }}</p>") == """
        everything/everything.de.xhtml:4:34: error: unknown field 'controller.cty'; did you mean 'controller.city'? [AVV104]
         4 | <p>Grüße für Köln: {{ controller.cty }}</p>
           |                                  ^~~

        """)
}

@Test func comparisonWithAValueOutsideTheEnum() throws {
    #expect(try diagnose(#"<p avv:if="remote.priceModel == 'perminute'">x</p>"#) == """
        everything/everything.de.xhtml:4:33: error: 'remote.priceModel' is never 'perminute'; its values are 'included', 'perMinute', 'baseFeePlusSteps'; did you mean 'perMinute'? [AVV105]
         4 | <p avv:if="remote.priceModel == 'perminute'">x</p>
           |                                 ^~~~~~~~~~~

        """)
}

@Test func eachOverSomethingThatIsNotAList() throws {
    #expect(try diagnose(#"<ul><li avv:each="x in controller.name">{{ x }}</li></ul>"#) == """
        everything/everything.de.xhtml:4:24: error: avv:each needs a list, but 'controller.name' is a string [AVV106]
         4 | <ul><li avv:each="x in controller.name">{{ x }}</li></ul>
           |                        ^~~~~~~~~~~~~~~

        """)
}

@Test func referenceToAnUnknownClause() throws {
    let body = """
        <section avv:clause="loeschung"><h2>Löschung</h2><p>x</p></section>
        <p>Siehe <avv:ref to="loeschen"/>.</p>
        """
    #expect(try diagnose(body) == """
        everything/everything.de.xhtml:5:23: error: reference to unknown clause or anchor 'loeschen'; did you mean 'loeschung'? [AVV107]
         5 | <p>Siehe <avv:ref to="loeschen"/>.</p>
           |                       ^~~~~~~~

        """)
}

@Test func missingInclude() throws {
    #expect(try diagnose(#"<div avv:include="../clauses/haftng.de.xhtml"/>"#, files: ["clauses/haftung.de.xhtml": "<p xmlns=\"http://www.w3.org/1999/xhtml\">x</p>"]) == """
        everything/everything.de.xhtml:4:19: error: included file '\(try includePathPrefix())clauses/haftng.de.xhtml' does not exist; did you mean 'haftung.de.xhtml'? [AVV108]
         4 | <div avv:include="../clauses/haftng.de.xhtml"/>
           |                   ^~~~~~~~~~~~~~~~~~~~~~~~~~

        """)
}

/// Included paths are printed as they are resolved; in tests that is below the temp dir,
/// which `diagnose` strips.
private func includePathPrefix() throws -> String { "" }

@Test func includeCycleNamesTheChain() throws {
    let a = """
        <section xmlns="http://www.w3.org/1999/xhtml" xmlns:avv="urn:avv:template" avv:clause="a">
          <h2>A</h2><div avv:include="b.xhtml"/>
        </section>
        """
    let b = """
        <div xmlns="http://www.w3.org/1999/xhtml" xmlns:avv="urn:avv:template">
          <div avv:include="a.xhtml"/>
        </div>
        """
    let output = try diagnose(#"<div avv:include="../clauses/a.xhtml"/>"#, files: ["clauses/a.xhtml": a, "clauses/b.xhtml": b])
    #expect(output == """
        clauses/b.xhtml:2:21: error: include cycle: everything/everything.de.xhtml → clauses/a.xhtml → clauses/b.xhtml → clauses/a.xhtml [AVV109]
         2 |   <div avv:include="a.xhtml"/>
           |                     ^~~~~~~
        clauses/a.xhtml:2:31: note: included from here
        everything/everything.de.xhtml:4:19: note: included from here

        """)
}

@Test func malformedExpression() throws {
    #expect(try diagnose(#"<p avv:if="remote.recording = true">x</p>"#) == """
        everything/everything.de.xhtml:4:29: error: unexpected '='; use '==' to compare [AVV103]
         4 | <p avv:if="remote.recording = true">x</p>
           |                             ^

        """)
}

@Test func unknownFilterListsTheFilters() throws {
    #expect(try diagnose("<p>{{ contract.date | dte }}</p>") == """
        everything/everything.de.xhtml:4:23: error: unknown filter 'dte'; did you mean 'date'? (filters: date, money, list, upper, country) [AVV110]
         4 | <p>{{ contract.date | dte }}</p>
           |                       ^~~

        """)
}

@Test func unknownAvvAttribute() throws {
    #expect(try diagnose(#"<p avv:iff="remote.recording">x</p>"#) == """
        everything/everything.de.xhtml:4:4: error: unknown attribute 'avv:iff' on <p>; did you mean 'avv:if'? [AVV102]
         4 | <p avv:iff="remote.recording">x</p>
           |    ^~~~~~~

        """)
}

@Test func elseWithoutIf() throws {
    #expect(try diagnose(#"<p>a</p><p avv:else="">b</p>"#) == """
        everything/everything.de.xhtml:4:12: error: 'avv:else' must follow an element with avv:if or avv:elif (only white space between) [AVV111]
         4 | <p>a</p><p avv:else="">b</p>
           |            ^~~~~~~~

        """)
}

@Test func malformedXMLReportsLibxmlPosition() throws {
    let output = try diagnose("<p>offen</div>")
    #expect(output.hasPrefix("everything/everything.de.xhtml:4:15: error: malformed XML: Opening and ending tag mismatch: p line 4 and div [AVV100]\n"))
}

@Test func textDirectlyInABlockMustBeWrapped() throws {
    #expect(try diagnose("<section avv:clause=\"a\"><h2>A</h2>lose Worte</section>") == """
        everything/everything.de.xhtml:4:35: error: text 'lose Worte' stands directly in a block; wrap it in <p> [AVV113]
         4 | <section avv:clause="a"><h2>A</h2>lose Worte</section>
           |                                   ^

        """)
}

@Test func printingAListNeedsTheListFilter() throws {
    #expect(try diagnose("<p>{{ dataCategories }}</p>") == """
        everything/everything.de.xhtml:4:7: error: 'dataCategories' is a list and cannot be printed as it is; use the 'list' filter or avv:each [AVV115]
         4 | <p>{{ dataCategories }}</p>
           |       ^~~~~~~~~~~~~~

        """)
}

@Test func everyProblemIsReportedNotJustTheFirst() throws {
    let output = try diagnose("<p>{{ a.b }} {{ controller.x }}</p><ol><li avv:each=\"s in subprocessors\">{{ s.nam }}</li></ol>")
    #expect(output.components(separatedBy: "error:").count - 1 == 3)
    #expect(output.contains("did you mean 's.name'?"))
}

@Test func theEverythingSetLoadsCleanly() throws {
    let set = try TemplateSet.load(directory: Fixtures.path("Everything"))
    #expect(set.kinds == ["everything"])
    #expect(set.languages == [.de, .en])
    #expect(set.version == "9.9.9-test")
    #expect(set.files.map { ($0 as NSString).lastPathComponent } == [
        "haftung.de.xhtml", "haftung.en.xhtml", "everything.de.xhtml", "everything.en.xhtml",
    ])
}

@Test func alternativeClausesMayShareAnIDOnlyInExclusiveBranches() throws {
    let alternatives = """
        <section avv:clause="verguetung" avv:if="remote.recording"><h2>A</h2><p>a</p></section>
        <section avv:clause="verguetung" avv:else=""><h2>B</h2><p>b</p></section>
        """
    #expect(try diagnose(alternatives) == "")
    let clash = """
        <section avv:clause="verguetung" avv:if="remote.recording"><h2>A</h2><p>a</p></section>
        <section avv:clause="verguetung"><h2>B</h2><p>b</p></section>
        """
    #expect(try diagnose(clash) == """
        everything/everything.de.xhtml:5:22: error: id 'verguetung' is declared twice [AVV112]
         5 | <section avv:clause="verguetung"><h2>B</h2><p>b</p></section>
           |                      ^~~~~~~~~~
        everything/everything.de.xhtml:4:22: note: first declared here

        """)
}

/// The lexer reads characters: a no-break space separates like a space, a number may be
/// negative and have a fraction, an identifier may hold digits and underscores, and a
/// column counts characters, not bytes.
@Test func expressionsAreLexedByCharacter() throws {
    #expect(try diagnose("<p avv:if=\"contract.fee\u{A0}==\u{A0}-1.5 and remote_1 == 2\">x</p>") == """
        everything/everything.de.xhtml:4:37: error: unknown field 'remote_1'; did you mean 'remote'? [AVV104]
         4 | <p avv:if="contract.fee\u{A0}==\u{A0}-1.5 and remote_1 == 2">x</p>
           |                                     ^~~~~~~~

        """)
    #expect(try diagnose("<p avv:if=\"contract.fee == 1.5.2\">x</p>") == """
        everything/everything.de.xhtml:4:31: error: unexpected '.'; expected the end of the expression [AVV103]
         4 | <p avv:if="contract.fee == 1.5.2">x</p>
           |                               ^

        """)
    #expect(try diagnose("<p avv:if=\"contract.fee == 'ä' § 2\">x</p>") == """
        everything/everything.de.xhtml:4:32: error: unexpected character '§' in expression [AVV103]
         4 | <p avv:if="contract.fee == 'ä' § 2">x</p>
           |                                ^

        """)
}

/// Template columns count the bytes that begin a character, eight bytes at a time on long
/// lines: at every offset of a line with umlauts, quotes, a euro sign, an emoji sequence and
/// a combining mark, the column is what counting byte by byte gives.
@Test func templateColumnsAtEveryOffsetOfALongLine() {
    let line = String(repeating: "<p>Der Auftragsverarbeiter – „so“ – hält 5 € für 👩\u{200D}💻 und e\u{301}: {{ x }}</p>", count: 3)
    let bytes = Array(("ab\n" + line + "\n").utf8)
    let source = TemplateSource(file: "t.xhtml", bytes: bytes)
    for offset in 3..<(bytes.count - 1) {
        let expected = 1 + bytes[3..<offset].filter { $0 & 0xC0 != 0x80 }.count
        #expect(source.location(ofOffset: offset) == SourceLocation(file: "t.xhtml", line: 2, column: expected))
    }
}
