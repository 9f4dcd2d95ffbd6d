import Foundation
import Testing
@testable import AVVKit

// The checker's fast paths give what the plain definitions give: sentence splitting on
// scalars and bytes against splitting on characters, and normalising into bytes against
// `lowercased()` and a scalar loop (kept here as the reference).

/// `Pattern.normalize` as it was first written.
private func referenceNormalize(_ text: String) -> String {
    var out = ""
    var space = false
    for scalar in text.lowercased().unicodeScalars {
        if scalar == "\u{AD}" { continue }
        if scalar.properties.isWhitespace {
            if !space { out.unicodeScalars.append(" ") }
            space = true
        } else {
            out.unicodeScalars.append(scalar)
            space = false
        }
    }
    return out
}

/// Paragraph texts as the checker meets them: every block of the shipped examples'
/// documents, the hand-written DPAs cut at blank lines, and made-up awkward ones.
private func paragraphs() throws -> [String] {
    var texts = Set<String>()
    func walk(_ blocks: [Block]) {
        for block in blocks {
            switch block {
            case .heading(let h): texts.insert(h.content.plainText)
            case .paragraph(let p): texts.insert(p.content.plainText)
            case .list(let list): for item in list.items { walk(item.blocks) }
            case .table(let table):
                for row in table.rows { texts.insert(row.cells.map(\.content.plainText).joined(separator: "; ")) }
            case .clause(let s), .annex(let s): walk(s.blocks)
            case .signatures(let signatures): for party in signatures.parties { texts.insert(party.role + ": " + party.name.plainText) }
            case .tableOfContents: break
            }
        }
    }
    let set = try TemplateSet.load(directory: ShippedTemplates.directory)
    for (_, data) in try ShippedTemplates.examples(for: set) {
        for language in set.languages {
            for kind in set.kinds {
                walk(try set.render(kind, language: language, data: data, date: "2026-11-22", documentID: "t").blocks)
            }
        }
    }
    let dpas = Fixtures.path("DPAs")
    for name in try FileManager.default.contentsOfDirectory(atPath: dpas).sorted() {
        let text = try String(contentsOfFile: dpas + "/" + name, encoding: .utf8)
        for part in text.components(separatedBy: "\n\n") { texts.insert(part) }
        texts.insert(text)
    }
    texts.formUnion([
        "", " ", ".", "Ende.", "  Anfang.  Mitte!  Ende?  ", "a.\nb.\n\nc", "Art. 28 Abs. 3 lit. a DSGVO gilt.",
        "Die Plan.tec. GmbH & Co. KG haftet. Weiter.", "z. B. Namen, u. a. von Kunden.", "Exhibit C. Vendor.",
        "Preis: 12. 3. 2026 um 10.30 Uhr. 1234. Fertig.", "ÄRGER. Über. Straße.\u{A0}Weg.", "Wort.\u{AD}Wort. x.",
        "„Zitat.“ Und (so.) weiter.", "Café. Übel.\r\nNeu. Zeile.\r\n\r\nAbsatz.", "Ligatur ﬁ. Kelvin \u{212A}. Ende.",
        "e\u{301}. Combining. Next.", "Emoji 👍🏽. Weiter.", "İSTANBUL. ΣΟΦΊΑ. Ende.", "Ein Satz… und noch einer.",
        "Tab\tgetrennt.\tNeu.", "A.B.C. D. e. f.", "Nr.1. Abs.2. S. 3. usw. Ende.", "\u{2028}Zeile.\u{2029}Absatz.",
        "DOPPELBUCHST. a gilt. Doppelbuchstabe. Neu. EINSCHL. Steuern. Muster. GMBH & Co. Kg. Weiter.",
        "Die Muster. Gmbh zahlt. Die Muster. KGaA. Die Muster. Kgaax. Ende. Tel. 0221. STR. 5. Fax. Prof. Dr. X.",
        "Die Ärger. Gmbh. Die Öl. GmbH. Art. Abs. ÄRT. Nr. NR. nR. Approx. APPROXIMATELY. Ende.",
    ])
    return texts.sorted()
}

@Test func sentenceSplittingOnScalarsMatchesSplittingOnCharacters() throws {
    var fast = 0
    for text in try paragraphs() {
        let reference = SentenceSplitter.splitCharacters(text)
        if let scalars = SentenceSplitter.splitScalars(text) {
            fast += 1
            #expect(scalars == reference, "\(text)")
        }
        #expect(SentenceSplitter.split(text) == reference, "\(text)")
    }
    #expect(fast > 1000)
}

/// Random text over an alphabet of the characters the rules look at.
@Test func sentenceSplittingMatchesOnRandomText() {
    let alphabet: [String] = [
        "a", "B", "z", "Z", "ä", "Ü", "ß", "1", "23", " ", " ", "\u{A0}", "\n", "\n\n", ".", ".", "!", "?", "\"", "“",
        ")", "&", "GmbH", "KG", "z", "art", "Nr", "é", "\u{AD}", "\t", "-", "§", "€", "²", "ǅ", "İ",
    ]
    var seed: UInt64 = 0x5EED
    func next() -> Int {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return Int(seed >> 33)
    }
    for _ in 0..<3000 {
        let length = next() % 40
        let text = (0..<length).map { _ in alphabet[next() % alphabet.count] }.joined()
        #expect(SentenceSplitter.split(text) == SentenceSplitter.splitCharacters(text), "\(text.debugDescription)")
    }
}

@Test func normalisingIntoBytesMatchesTheReference() throws {
    var texts = try paragraphs()
    texts += ["ΟΔΟΣ ΣΑΣ", "İSTANBUL", "STRAßE ẞ", "ǅ ǈ", "Ｆｕｌｌ", "a\u{AD}b", "a \u{A0}\u{2007}\t\n b", "\u{3000}x\u{85}y\u{1680}"]
    // Every scalar below U+0800 (Latin-1 comes from a table), between letters and spaces.
    texts += (0..<0x800).compactMap { Unicode.Scalar(UInt32($0)).map { "A\($0)z \($0) \($0)\($0)" } }
    for text in texts {
        #expect(Pattern.normalize(text) == referenceNormalize(text), "\(text)")
    }
}

/// The splitter's word lists answer for bytes as the lists of Strings do for the word
/// lower-cased, in every case of every listed word and of words near them.
@Test func wordListsAnswerAsTheirSets() {
    for set in [SentenceSplitter.abbreviations, SentenceSplitter.legalForms] {
        let list = WordList(set)
        var words = ["", "x", "zz", "gmbhx", "doppelbuchs", "doppelbuchstt", "abcdefghi", "Ärt", "nr\u{E4}"]
        for word in set {
            words += [word, word.uppercased(), word.prefix(1).uppercased() + word.dropFirst(), word + "s", String(word.dropLast())]
        }
        for word in words {
            let answer = Array(word.utf8).withUnsafeBufferPointer { list.contains($0) }
            if word.utf8.allSatisfy({ $0 < 0x80 }) {
                #expect(answer == set.contains(word.lowercased()), "\(word)")
            } else {
                #expect(answer == nil, "\(word)")
            }
        }
    }
}

@Test func scalarsThatStandAloneFormCharactersOfTheirOwn() {
    // Every pair of such scalars is two characters.
    let values = (0..<0x300).filter(SentenceSplitter.standsAlone) + (0x2010...0x20CF).filter(SentenceSplitter.standsAlone)
    let scalars = values.compactMap { Unicode.Scalar(UInt32($0)) }
    #expect(scalars.count > 800)
    let probes = scalars.filter { $0.value < 0x80 || $0.value % 5 == 0 || $0 == "\u{A0}" || $0 == "\u{AD}" }
    for a in scalars {
        for b in probes {
            var s = String.UnicodeScalarView()
            s.append(a)
            s.append(b)
            if String(s).count != 2 {
                Issue.record("U+\(String(a.value, radix: 16)) U+\(String(b.value, radix: 16)) form one character")
            }
        }
    }
}

/// The splitter trims sentences with its own table of white space: for every scalar it
/// splits on, the same answer as Foundation's `whitespacesAndNewlines`.
@Test func sentenceTrimmingAgreesWithFoundation() {
    let values = (0..<0x300).filter(SentenceSplitter.standsAlone) + (0x2010...0x20CF).filter(SentenceSplitter.standsAlone)
    var trimmed = 0
    for value in values {
        let scalar = Unicode.Scalar(UInt32(value))!
        let expected = CharacterSet.whitespacesAndNewlines.contains(scalar)
        #expect(SentenceSplitter.isTrimmed(UInt32(value)) == expected, "U+\(String(value, radix: 16))")
        if expected { trimmed += 1 }
    }
    #expect(trimmed == 7)  // tab and line breaks but CR, space, NEL, no-break space
}

/// A sentence's placeholder is looked for with the prefilter on its normalised folding
/// (``SentenceMemo``): that finds what the pattern finds in the text as written.
@Test func placeholdersFoundWithTheNormalisedFoldingAreThePatternsOwn() throws {
    var texts = try paragraphs()
    let pieces = ["[", "]", "[ ]", "[\u{A0}…\u{A0}]", "[...]", "[\u{AD}]", "TODO", "ToDo", "todo", "XXX", "Xxx", "…",
                  "...", ".\u{AD}..", "{{", "}}", "{\u{AD}{", "} }", "STRAẞE", "ǅ", "İ", "Kelvin \u{212A}", "ﬁ", "\u{3000}"]
    for piece in pieces {
        texts += ["\(piece)", "Vor \(piece) nach.", "x\(piece)y", "Ende \(piece)", "\(piece)\(piece)"]
    }
    var found = 0
    for text in texts {
        let normalized = Pattern.normalize(text)
        let expected = Evidence.placeholder.firstMatch(text, folded: .unknown)
        let fast = Evidence.placeholder.firstMatch(text, folded: FoldedText(normalized))
        #expect(fast?.match == expected?.match && fast?.groups == expected?.groups, "\(text.debugDescription)")
        if expected != nil { found += 1 }
    }
    #expect(found > 40)
}
