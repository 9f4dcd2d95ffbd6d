import Foundation
import Testing
@testable import AVVKit

// The prefilters in front of the catalog's regular expressions (Prefilter.swift): what they
// read off a pattern, how they fold text, and the property that makes them safe — a
// prefilter never rejects text its pattern matches.

private func literal(_ s: String) -> Prefilter.Requirement { .literal(Array(s.utf8)) }

@Test(arguments: [
    ("verantwortliche[rn]?\\b", literal("verantwortliche")),
    ("(keine|jede\\w*) haftung", .all([.any([literal("keine"), literal("jede")]), literal(" haftung")])),
    ("art\\. 4 nr\\. [78]", literal("art. 4 nr. ")),
    ("colou?r", .all([literal("colo"), literal("r")])),
    ("(ab)+c", .all([literal("ab"), literal("c")])),
    ("x{0,3}yz", literal("yz")),
    ("x{2}", literal("x")),
    ("Straße", literal("strasse")),
    ("Größe", literal("grösse")),
    ("^(?=.*grob\\w* fahrlässig)(?=.*vors(atz|ätzlich))",
     .all([literal("grob"), literal(" fahrlässig"), literal("vors"), .any([literal("atz"), literal("ätzlich")])])),
    ("^(?!.*(ergeben sich aus|siehe anlage))", .nothing),
    ("a|b\\w*|", .nothing),
    ("(?<!nicht )erlaubt", literal("erlaubt")),
    ("µg", literal("g")),
    ("\\d{4,5} \\w+", literal(" ")),
    ("\\[\\s*(…|\\.\\.\\.|\\s*)\\s*\\]|\\bTODO\\b|…",
     .any([.all([literal("["), literal("]")]), literal("todo"), literal("…")])),
] as [(String, Prefilter.Requirement)])
func prefilterReadsTheRequiredLiterals(source: String, expected: Prefilter.Requirement) {
    #expect(Prefilter(pattern: source).requirement == expected, "\(source)")
}

@Test(arguments: [
    "(?i)abc", "(?x)a b", "a\\1", "\\p{L}+abc", "[[a-z]&&[^b]]abc", "\\Qa.b\\E", "abc\\u0041", "a**", "{2}abc",
    "abc)", "(abc", "[abc", "[]abc]", "a{2,1}", "a\\k<x>", "(?#note)abc", "a{,3}", "[z-a]x",
])
func prefilterRequiresNothingOfWhatItDoesNotKnow(source: String) {
    let prefilter = Prefilter(pattern: source)
    #expect(prefilter.requirement == .nothing)
    #expect(!prefilter.understood)
}

@Test func foldedTextFollowsICUCaseFolding() {
    #expect(FoldedText("STRASSE Straße ÄÖÜ „x“ – 5 €").bytes == Array("strasse strasse äöü „x“ – 5 €".utf8))
    // Characters whose folding is not known here let every pattern through.
    for text in ["Kelvin \u{212A}", "ſ", "ﬁnal", "İstanbul", "µ", "Ωmega", "ẞ"] {
        #expect(FoldedText(text).bytes == nil, "\(text)")
        #expect(Prefilter(pattern: "k").admits(FoldedText(text)))
    }
}

/// Each character whose folding FoldedText knows matches, under the catalog's options, exactly
/// the characters with the same folding; `ß` and `ss` match each other.
@Test func foldingAgreesWithICUForEveryKnownCharacter() throws {
    var known: [(Unicode.Scalar, [UInt8])] = []
    let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0xA0...0xFF, 0x2000...0x206F, 0x20A0...0x20CF]
    for value in ranges.joined() {
        guard let scalar = Unicode.Scalar(value) else { continue }
        var folded: [UInt8] = []
        if FoldedText.fold(scalar, into: &folded) { known.append((scalar, folded)) }
    }
    #expect(known.count > 300)
    let texts = known.map { String(Character($0.0)) }
    for (scalar, folded) in known {
        let regex = try NSRegularExpression(pattern: NSRegularExpression.escapedPattern(for: String(Character(scalar))),
                                            options: [.caseInsensitive, .useUnicodeWordBoundaries])
        for (i, text) in texts.enumerated() {
            let matched = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            let same = known[i].1 == folded
            if matched != same, !(folded == Array("ss".utf8) || known[i].1 == Array("ss".utf8)) {
                Issue.record("U+\(String(scalar.value, radix: 16)) vs U+\(String(known[i].0.value, radix: 16)): ICU \(matched), folding \(same)")
            }
        }
    }
    for (pattern, text) in [("ß", "ss"), ("ss", "ß"), ("STRASSE", "straße"), ("straße", "STRASSE")] {
        let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        #expect(regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil, "\(pattern) ~ \(text)")
        #expect(Prefilter(pattern: pattern).admits(FoldedText(text)), "\(pattern) ~ \(text)")
    }
}

/// Every text a catalog pattern meets in the shipped documents, the hand-written DPAs and a
/// few made-up awkward ones.
private func corpus(catalog: RequirementCatalog) throws -> (sentences: [String], raw: [String], sections: [String]) {
    var sentences = Set<String>(), raw = Set<String>(), sections = Set<String>()
    func add(_ model: TextModel) {
        for sentence in model.sentences {
            sentences.insert(sentence.normalized)
            raw.insert(sentence.text)
        }
        for section in model.sections { sections.insert(model.normalizedText(of: section)) }
    }
    let set = try TemplateSet.load(directory: ShippedTemplates.directory)
    for (_, data) in try ShippedTemplates.examples(for: set) {
        for language in set.languages {
            for kind in set.kinds {
                let document = try set.render(kind, language: language, data: data, date: "2026-11-22", documentID: "t")
                add(TextModel(document))
            }
        }
    }
    let dpas = Fixtures.path("DPAs")
    for name in try FileManager.default.contentsOfDirectory(atPath: dpas).sorted()
    where [".txt", ".md", ".html"].contains(where: name.hasSuffix) && name != "README.md" {
        add(try ForeignDocument.load(path: dpas + "/" + name).model)
    }
    let awkward = [
        "Die Haftung ist AUSGESCHLOSSEN.", "STRASSE und Straße", "die haftung ist ausgeſchloſſen", "[ ] TODO …",
        "Wir haften NICHT für Schäden an Leben, Körper oder Gesundheit.", "72 Stunden nach einer Datenpanne",
        "Der Auftragsverarbeiter verarbeitet Daten im Auftrag des Verantwortlichen (Art. 28 DSGVO).",
        "The processor shall notify the controller of a personal data breach within 72 hours.",
        "ﬁnal \u{212A}elvin İstanbul", "soweit gesetzlich zulässig", "SUBJECT-MATTER of the DPA",
    ]
    for text in awkward {
        raw.insert(text)
        sentences.insert(Pattern.normalize(text))
        sections.insert(Pattern.normalize(text))
    }
    return (sentences.sorted(), raw.sorted(), sections.sorted())
}

/// The safety property: wherever a prefilter rejects a text, the pattern's regular
/// expression does not match it — over every pattern of the shipped catalog and every text
/// such a pattern meets. The rejections counted show the prefilters do work.
@Test func prefiltersNeverRejectWhatThePatternMatches() throws {
    let catalog = try ShippedTemplates.catalog()
    let (sentences, raw, sections) = try corpus(catalog: catalog)
    #expect(sentences.count > 1000)

    var sentencePatterns: [Pattern] = []
    var sectionPatterns: [Pattern] = []
    for requirement in catalog.requirements {
        for elements in requirement.evidence.values { sentencePatterns += elements.flatMap(\.patterns) }
    }
    for rule in catalog.rules {
        sentencePatterns += rule.triggers + rule.contexts + (rule.anyTrigger.map { [$0] } ?? [])
        sectionPatterns += rule.unless
    }
    var seen = Set<String>()
    var checked = 0, rejected = 0
    func check(_ patterns: [Pattern], on texts: [String]) {
        let folded = texts.map(FoldedText.init)
        for pattern in patterns where seen.insert(pattern.source + "\u{0}\(texts.count)").inserted {
            for (text, fold) in zip(texts, folded) {
                checked += 1
                guard !pattern.prefilter.admits(fold) else { continue }
                rejected += 1
                if pattern.regexMatches(text) {
                    Issue.record("prefilter of '\(pattern.source)' rejects a text it matches: \(text)")
                }
            }
        }
    }
    check(sentencePatterns, on: sentences)
    check(sectionPatterns, on: sections)
    check([Evidence.placeholder], on: raw)
    #expect(rejected * 10 > checked * 8, "the prefilters reject only \(rejected) of \(checked) texts")
}

/// What the reader calls understood, ICU compiles: patterns in that grammar can be compiled
/// when first needed.
@Test func understoodPatternsCompile() throws {
    let catalog = try ShippedTemplates.catalog()
    var sources: [String] = []
    for requirement in catalog.requirements {
        for elements in requirement.evidence.values { sources += elements.flatMap(\.patterns).map(\.source) }
    }
    for rule in catalog.rules { sources += (rule.triggers + rule.contexts + rule.unless).map(\.source) }
    sources += ["a{2,3}?b", "(?:x|)y", "[a-z\\-]+", "(?=a)(?!b)c", "a+?b*+", "[^\\w\\d]"]
    var understood = 0
    for source in sources where Prefilter(pattern: source).understood {
        understood += 1
        #expect(throws: Never.self, "\(source)") {
            try NSRegularExpression(pattern: source, options: [.caseInsensitive, .useUnicodeWordBoundaries])
        }
    }
    #expect(understood * 10 > sources.count * 9)
}

/// A pattern that is one literal is answered by the prefilter's search, without the regular
/// expression, wherever the text's characters each fold to one character: the answers are
/// the regular expression's, over every such pattern of the shipped catalog and every text it
/// meets, and over awkward texts.
@Test func wholeLiteralPatternsAnswerAsTheirRegularExpressions() throws {
    for source in ["gegenstand", "weisung\\w*", "§ 203", "Unverzüglich", "art 28"] {
        #expect(Prefilter(pattern: source).isWholeLiteral, "\(source)")
    }
    for source in ["weisung\\w+", "\\bweisung", "schließ\\w*", "weisung\\w*x", "sitzungs-?id", "a.b", "\\w*",
                   "art\\. 28", "(gegenstand)", "gegen|stand", "µg"] {
        #expect(!Prefilter(pattern: source).isWholeLiteral, "\(source)")
    }

    let catalog = try ShippedTemplates.catalog()
    var patterns: [Pattern] = []
    for requirement in catalog.requirements {
        for elements in requirement.evidence.values { patterns += elements.flatMap(\.patterns) }
    }
    for rule in catalog.rules { patterns += rule.triggers + rule.contexts }
    var seen = Set<String>()
    patterns = patterns.filter { $0.prefilter.isWholeLiteral && seen.insert($0.source).inserted }
    #expect(patterns.count >= 10, "only \(patterns.count) whole-literal patterns in the catalog")
    for extra in ["s", "ss", "strasse", "k", "i", "gegenstand", "unverzüglich", "§ 203", "weisung\\w*"] {
        patterns.append(try Pattern(extra))
    }

    let awkward = ["ß", "Straße", "STRASSE", "GEGENSTAND der Weisungen", "Gegenständen", "gegen stand",
                   "Weiſung", "unverzu\u{308}glich", "UNVERZÜGLICH", "§203", "nach § 203 StGB", "\u{212A}",
                   "İ", "i", "ſs", "weisungsgebunden", "Straße und Weisung"]
    let texts = try corpus(catalog: catalog).sentences + awkward
    var decided = 0, matched = 0
    let folded = texts.map(FoldedText.init)
    for pattern in patterns {
        for (text, folded) in zip(texts, folded) {
            let answer = pattern.matches(text, folded: folded)
            if pattern.prefilter.decides(folded) {
                decided += 1
                if answer { matched += 1 }
            }
            if answer != pattern.regexMatches(text) {
                Issue.record("'\(pattern.source)' answers \(answer) for: \(text)")
            }
        }
    }
    // The shortcut is taken, and for matches too.
    #expect(decided > texts.count * 5)
    #expect(matched > 50)
}
