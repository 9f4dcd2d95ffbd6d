import Foundation
import Testing
@testable import AVVKit

/// The "everything" template set (every construct of the template language) rendered
/// through the whole pipeline, pinned as golden HTML and text.
@Suite struct EverythingTemplateTests {
    let set: TemplateSet
    let customer: CustomerData

    init() throws {
        set = try TemplateSet.load(directory: Fixtures.path("Everything"))
        customer = try CustomerData.load(path: Fixtures.path("Everything/customer.yaml"), schema: set.schema)
    }

    @Test(arguments: Language.allCases)
    func goldenHTMLAndText(language: Language) throws {
        let result = try Generator.generate(templates: set, data: customer, language: language, date: "2026-11-22")
        let byName = Dictionary(uniqueKeysWithValues: result.files.map {
            (($0.relativePath as NSString).lastPathComponent, String(decoding: $0.contents, as: UTF8.self))
        })
        let html = try #require(byName["everything.\(language.rawValue).html"])
        let text = try #require(byName["everything.\(language.rawValue).txt"])
        Snapshot.assertMatches(html, golden: "everything-template.\(language.rawValue).html")
        Snapshot.assertMatches(text, golden: "everything-template.\(language.rawValue).txt")
        #expect(LibXML.parse(html).errors == [])
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { $0.count <= 72 })
    }

    @Test func valuesAreEscapedInTextAndAttributes() throws {
        let html = try Generator.generate(templates: set, data: customer, language: .de, date: "2026-11-22")
            .files.first { $0.relativePath.hasSuffix(".html") }.map { String(decoding: $0.contents, as: UTF8.self) } ?? ""
        #expect(html.contains("Müller &amp; Söhne &lt;GmbH&gt;"))
        #expect(!html.contains("<GmbH>"))
        #expect(html.contains("href=\"mailto:support@example.de\""))
    }

    @Test func theManifestHashesWhatWasWritten() throws {
        let result = try Generator.generate(templates: set, data: customer, language: .de, date: "2026-11-22")
        let manifestFile = try #require(result.files.first { $0.relativePath.hasSuffix("manifest.de.json") })
        let manifest = try JSONDecoder().decode(Manifest.self, from: manifestFile.contents)
        #expect(manifest.templateSetVersion == "9.9.9-test")
        #expect(manifest.language == .de)
        for output in manifest.outputs {
            let file = try #require(result.files.first { $0.relativePath == output.path })
            #expect(output.sha256 == Hashing.sha256Hex(file.contents))
        }
        let inputs = manifest.inputs.map { ($0.path as NSString).lastPathComponent }
        #expect(inputs == ["customer.yaml", "templates.json", "schema.json", "haftung.de.xhtml", "everything.de.xhtml"])
    }

    @Test func theTextStampHashesTheTextAboveIt() throws {
        let result = try Generator.generate(templates: set, data: customer, language: .de, date: "2026-11-22")
        let text = try #require(result.files.first { $0.relativePath.hasSuffix(".txt") }).contents
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let body = lines.dropLast(8).joined(separator: "\n") + "\n"
        #expect(lines.dropLast().last.map(String.init) == Hashing.sha256Hex(body))
        let html = try #require(result.files.first { $0.relativePath.hasSuffix(".html") }).contents
        #expect(String(decoding: html, as: UTF8.self).contains(Hashing.sha256Hex(body)))
    }
}
