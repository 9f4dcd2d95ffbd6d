import Foundation
import Testing
@testable import AVVKit

/// A set with one German and one English document whose body is given, over the
/// everything schema.
private func makeSet(de: String, en: String = "") throws -> (TemplateSet, TemporaryDirectory) {
    let dir = try TemporaryDirectory()
    try dir.writeEverythingSet { $0 == "de" ? de : en }
    return (try TemplateSet.load(directory: dir.path), dir)
}

private let sampleData: DataValue = .object([
    "controller": .object(["name": .string("Kunde GmbH"), "city": .string("Köln")]),
    "processor": .object(["name": .string("Dienst KG"), "city": .string("Bonn")]),
    "contract": .object(["number": .string("W-1"), "date": .string("2026-02-01")]),
    "remote": .object(["priceModel": .string("included"), "recording": .bool(false), "tool": .string("TV")]),
    "dataCategories": .array([.string("Namen")]),
])

private func plain(_ blocks: [Block]) -> [String] {
    var lines: [String] = []
    func walk(_ blocks: [Block], indent: String) {
        for block in blocks {
            switch block {
            case .heading(let h): lines.append(indent + "# " + h.content.plainText)
            case .paragraph(let p): lines.append(indent + ((p.number.map { $0 + " " }) ?? "") + p.content.plainText)
            case .list(let l):
                for item in l.items {
                    lines.append(indent + (item.label ?? "•"))
                    walk(item.blocks, indent: indent + "  ")
                }
            case .clause(let s), .annex(let s):
                lines.append(indent + s.number + " " + s.title.plainText)
                walk(s.blocks, indent: indent + "  ")
            case .table(let t): lines.append(indent + t.rows.map { $0.cells.map { $0.content.plainText }.joined(separator: "|") }.joined(separator: "/"))
            case .signatures(let s): lines.append(indent + s.parties.map(\.role).joined(separator: ", "))
            case .tableOfContents: lines.append(indent + "[toc]")
            }
        }
    }
    walk(blocks, indent: "")
    return lines
}

/// A value missing in a list entry is named by the entry's own path.
@Test func aMissingValueInAListEntryNamesTheEntry() throws {
    let (set, dir) = try makeSet(de: "<ul><li avv:each=\"s in subprocessors\">{{ s.name }}</li></ul>")
    defer { dir.remove() }
    guard case .object(var members) = sampleData else {
        Issue.record("the sample data is not an object")
        return
    }
    members["subprocessors"] = .array([.object(["name": .string("A GmbH")]), .object([:])])
    do {
        _ = try set.render("everything", language: .de, data: .object(members), date: "2026-11-22", documentID: "d")
        Issue.record("rendered without the name of the second entry")
    } catch {
        #expect(error.diagnostics.map(\.message) == [
            "missing value: 'subprocessors[1].name' is not in the data, but the template prints it here",
        ])
        #expect(error.diagnostics.first?.fieldPath == "subprocessors[1].name")
    }
}

@Test func aMissingValueIsAnErrorNeverAnEmptyString() throws {
    let (set, dir) = try makeSet(de: "<p>DSB: {{ controller.dpo }}</p>")
    defer { dir.remove() }
    #expect(throws: DiagnosticsError.self) {
        try set.render("everything", language: .de, data: sampleData, date: "2026-11-22", documentID: "d")
    }
    do {
        _ = try set.render("everything", language: .de, data: sampleData, date: "2026-11-22", documentID: "d")
    } catch {
        let text = DiagnosticFormatter.plain.format(error.diagnostics).replacingOccurrences(of: dir.path + "/", with: "")
        #expect(text == "everything/everything.de.xhtml:4:9: error: missing value: 'controller.dpo' is not in the data, but the template prints it here [AVV300]\n")
        #expect(error.diagnostics.first?.fieldPath == "controller.dpo")
    }
}

@Test func aMissingValueInALoopNamesTheConcreteEntry() throws {
    let (set, dir) = try makeSet(de: #"<ul><li avv:each="s in subprocessors">{{ s.service }}</li></ul>"#)
    defer { dir.remove() }
    var data = sampleData
    if case .object(var o) = data {
        o["subprocessors"] = .array([
            .object(["name": .string("A"), "country": .string("DE"), "service": .string("x")]),
            .object(["name": .string("B"), "country": .string("DE")]),
        ])
        data = .object(o)
    }
    do {
        _ = try set.render("everything", language: .de, data: data, date: "2026-11-22", documentID: "d")
        Issue.record("expected a missing value")
    } catch {
        #expect(error.diagnostics.map(\.fieldPath) == ["subprocessors[1].service"])
    }
}

@Test func aConditionOnAnAbsentFieldIsFalseNotAnError() throws {
    let (set, dir) = try makeSet(de: #"<p avv:if="controller.dpo">DSB: {{ controller.dpo }}</p><p avv:else="">kein DSB</p>"#)
    defer { dir.remove() }
    let doc = try set.render("everything", language: .de, data: sampleData, date: "2026-11-22", documentID: "d")
    #expect(plain(doc.blocks) == ["kein DSB"])
}

private let numberingBody = """
    <section avv:clause="eins"><h2>Eins</h2><p>Nur ein Absatz, siehe <avv:ref to="b"/>.</p></section>
    <section avv:clause="zwei"><h2>Zwei</h2>
      <p>Erster.</p>
      <p>Zweiter:</p>
      <ol><li>a</li><li avv:id="b">b<ol><li>x</li><li avv:id="y">y<ol><li avv:id="z">z</li></ol></li></ol></li></ol>
      <p avv:if="remote.recording">Nur mit Aufzeichnung.</p>
      <p>Letzter, siehe <avv:ref to="y"/>, <avv:ref to="z"/>, <avv:ref to="eins"/> und <avv:ref to="anh"/>.</p>
    </section>
    <section avv:annex="anh"><h2>Anhang</h2><p>Text</p><ol><li avv:id="n">n</li></ol><p>Siehe <avv:ref to="n"/>.</p></section>
    """

@Test func germanLegalNumbering() throws {
    let (set, dir) = try makeSet(de: numberingBody, en: numberingBody)
    defer { dir.remove() }
    let doc = try set.render("everything", language: .de, data: sampleData, date: "2026-11-22", documentID: "d")
    #expect(plain(doc.blocks) == [
        "§ 1 Eins",
        "  Nur ein Absatz, siehe § 2 Abs. 2 Nr. 2.",
        "§ 2 Zwei",
        "  (1) Erster.",
        "  (2) Zweiter:",
        "  1.", "    a",
        "  2.", "    b",
        "    a)", "      x",
        "    b)", "      y",
        "      aa)", "        z",
        "  (3) Letzter, siehe § 2 Abs. 2 Nr. 2 lit. b, § 2 Abs. 2 Nr. 2 lit. b Doppelbuchst. aa, § 1 und Anlage 1.",
        "Anlage 1 Anhang",
        "  Text",
        "  1.", "    n",
        "  Siehe Anlage 1 Nr. 1.",
    ])
}

@Test func englishNumberingAndAConditionalParagraphRenumbers() throws {
    let (set, dir) = try makeSet(de: numberingBody, en: numberingBody)
    defer { dir.remove() }
    var data = sampleData
    if case .object(var o) = data, case .object(var remote)? = o["remote"] {
        remote["recording"] = .bool(true)
        o["remote"] = .object(remote)
        data = .object(o)
    }
    let doc = try set.render("everything", language: .en, data: data, date: "2026-11-22", documentID: "d")
    #expect(plain(doc.blocks) == [
        "Clause 1 Eins",
        "  Nur ein Absatz, siehe Clause 2.2(b).",
        "Clause 2 Zwei",
        "  2.1 Erster.",
        "  2.2 Zweiter:",
        "  (a)", "    a",
        "  (b)", "    b",
        "    (i)", "      x",
        "    (ii)", "      y",
        "      (A)", "        z",
        "  2.3 Nur mit Aufzeichnung.",
        "  2.4 Letzter, siehe Clause 2.2(b)(ii), Clause 2.2(b)(ii)(A), Clause 1 und Annex 1.",
        "Annex 1 Anhang",
        "  Text",
        "  (a)", "    n",
        "  Siehe Annex 1(a).",
    ])
}

@Test func aReferenceToAClauseLeftOutForThisDataIsAnError() throws {
    let body = """
        <section avv:clause="aufz" avv:if="remote.recording"><h2>Aufzeichnung</h2><p>x</p></section>
        <p>Siehe <avv:ref to="aufz"/>.</p>
        """
    let (set, dir) = try makeSet(de: body)
    defer { dir.remove() }
    do {
        _ = try set.render("everything", language: .de, data: sampleData, date: "2026-11-22", documentID: "d")
        Issue.record("expected an unresolved reference")
    } catch {
        #expect(error.diagnostics.map(\.code) == [.unknownReference])
        #expect(error.diagnostics.first?.message.contains("'aufz'") == true)
    }
}

@Test func loopVariablesAndLoopInfo() throws {
    let body = #"<p><span avv:each="c in dataCategories">{{ loop.index }}/{{ loop.count }} {{ c }}<span avv:if="not loop.last">, </span></span></p>"#
    let (set, dir) = try makeSet(de: body)
    defer { dir.remove() }
    var data = sampleData
    if case .object(var o) = data {
        o["dataCategories"] = .array([.string("Namen"), .string("Adressen"), .string("IP")])
        data = .object(o)
    }
    let doc = try set.render("everything", language: .de, data: data, date: "2026-11-22", documentID: "d")
    #expect(plain(doc.blocks) == ["1/3 Namen, 2/3 Adressen, 3/3 IP"])
}

@Test func operatorsInConditions() throws {
    let body = """
        <p avv:if="remote.priceModel in ['included', 'perMinute'] and not remote.recording">A</p>
        <p avv:if="remote.priceModel != 'included' or controller.city == 'Köln'">B</p>
        <p avv:if="'Namen' in dataCategories">C</p>
        <p avv:if="'Adressen' not in dataCategories">D</p>
        <p avv:if="(remote.recording or remote.priceModel == 'baseFeePlusSteps') and true">E</p>
        """
    let (set, dir) = try makeSet(de: body)
    defer { dir.remove() }
    let doc = try set.render("everything", language: .de, data: sampleData, date: "2026-11-22", documentID: "d")
    #expect(plain(doc.blocks) == ["A", "B", "C", "D"])
}

@Test func signaturePartiesTakeConditionsAndLoops() throws {
    let body = """
        <avv:signatures>
          <avv:party role="Auftraggeber">{{ controller.name }}</avv:party>
          <avv:party role="Zeuge" avv:if="remote.recording">Zeuge</avv:party>
          <avv:party avv:each="c in dataCategories" role="Kategorie {{ loop.index }}">{{ c }}</avv:party>
        </avv:signatures>
        """
    let (set, dir) = try makeSet(de: body)
    defer { dir.remove() }
    let doc = try set.render("everything", language: .de, data: sampleData, date: "2026-11-22", documentID: "d")
    guard case .signatures(let signatures)? = doc.blocks.first else {
        Issue.record("expected a signature block")
        return
    }
    #expect(signatures.parties.map(\.role) == ["Auftraggeber", "Kategorie 1"])
    #expect(signatures.parties.map(\.name.plainText) == ["Kunde GmbH", "Namen"])
}

@Test func inTestsForASubstringOfAText() throws {
    let (set, dir) = try makeSet(de: #"<p avv:if="'GmbH' in controller.name">Kapitalgesellschaft</p><p avv:if="'AG' in controller.name">AG</p>"#)
    defer { dir.remove() }
    let doc = try set.render("everything", language: .de, data: sampleData, date: "2026-11-22", documentID: "d")
    #expect(plain(doc.blocks) == ["Kapitalgesellschaft"])
}

/// Where static text and values meet, the renderer asks whether a text starts or ends with a
/// space character: from the bytes where that is sure, agreeing with `hasPrefix`/`hasSuffix`
/// also where a space joins its neighbour into one character.
@Test func spaceAtTheEdgesAgreesWithCharacters() {
    let parts = ["", " ", "  ", "a", "ä", "\u{301}", "\u{600}", "\u{200D}", "\r\n", "\u{A0}", "§"]
    var compared = 0
    for a in parts {
        for b in parts {
            for c in parts {
                let text = a + b + c
                #expect(text.endsWithSpaceCharacter == text.hasSuffix(" "), "\(text.debugDescription)")
                #expect(text.startsWithSpaceCharacter == text.hasPrefix(" "), "\(text.debugDescription)")
                compared += 1
            }
        }
    }
    #expect(compared == parts.count * parts.count * parts.count)
}

/// Trimming an attribute or a list item returns printable-ASCII ends at once; every other
/// text is trimmed as Foundation's `.whitespaces` set says.
@Test func trimmingWhitespacesAgreesWithFoundation() {
    let parts = ["", " ", "\t", "a", "~", "\u{7F}", "ä", "\u{301}", "\u{A0}", "\u{3000}", "\u{2009}", "\n", "§", "x y"]
    var compared = 0
    for a in parts {
        for b in parts {
            for c in parts {
                let text = a + b + c
                let expected = text.trimmingCharacters(in: .whitespaces)
                #expect(text.trimmingWhitespaces == expected, "\(text.debugDescription)")
                #expect(text[...].trimmingWhitespaces == expected, "\(text.debugDescription) as a slice")
                compared += 1
            }
        }
    }
    #expect(compared == parts.count * parts.count * parts.count)
}

/// Labels are built in a small inline buffer: they read as the same bytes appended to an
/// array, short or long (past the buffer's 32 bytes), in both languages.
@Test func numberingLabelsAreTheirBytes() {
    for language in [Language.de, .en] {
        let numbering = Numbering(language: language)
        for n in [1, 9, 10, 26, 27, 52, 99, 100, 1234, 26 * 31 + 1, 26 * 40] {
            var bytes: [UInt8] = []
            numbering.appendParagraphNumber(clause: n, n, to: &bytes)
            #expect(numbering.paragraphNumber(clause: n, n) == String(decoding: bytes, as: UTF8.self))
            for depth in 1...4 {
                bytes = []
                numbering.appendItemLabel(n, depth: depth, to: &bytes)
                #expect(numbering.itemLabel(n, depth: depth) == String(decoding: bytes, as: UTF8.self), "\(n) \(depth)")
                bytes = []
                numbering.appendItemReference(n, depth: depth, to: &bytes)
                #expect(numbering.itemReference(n, depth: depth) == String(decoding: bytes, as: UTF8.self), "\(n) \(depth)")
            }
            let items = (1...4).map { (n: n, depth: $0) }
            bytes = []
            numbering.appendReferenceLabel(section: (.clause, n), paragraph: n, paragraphsNumbered: true, items: items[...], to: &bytes)
            let label = numbering.referenceLabel(section: (.clause, n), paragraph: n, paragraphsNumbered: true, items: items)
            #expect(label == String(decoding: bytes, as: UTF8.self))
            #expect(Numbering.letters(n) == String(repeating: Character(UnicodeScalar(UInt8(ascii: "a") + UInt8((n - 1) % 26))), count: (n - 1) / 26 + 1))
        }
    }
    #expect(Numbering(language: .de).referenceLabel(section: (.annex, 2), paragraph: nil, paragraphsNumbered: false, items: []) == "Anlage 2")
    #expect(Numbering.letters(26 * 40).utf8.count == 40)
}

/// The text's table of contents is remembered between documents: a title spelt with a
/// combining mark instead of the composed letter is another title, written as it is spelt.
@Test func theContentsOfTwoSpellingsOfATitleAreEachTheirOwn() throws {
    let (set, dir) = try makeSet(de: """
        <avv:toc/>
        <section avv:clause="a"><h2>Vertrag mit {{ controller.name }}</h2><p>Text.</p></section>
        <section avv:clause="b"><h2>Zwei</h2><p>Text.</p></section>
        """)
    defer { dir.remove() }
    var bodies: [String] = []
    for name in ["M\u{FC}ller GmbH", "Mu\u{308}ller GmbH", "M\u{FC}ller GmbH"] {
        guard case .object(var data) = sampleData, case .object(var controller)? = data["controller"] else {
            Issue.record("the sample data has no controller object")
            return
        }
        controller["name"] = .string(name)
        data["controller"] = .object(controller)
        let document = try set.render("everything", language: .de, data: .object(data), date: "2026-11-22", documentID: "d")
        let body = TextWriter.body(document)
        // In the contents and in the heading.
        let title = Array("Vertrag mit \(name)".utf8)
        #expect(body.utf8.split(separator: 0x0A).filter { Array($0).suffix(title.count).elementsEqual(title) }.count == 2,
                "\(name.unicodeScalars.map { String($0.value, radix: 16) })\n\(body)")
        bodies.append(body)
    }
    #expect(bodies[0].utf8.elementsEqual(bodies[2].utf8))
    #expect(!bodies[0].utf8.elementsEqual(bodies[1].utf8))
}
