import Foundation
import Testing
@testable import AVVKit

/// The shipped template set, rendered for every example profile in every language.
@Suite struct ShippedExamplesTests {
    static let templates = ShippedTemplates.directory

    static var profiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: templates + "/examples")) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }

    let set: TemplateSet
    let catalog: RequirementCatalog

    init() throws {
        set = try TemplateSet.load(directory: Self.templates)
        catalog = try RequirementCatalog.load(for: set)
    }

    @Test func thereAreSixProfilesOnePerSeedVendorAndAnEnglishCustomer() {
        #expect(Self.profiles == [
            "english-customer.yaml", "intellekta.yaml", "lenze.yaml", "massoth.yaml", "netzbutler.yaml", "plantec.yaml",
        ])
    }

    @Test(arguments: profiles, Language.allCases)
    func everyExampleRendersCompleteDocuments(profile: String, language: Language) throws {
        let customer = try CustomerData.load(path: Self.templates + "/examples/" + profile, schema: set.schema)
        let result = try Generator.generate(templates: set, data: customer, language: language,
                                            date: "2026-11-22", catalog: catalog)
        #expect(result.documents.map(\.kind) == ["av-vertrag", "fernwartung"])

        // Every must requirement of each document is claimed by some rendered clause.
        for document in result.documents {
            let claimed = Set(Self.sections(document.blocks).flatMap(\.covers))
            for requirement in catalog.requirements
            where requirement.severity == .must && requirement.documents.contains(document.kind) && !requirement.documentScope {
                #expect(claimed.contains(requirement.id), "\(profile) \(document.kind).\(language): no clause claims \(requirement.id)")
            }
            for annex in Self.sections(document.blocks) where annex.number.hasPrefix("Anlage") || annex.number.hasPrefix("Annex") {
                #expect(!annex.blocks.isEmpty, "\(profile): \(annex.number) is empty")
            }
        }
        for file in result.files where file.relativePath.hasSuffix(".txt") || file.relativePath.hasSuffix(".html") {
            let text = String(decoding: file.contents, as: UTF8.self)
            #expect(!text.contains("{{") && !text.contains("}}"), "\(file.relativePath) has an unrendered value")
        }
        let data = customer.value
        for document in result.documents {
            // The AV-Vertrag is always signed; terms accepted by an online order are not.
            let blocks = Self.signatures(document.blocks)
            if document.kind == "fernwartung", blocks.isEmpty { continue }
            #expect(blocks.count == 1, "\(profile) \(document.kind): expected one signature block")
            let parties = blocks.flatMap(\.parties).map(\.name.plainText)
            for party in ["controller", "processor"] {
                guard case .string(let company)? = data[party]?["company"] else { continue }
                #expect(parties.contains { $0.contains(company) }, "\(profile) \(document.kind): signatures lack \(company)")
            }
        }
        if language == .de {
            let text = result.files.filter { $0.relativePath.hasSuffix(".txt") }
                .map { String(decoding: $0.contents, as: UTF8.self) }.joined()
            // German dates and amounts: 22.11.2026, 1.234,50 €; never ISO dates or decimal points in prices.
            #expect(text.contains("22.11.2026"))
            #expect(text.range(of: #"\b20\d\d-\d\d-\d\d\b"#, options: .regularExpression) == nil, "\(profile): an ISO date in a German document")
            #expect(text.range(of: #"\d+\.\d\d\s?€"#, options: .regularExpression) == nil, "\(profile): an English amount in a German document")
        }
    }

    static func sections(_ blocks: [Block]) -> [Section] {
        blocks.compactMap { block in
            switch block {
            case .clause(let s), .annex(let s): s
            default: nil
            }
        }
    }

    static func signatures(_ blocks: [Block]) -> [Signatures] {
        blocks.compactMap { if case .signatures(let s) = $0 { s } else { nil } }
    }
}

/// The blank form ("blanko"): the provider's data filled in, every customer field a
/// labelled line, every part that depends on the customer marked with a tick box.
@Suite struct BlankFormTests {
    let set: TemplateSet
    let catalog: RequirementCatalog
    let provider: CustomerData

    init() throws {
        set = try TemplateSet.load(directory: ShippedExamplesTests.templates)
        catalog = try RequirementCatalog.load(for: set)
        provider = try CustomerData.loadProviderPart(
            path: ShippedExamplesTests.templates + "/examples/intellekta.yaml", customerRoot: "controller", schema: set.schema)
    }

    @Test func theProviderPartIsEnoughAndTheCustomerPartIsIgnored() throws {
        #expect(provider.value["controller"] == nil)
        #expect(provider.value["processor"]?["company"] == .string("intellekta GmbH"))
    }

    @Test(arguments: Language.allCases)
    func blankFormsPassTheStructuralChecks(language: Language) throws {
        let result = try Generator.generate(templates: set, data: provider, language: language, date: "2026-11-22",
                                            folder: "blanko", blank: true)
        #expect(result.documents.map(\.kind) == ["av-vertrag", "fernwartung"])
        for document in result.documents {
            let sections = ShippedExamplesTests.sections(document.blocks)
            let claimed = Set(sections.flatMap(\.covers))
            for requirement in catalog.requirements
            where requirement.severity == .must && requirement.documents.contains(document.kind) && !requirement.documentScope {
                #expect(claimed.contains(requirement.id), "blank \(document.kind).\(language): no clause claims \(requirement.id)")
            }
            // Optional clauses are all there, marked: nothing the customer might need is missing.
            let conditional = sections.filter { $0.title.plainText.hasPrefix("☐") }.map(\.id)
            if document.kind == "av-vertrag" { #expect(conditional.contains("berufsgeheimnis")) }
            let parties = ShippedExamplesTests.signatures(document.blocks).flatMap(\.parties)
            if document.kind == "av-vertrag" {
                #expect(parties.contains { $0.name.plainText.contains("intellekta GmbH") })
                #expect(parties.contains { $0.name.contains { if case .fillIn = $0 { true } else { false } } })
            }
        }
        for file in result.files where !file.relativePath.hasSuffix(".json") {
            let text = String(decoding: file.contents, as: UTF8.self)
            #expect(!text.contains("{{"), "\(file.relativePath)")
            if file.relativePath.hasSuffix(".txt") {
                let label = language == .de ? "(Firma oder Name)" : "(company)"
                #expect(text.contains("____________________ \(label)"), "\(file.relativePath) has no fill-in line for the customer")
                #expect(text.split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { $0.count <= 72 })
            }
        }
    }

    @Test func theCommandWritesTheBlankFormFromAProviderOnlyFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // A provider profile with no customer at all.
        let full = try String(contentsOfFile: ShippedExamplesTests.templates + "/examples/plantec.yaml", encoding: .utf8)
        let providerOnly = full.components(separatedBy: "\nprocessor:").dropFirst().joined(separator: "\nprocessor:")
        try dir.write("provider.yaml", "processor:" + providerOnly)
        let result = try AVVCommand.run(
            ["generate", "--blank", "provider.yaml", "--templates", ShippedExamplesTests.templates, "--date", "2026-11-22"],
            in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Output/blanko/provider/av-vertrag.de.html"))
    }
}
