import Foundation
import Testing
@testable import AVVKit

@Suite struct ReviewReportTests {
    /// The shipped set's report, built once for the tests that only read it.
    static let shipped = Result { () throws(DiagnosticsError) in try ReviewReport.build(templates: ShippedSet.templates) }

    @Test func theReviewShowsTheChangedWordAsDeletedAndInserted() throws {
        let dir = try ShippedSet.workspace()
        defer { dir.remove() }
        try dir.replace(ShippedSet.paymentOld, with: ShippedSet.paymentNew, in: ShippedSet.paymentFile)
        let report = try ReviewReport.build(templates: dir.path + "/Templates")
        #expect(report.changedCount == 1)
        #expect(report.pending.map(\.clause) == ["verguetung"])
        let version = try #require(report.versions.first { $0.key.clause == "verguetung" && $0.key.language == .de })
        #expect(version.changed)
        let runs = try #require(version.redline)
        #expect(runs.filter { if case .kept = $0 { return false }; return true } == [
            .deleted([Redline.Token(.word, "14")]), .inserted([Redline.Token(.word, "30")]),
        ])
        let html = report.html()
        #expect(html.contains("innerhalb von <del>14</del> <ins>30</ins> Tagen"))
        #expect(html.contains("<li><a href=\"#c-fernwartung-verguetung-de\">verguetung (de)</a> – changed since its approval by avv maintainers (initial import, pending legal review) on 2026-11-22</li>"))
        #expect(html.contains("<span class=\"badge changed\">changed since approval</span>"))
        #expect(LibXML.parse(html).errors == [])
    }

    @Test(arguments: Language.allCases)
    func theVariantsOfThePaymentClauseShowEachPriceModelWithItsTrigger(language: Language) throws {
        let report = try Self.shipped.get()
        let version = try #require(report.versions.first { $0.key.clause == "verguetung" && $0.key.language == language })
        let matrix = version.variants
        #expect(matrix.fields.map(\.name) == ["controller.contract.kind", "controller.customerType", "processor.priceModel.kind"])
        // Each distinct text once, each with its trigger.
        let texts = matrix.groups.map { ReviewText.plain($0.section) }
        #expect(Set(texts).count == texts.count)
        for kind in ["included", "perMinute", "baseFeePlusSteps"] {
            let groups = matrix.groups.filter { group in
                matrix.describe(group).contains { $0.contains("processor.priceModel.kind = '\(kind)'") }
            }
            #expect(!groups.isEmpty, "no variant of the payment clause is triggered by price model \(kind)")
            // A group for one price model renders that model only.
            for group in groups {
                #expect(matrix.describe(group).allSatisfy { $0.contains("processor.priceModel.kind = '\(kind)'") })
            }
        }
        let perMinute = try #require(matrix.groups.first { matrix.describe($0) == ["controller.customerType = 'b2b' and processor.priceModel.kind = 'perMinute'"] })
        let text = ReviewText.plain(perMinute.section)
        #expect(text.contains(language == .de ? "für jede angefangene Minute einer Sitzung 1,40\u{A0}€ zuzüglich" : "The Client pays €1.40 plus statutory VAT"))
        let html = report.html()
        #expect(html.contains("When <span class=\"term\">controller.customerType = 'b2b' and processor.priceModel.kind = 'perMinute'</span>"))
    }

    @Test func aConditionalClauseListsTheDataWithoutIt() throws {
        let report = try Self.shipped.get()
        let version = try #require(report.versions.first { $0.key.clause == "einspruch" && $0.key.language == .de })
        let absent = try #require(version.variants.groups.last)
        #expect(absent.section == nil)
        #expect(version.variants.describe(absent) == ["processor.subprocessorAuthorisation = 'specific'"])
    }

    @Test func theReportCoversEveryClauseAndRequirementAndIsValidXML() throws {
        let report = try Self.shipped.get()
        #expect(report.versions.count == 62)
        #expect(report.changedCount == 0 && report.pending.isEmpty)
        #expect(report.coveredCount == report.requirements.count)
        let html = report.html()
        let parsed = LibXML.parse(html)
        #expect(parsed.errors == [])
        #expect(parsed.root == "html")
        #expect(html.contains("@media print"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || !html.contains("src=\""))
        // The final provisions appear in both documents.
        #expect(html.contains("id=\"c-av-vertrag-schlussbestimmungen-de\""))
        #expect(html.contains("id=\"c-fernwartung-schlussbestimmungen-de\""))
        // Deterministic.
        #expect(try ReviewReport.build(templates: ShippedSet.templates).html() == html)
    }
}
