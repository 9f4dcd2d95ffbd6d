import Foundation
import Testing
@testable import AVVKit

/// A renderer looks up each of the document's data paths once per render (``BoundPath/slot``)
/// instead of walking a path at each use. The documents and the diagnostics must be the ones
/// the walk gives.
@Suite struct DataPathSlotTests {
    static let date = "2026-11-22"

    /// Title, blocks and diagnostics of one rendering, with the document's path table or without.
    static func render(
        _ set: TemplateSet, _ kind: String, _ language: Language, _ data: DataValue, slots: Bool
    ) throws -> (title: String, blocks: [Block], diagnostics: [String]) {
        let template = try #require(set.template(kind, language))
        var renderer = Renderer(
            language: language, data: data, builtins: set.builtins(language: language, date: date, documentID: "x"),
            dataPaths: slots ? template.compiled.dataPaths : [])
        let (title, blocks) = renderer.render(title: template.compiled.title, body: template.compiled.body)
        return (title, blocks, renderer.diagnostics.map(\.description))
    }

    @Test func slotsGiveTheValuesThatWalkingThePathsGives() throws {
        let set = try TemplateSet.load(directory: ShippedTemplates.directory)
        let examples = try ShippedTemplates.examples(for: set)
        let catalog = try ShippedTemplates.catalog()
        var datas = examples.map { ($0.name, $0.data) }
        datas += ShippedTemplates.variants(of: set, catalog: catalog, examples: examples, date: Self.date).map { ($0.name, $0.data) }
        // A customer without its company: every use of it reports, as before.
        guard case .object(var root) = examples[0].data, case .object(var controller)? = root["controller"] else {
            throw DiagnosticsError([])
        }
        controller["company"] = nil
        root["controller"] = .object(controller)
        datas.append(("no company", .object(root)))
        var reported = 0
        for (name, data) in datas {
            for kind in set.kinds {
                for language in set.languages {
                    let fast = try Self.render(set, kind, language, data, slots: true)
                    let walked = try Self.render(set, kind, language, data, slots: false)
                    #expect(fast.title == walked.title && fast.blocks == walked.blocks, "\(name) \(kind).\(language)")
                    #expect(fast.diagnostics == walked.diagnostics, "\(name) \(kind).\(language)")
                    if !fast.diagnostics.isEmpty { reported += 1 }
                }
            }
        }
        #expect(datas.count >= 15)
        #expect(reported >= 2, "the customer without a company is reported")
    }

    @Test func eachPathIsNumberedAfterThePathsItStartsWith() throws {
        let set = try TemplateSet.load(directory: ShippedTemplates.directory)
        for kind in set.kinds {
            for language in set.languages {
                let paths = try #require(set.template(kind, language)).compiled.dataPaths
                #expect(paths.count > 10)
                for (index, step) in paths.enumerated() {
                    #expect(step.parent < index)
                }
                #expect(Set(paths).count == paths.count, "each path once")
            }
        }
    }
}
