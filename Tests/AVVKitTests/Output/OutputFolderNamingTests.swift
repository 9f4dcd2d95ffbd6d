import Foundation
import Testing
@testable import AVVKit

/// The customer's name and contract number name the output folder: a value that is only
/// white space (of any kind) names nothing and is refused with the field's path.
@Suite struct OutputFolderNamingTests {
    private static func generate(company: String) throws -> Result<String, DiagnosticsError> {
        let set = try TemplateSet.load(directory: ShippedTemplates.directory)
        var customer = try CustomerData.load(
            path: ShippedTemplates.directory + "/examples/intellekta.yaml", schema: set.schema)
        guard case .object(var root) = customer.value, case .object(var controller)? = root["controller"] else {
            Issue.record("the example has no controller")
            return .failure(DiagnosticsError([]))
        }
        controller["company"] = .string(company)
        root["controller"] = .object(controller)
        customer.value = .object(root)
        do throws(DiagnosticsError) {
            return .success(try Generator.generate(templates: set, data: customer, language: .de, date: "2026-11-22").folder)
        } catch {
            return .failure(error)
        }
    }

    @Test(arguments: ["", " ", "\t \n", "\u{A0}", "\u{3000}\u{2028}", "\u{85}\u{202F}\u{205F}\u{1680}"])
    func aBlankNameIsRefused(_ blank: String) throws {
        guard case .failure(let error) = try Self.generate(company: blank) else {
            Issue.record("a blank customer name should name no folder")
            return
        }
        #expect(error.diagnostics.map(\.message) == ["controller.company: missing; the customer names the output folder"])
        #expect(error.diagnostics.first?.fieldPath == "controller.company")
    }

    @Test func aNameWithOddSpacesNamesAFolder() throws {
        let outcome = try Self.generate(company: "\u{A0}Müller\u{200B} GmbH ")
        guard case .success(let folder) = outcome else {
            Issue.record("the name should be accepted: \(outcome)")
            return
        }
        #expect(folder.hasPrefix(Slug.make("\u{A0}Müller\u{200B} GmbH ")))
    }
}
