import Testing
@testable import AVVKit

@Test func wordingLeavesOutCommentsAndCollapsesWhiteSpace() {
    let source = """
        <section avv:clause="x">
          <!-- a note for authors -->
          <h2>Haftung</h2>\t<p>Der   Auftragnehmer
             haftet.<?pi data?></p>
        </section>
        """
    #expect(SourceWording.normalize(Array(source.utf8)[...])
        == "<section avv:clause=\"x\"> <h2>Haftung</h2> <p>Der Auftragnehmer haftet.</p> </section>")
}

@Test func reindentingKeepsTheWordingAndAWordChangesIt() {
    let a = SourceWording.normalize(Array("<p>Die Frist\n    beträgt 14 Tage.</p>".utf8)[...])
    let b = SourceWording.normalize(Array("<p>Die Frist beträgt\n14 Tage.</p>\n".utf8)[...])
    let c = SourceWording.normalize(Array("<p>Die Frist beträgt 30 Tage.</p>".utf8)[...])
    #expect(a == b)
    #expect(a != c)
    #expect(Hashing.sha256Hex(a) == Hashing.sha256Hex(b))
}

@Test func sourceTokensKeepTagsAndPlaceholdersWhole() {
    let tokens = Redline.sourceTokens("<p avv:if=\"a == 'b c'\">Preis {{ x.net | money }} netto.</p>")
    #expect(tokens.map(\.text) == ["<p avv:if=\"a == 'b c'\">", "Preis", "{{ x.net | money }}", "netto.", "</p>"])
    #expect(tokens.map(\.kind) == [.tag, .word, .value, .word, .tag])
    #expect(tokens.map(\.spaceBefore) == [false, false, true, true, false])
}

@Test func redlineMarksOneChangedWordAsDeletedAndInserted() {
    let runs = Redline.diff(Redline.wordTokens("zahlbar innerhalb von 14 Tagen netto"),
                            Redline.wordTokens("zahlbar innerhalb von 30 Tagen netto"))
    #expect(runs == [
        .kept(Redline.wordTokens("zahlbar innerhalb von")),
        .deleted([Redline.Token(.word, "14")]),
        .inserted([Redline.Token(.word, "30")]),
        .kept(Redline.wordTokens("Tagen netto")),
    ])
}

@Test(arguments: [
    ("a b c", "a b c", false),
    ("", "neu", true),
    ("alt", "", true),
    ("a b c d", "a c d e", true),
])
func redlineKeepsEveryWordOfBothTexts(old: String, new: String, changed: Bool) {
    let runs = Redline.diff(Redline.wordTokens(old), Redline.wordTokens(new))
    #expect(Redline.changes(runs) == changed)
    var before: [String] = [], after: [String] = []
    for run in runs {
        switch run {
        case .kept(let t): before += t.map(\.text); after += t.map(\.text)
        case .deleted(let t): before += t.map(\.text)
        case .inserted(let t): after += t.map(\.text)
        }
    }
    #expect(before == Redline.wordTokens(old).map(\.text))
    #expect(after == Redline.wordTokens(new).map(\.text))
}

@Test func redlineHTMLPutsDeletionsBeforeInsertions() {
    var html = ""
    ReviewHTMLWriter.runs(Redline.diff(Redline.sourceTokens("<p>Frist 14 Tage</p>"),
                                       Redline.sourceTokens("<p>Frist 30 Tage</p>")), markup: true, into: &html)
    #expect(html == "<code class=\"tag\">&lt;p&gt;</code>Frist <del>14</del> <ins>30</ins> Tage<code class=\"tag\">&lt;/p&gt;</code>")
}

@Test(arguments: [
    // One field decides alone: the other field drops out.
    ([["a", "x"], ["a", "y"]], "f = 'a'"),
    // Both fields matter for this group.
    ([["a", "x"]], "f = 'a' and g = 'x'"),
    // Every combination: no field matters.
    ([["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"]], ""),
])
func triggersShowOnlyTheFieldsThatMakeADifference(rows: [[String]], expected: String) {
    let fields = [VariantField(path: ["f"], values: [.string("a"), .string("b")]),
                  VariantField(path: ["g"], values: [.string("x"), .string("y")])]
    let terms = VariantRenderer.compress(rows.map { $0.map(DataValue.string) }, fields: fields, dontCare: [])
    let matrix = VariantMatrix(fields: fields, groups: [], combinations: 4, pairwise: false, unproducible: [],
                               unproducibleCount: 0)
    #expect(matrix.describe(terms: terms).joined(separator: " or ") == expected)
}
