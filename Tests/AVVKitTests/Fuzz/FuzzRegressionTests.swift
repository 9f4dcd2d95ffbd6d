import Foundation
import Testing
@testable import AVVKit

/// Every seed of the fuzz corpora and every input a fuzzer (or a hand-made hostile case)
/// broke before, through the same steps as the harnesses in `Fuzz/`: each must load or be
/// refused with located diagnostics, and whatever renders must pass the writers' checks.
@Suite struct FuzzRegressionTests {
    static let repository = Fixtures.repositoryRoot

    static func inputs(_ harness: String) -> [String] {
        let folders = [repository + "/Fuzz/Corpus/" + harness, Fixtures.path("FuzzRegressions/" + harness)]
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().map { folder + "/" + $0 }
        }
    }

    @Test func thereAreInputs() {
        #expect(Self.inputs("FuzzTemplate").count >= 5)
        #expect(Self.inputs("FuzzData").count >= 8)
    }

    @Test(arguments: inputs("FuzzTemplate"))
    func templateInput(_ path: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.copyItem(atPath: Fixtures.path("Everything"), toPath: dir.path + "/set")
        let set = dir.path + "/set"
        try FileManager.default.removeItem(atPath: set + "/everything/everything.de.xhtml")
        try FileManager.default.copyItem(atPath: path, toPath: set + "/everything/everything.de.xhtml")
        do throws(DiagnosticsError) {
            let templates = try TemplateSet.load(directory: set)
            let data = try CustomerData.load(path: set + "/customer.yaml", schema: templates.schema)
            try Self.generateAndCheck(templates, data)
        } catch {
            #expect(!error.diagnostics.isEmpty)
            #expect(error.diagnostics.allSatisfy { $0.location != nil }, "\(error.diagnostics)")
        }
    }

    @Test(arguments: inputs("FuzzData"))
    func dataInput(_ path: String) throws {
        let templates = try TemplateSet.load(directory: Fixtures.path("Everything"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for format in [DataFormat.yaml, .json] {
            do throws(DiagnosticsError) {
                let loaded = try DataLoader.load(data: bytes, file: "input." + format.rawValue, format: format)
                let data = try CustomerData.validated(loaded, schema: templates.schema)
                try Self.generateAndCheck(templates, data)
            } catch {
                #expect(!error.diagnostics.isEmpty)
                _ = DiagnosticFormatter { _ in String(decoding: bytes, as: UTF8.self) }.format(error.diagnostics)
            }
        }
    }

    static func generateAndCheck(_ templates: TemplateSet, _ data: CustomerData) throws(DiagnosticsError) {
        let result = try Generator.generate(templates: templates, data: data, language: .de, date: "2026-11-22")
        for file in result.files {
            let text = String(decoding: file.contents, as: UTF8.self)
            #expect(!text.unicodeScalars.contains(where: Sanitizer.isForbidden) || file.relativePath.hasSuffix(".json"))
            if file.relativePath.hasSuffix(".html") {
                let structure = XMLStructure.parse(text)
                #expect(structure.error == nil, "\(file.relativePath): \(structure.error ?? "")")
                #expect(structure.hrefs.allSatisfy(EscapingHarness.isSafeLink))
            }
        }
    }
}
