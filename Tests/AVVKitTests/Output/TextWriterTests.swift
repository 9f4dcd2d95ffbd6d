import Foundation
import Testing

@testable import AVVKit

@Suite struct TextWriterTests {
    @Test func germanGolden() {
        Snapshot.assertMatches(TextWriter.write(EverythingDocument.german()), golden: "everything.de.txt")
    }

    @Test func englishGolden() {
        Snapshot.assertMatches(TextWriter.write(EverythingDocument.english()), golden: "everything.en.txt")
    }

    @Test(arguments: [EverythingDocument.german(), EverythingDocument.english(), StressDocument.make()])
    func linesAreAtMost72ColumnsWithoutTrailingSpace(_ document: Document) {
        let text = TextWriter.write(document)
        #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let word = String(line).trimmingSpaces
            let isSingleLongWord = !word.contains(" ") && word.count > 72
            #expect(line.count <= 72 || isSingleLongWord, "too wide (\(line.count)): \(line)")
            #expect(line.last.map { !$0.isWhitespace } ?? true, "trailing space: '\(line)'")
        }
    }

    /// The byte-wise shortcut of `trimmingSpaces` agrees with trimming breaking-space
    /// characters one by one, also where a space joins its neighbour into one character.
    @Test func trimmingSpacesAgreesWithCharacters() {
        func byCharacters(_ text: String) -> String {
            var s = Substring(text)
            while let first = s.first, TextLayout.isBreakingSpace(first) { s = s.dropFirst() }
            while let last = s.last, TextLayout.isBreakingSpace(last) { s = s.dropLast() }
            return String(s)
        }
        let edges = ["", " ", "  ", "\t", "\r\n", "\u{85}", "\u{2003}", "\u{3000}", "\u{A0}"]
        let middles = ["§ 3", "a", "Abs. (2)", "ä", "x\u{301}", "\u{301}x", "\u{600}", "\u{600}3", "1.234,50 €",
                       "\u{1680}x", "\u{85}x", "§", "\u{202F}"]
        var compared = 0
        for lead in edges {
            for middle in middles {
                for trail in edges {
                    let text = lead + middle + trail
                    #expect(text.trimmingSpaces == byCharacters(text), "\(text.debugDescription)")
                    compared += 1
                }
            }
        }
        #expect(compared == edges.count * middles.count * edges.count)
    }

    /// The byte-wise shortcut of the separator after a section number agrees with looking
    /// at its first and last characters.
    @Test func separatorAfterANumberAgreesWithCharacters() {
        func byCharacters(_ number: String) -> String {
            if number.isEmpty { return "" }
            return number.hasPrefix("§") || number.hasSuffix(".") || number.hasSuffix(":") ? " " : ": "
        }
        let numbers = ["§ 3", "§", "§§ 1–3", "§\u{301} 3", "Anlage 1", "Anlage 1:", "1.", "a", ".", ":", "Clause 3",
                       "\u{600}.", "x\u{600}:", "3.\u{301}", "Art. 28", "Ä.", "§ 3.", "Annex 2:", "\r\n."]
        for number in numbers {
            #expect(Outline.separator(after: number) == byCharacters(number), "\(number.debugDescription)")
        }
    }

    @Test func onlyAWordLongerThan72Overflows() {
        let word = String(repeating: "Datenschutzfolgenabschätzung", count: 3)  // 84 characters
        let near = String(repeating: "ä", count: 70)
        let document = doc([
            .paragraph(Paragraph(number: "(1)", content: [.text("Kurz \(word) danach \(near) Ende")])),
            .list(ListBlock(ordered: true, items: [
                ListItem(label: "1.", blocks: [.list(ListBlock(ordered: true, items: [
                    ListItem(label: "a)", blocks: [.paragraph(Paragraph(content: [.text(near)]))])
                ]))])
            ])),
        ])
        let lines = TextWriter.body(document).split(separator: "\n").map(String.init)
        #expect(lines.contains(word))
        #expect(lines.contains(String(repeating: " ", count: 2) + near))  // moved left to fit
        #expect(lines.allSatisfy { $0.count <= 72 || $0 == word })
        #expect(lines.contains("(1) Kurz"))
    }

    @Test func stampHashIsTheHashOfTheBody() {
        for document in [EverythingDocument.german(), EverythingDocument.english()] {
            let text = TextWriter.write(document)
            let body = TextWriter.body(document)
            #expect(text.hasPrefix(body))
            #expect(TextWriter.textHash(document) == Hashing.sha256Hex(body))
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.last.map(String.init) == TextWriter.textHash(document))
            // `head -n -7 file.txt | sha256sum` verifies a copy.
            let stripped = lines.dropLast(TextWriter.stampLineCount).joined(separator: "\n") + "\n"
            #expect(Hashing.sha256Hex(stripped) == TextWriter.textHash(document))
        }
    }

    @Test func germanStampIsLocalized() {
        let text = TextWriter.write(EverythingDocument.german())
        let stamp = text.split(separator: "\n").suffix(5).map(String.init)
        #expect(stamp[0] == "Dokument: av-vertrag-w-2026-0042-de")
        #expect(stamp[1] == "Vorlagenversion: 2026.1")
        #expect(stamp[2] == "Datum: 21.11.2026")
        #expect(stamp[3] == "SHA-256 (Textfassung):")
    }

    @Test func outputIsByteIdenticalTwice() {
        let a = TextWriter.write(StressDocument.make())
        let b = TextWriter.write(StressDocument.make())
        #expect(Data(a.utf8) == Data(b.utf8))
    }

    @Test func numberedParagraphHasHangingIndent() {
        let document = doc([
            .paragraph(Paragraph(number: "(12)", content: [.text(String(repeating: "Auftragsverarbeitung ", count: 8))]))
        ])
        let lines = TextWriter.body(document).split(separator: "\n").map(String.init).suffix(3)
        #expect(lines.map { String($0.prefix(25)) } == [
            "(12) Auftragsverarbeitung", "     Auftragsverarbeitung", "     Auftragsverarbeitung",
        ])
    }

    @Test func linksReferencesAndLineBreaks() {
        let document = doc([
            .paragraph(Paragraph(content: [
                .text("Siehe "), .reference(label: "§ 7 Abs. 2", anchor: "x-2"), .text(" und "),
                .link(href: "https://example.com/a", content: [.text("die Hinweise")]), .text(", "),
                .link(href: "https://example.com/b", content: [.text("https://example.com/b")]), .text(", "),
                .link(href: "mailto:a@example.com", content: [.text("a@example.com")]), .lineBreak,
                .text("neue Zeile"),
            ]))
        ])
        let body = TextWriter.body(document)
        #expect(body.contains("Siehe § 7 Abs. 2 und die Hinweise <https://example.com/a>,"))
        #expect(body.contains("https://example.com/b, a@example.com\nneue Zeile\n"))
        #expect(!body.contains("<https://example.com/b>"))
        #expect(!body.contains("mailto:"))
    }

    @Test func moneyNeverBreaksBeforeTheEuroSign() {
        let filler = String(repeating: "x", count: 62)
        let document = doc([.paragraph(Paragraph(content: [.text("\(filler) 1.234,50\u{A0}€")]))])
        #expect(TextWriter.body(document).contains("\n1.234,50\u{A0}€\n"))
    }

    @Test func signatureLinesAreLocalizedAndPrefilled() {
        let parties = Signatures(parties: [
            Party(role: "Controller", name: [.text("ACME Ltd")], place: "London", signatory: "Jane Roe", function: "Director")
        ])
        let en = TextWriter.body(Document(
            kind: "t", language: .en, title: "T", documentID: "t", templateVersion: "1", date: "2026-01-02",
            blocks: [.signatures(parties)]))
        #expect(en.contains("Controller\nACME Ltd\n"))
        #expect(en.contains("Place, date:             London, ___"))
        #expect(en.contains("Name in block capitals:  Jane Roe\n"))
        #expect(en.contains("Position:                Director\n"))
        #expect(en.contains("Signature:               ____"))
        let de = TextWriter.body(doc([.signatures(Signatures(parties: [Party(role: "Auftragnehmer", name: [.text("X")])]))]))
        for label in ["Ort, Datum:", "Name in Druckbuchstaben:", "Funktion:", "Unterschrift:"] {
            #expect(de.contains("\n\(label) "), "missing \(label)")
        }
    }

    @Test func tableFallsBackToBlocksWhenTooWide() {
        let long = "Bereitstellung der Fernwartungssoftware und Vermittlung der Verbindungen"
        let document = doc([
            .table(Table(rows: [
                TableRow(cells: [TableCell(isHeader: true, content: [.text("Name")]), TableCell(isHeader: true, content: [.text("Leistung")])]),
                TableRow(cells: [TableCell(isHeader: false, content: [.text("A")]), TableCell(isHeader: false, content: [.text(long)])]),
            ]))
        ])
        let body = TextWriter.body(document)
        #expect(body.hasSuffix(
            "\n  Name:     A\n  Leistung: Bereitstellung der Fernwartungssoftware und Vermittlung der\n"
                + "            Verbindungen\n"))
    }

    @Test func controlCharactersNeverReachTheText() {
        let document = doc([.paragraph(Paragraph(content: [.text("a\u{0}b\u{7}c\u{1B}[31m d\u{85}e")]))])
        let body = TextWriter.body(document)
        #expect(!body.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(body.contains("a\u{FFFD}b\u{FFFD}c\u{FFFD}[31m d\u{FFFD}e"))
    }
}

/// A document with one paragraph list and the given blocks.
func doc(_ blocks: [Block], language: Language = .de) -> Document {
    Document(
        kind: "test", language: language, title: "Test", documentID: "test-de", templateVersion: "1",
        date: "2026-11-21", blocks: blocks)
}
