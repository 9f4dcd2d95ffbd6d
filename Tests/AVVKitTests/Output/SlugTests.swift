import Foundation
import Testing

@testable import AVVKit

@Test(arguments: [
    ("Müller & Söhne GmbH", "mueller-soehne-gmbh"),
    ("Straße der Einheit 7", "strasse-der-einheit-7"),
    ("ÄÖÜ äöü ß ẞ", "aeoeue-aeoeue-ss-ss"),
    ("Crème Brûlée S.à r.l.", "creme-brulee-s-a-r-l"),
    ("Łódź Æther Øresund", "lodz-aether-oresund"),
    ("Mu\u{0308}ller", "mueller"),  // decomposed ü
    ("  --W-2026/0042--  ", "w-2026-0042"),
    ("../../etc/passwd", "etc-passwd"),
    ("", "unnamed"),
    ("...", "unnamed"),
    ("日本語", "unnamed"),
    ("CON", "con-file"),
    ("nul", "nul-file"),
    ("Com1", "com1-file"),
    ("LPT9", "lpt9-file"),
    ("console", "console"),
])
func slugMakesSafeNames(_ input: String, _ expected: String) {
    #expect(Slug.make(input) == expected)
}

@Test func slugIsAtMost60CharactersAndNeverEndsInAHyphen() {
    let slug = Slug.make(String(repeating: "Auftragsverarbeitung ", count: 10))
    #expect(slug.count <= 60)
    #expect(!slug.hasSuffix("-") && !slug.hasPrefix("-"))
    #expect(slug.hasPrefix("auftragsverarbeitung-auftragsverarbeitung-"))
    let exact = Slug.make(String(repeating: "a", count: 59) + " b")  // hyphen would be the 60th
    #expect(exact == String(repeating: "a", count: 59))
}

@Test func slugOnlyUsesLowercaseLettersDigitsAndHyphens() {
    for input in ["Ünïcödé ☃ 🎉 tab\there", "a\u{0}b", "x/y\\z:*?\"<>|"] {
        let slug = Slug.make(input)
        #expect(slug.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        #expect(!slug.contains("--"))
    }
}

/// `Slug.make` skips Unicode normalisation for text below U+0300: every such scalar is its
/// own composed form, and none of them combines with its neighbour (the combining marks
/// start at U+0300), so the composed text is the text itself.
@Test func textBelowCombiningMarksIsAlreadyComposed() {
    let scalars = (0..<0x300).compactMap { Unicode.Scalar(UInt32($0)) }
    for scalar in scalars {
        let text = String(scalar)
        #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars),
                "U+\(String(scalar.value, radix: 16))")
    }
    // Pairs of letters with and without diacritics, and a letter before each of them.
    let letters = scalars.filter { $0.properties.isAlphabetic }
    for first in letters where first.value % 7 == 0 || first.isASCII {
        for second in letters {
            var text = String.UnicodeScalarView()
            text.append(first)
            text.append(second)
            #expect(String(text).precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text))
        }
    }
}
