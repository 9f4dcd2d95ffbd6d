import Foundation
import Testing
@testable import AVVKit

/// How a third-party document is read into sentences: the layout of real agreements.
private func sentences(_ text: String, _ format: ForeignDocument.Format = .text) -> [(line: Int, text: String)] {
    let document = ForeignDocument.parse(text, file: "dpa", format: format, language: .en)
    return document.model.sentences.map { ($0.location?.line ?? 0, $0.text) }
}

private func titles(_ text: String, _ format: ForeignDocument.Format = .text) -> [String] {
    ForeignDocument.parse(text, file: "dpa", format: format, language: .en).model.sections.map(\.title).filter { !$0.isEmpty }
}

@Test func aWrappedNumberedParagraphIsOneParagraphNotAHeading() {
    let text = """
        3. OBLIGATIONS

        3.1 The Contractor shall process the Personal Data only on behalf of the Customer and in
        accordance with the Customer's written instructions.

        4.1 Der Kunde erteilt dem Anbieter die allgemeine Genehmigung, Unterauftragnehmer
        einzusetzen.
        """
    #expect(titles(text) == ["3. OBLIGATIONS"])
    #expect(sentences(text).map(\.text) == [
        "3.1 The Contractor shall process the Personal Data only on behalf of the Customer and in accordance with the Customer's written instructions.",
        "4.1 Der Kunde erteilt dem Anbieter die allgemeine Genehmigung, Unterauftragnehmer einzusetzen.",
    ])
}

@Test func aShortNumberedTitleStillStartsASection() {
    let text = """
        § 3 Weisungen
        Der Auftragnehmer verarbeitet Daten nur auf dokumentierte Weisung.
        Clause 4 – Security

        Security text.
        1. ROLES
        Company is the controller.
        """
    #expect(titles(text) == ["§ 3 Weisungen", "Clause 4 – Security", "1. ROLES"])
    #expect(sentences(text).map(\.text) == [
        "Der Auftragnehmer verarbeitet Daten nur auf dokumentierte Weisung.", "Security text.", "Company is the controller.",
    ])
}

@Test func eachSentenceIsLocatedOnTheLineItStartsOn() {
    let text = """
        First sentence on line one. Second sentence
        runs over to line two. Third sentence on line two.
        Fourth sentence on line three.
        """
    #expect(sentences(text).map(\.line) == [1, 1, 2, 3])
}

@Test func sentenceLinesInAListItemAfterALeadIn() {
    let text = """
        The Processor shall:
        - keep records;
        - notify breaches
          without undue delay. Another sentence.
        """
    let found = sentences(text)
    #expect(found.map(\.line) == [1, 2, 3, 4])
    #expect(found[2].text == "The Processor shall: notify breaches without undue delay.")
}

@Test func aDescriptiveHeadingIntroducesTheListBelowIt() {
    let text = """
        ## Annex I – Description

        ### Categories of Data Subjects
        - employees of the Customer
        - visitors of its website
        """
    #expect(sentences(text, .markdown).map(\.text) == [
        "Categories of Data Subjects employees of the Customer", "Categories of Data Subjects visitors of its website",
    ])
}

@Test func aNumberingHeadingDoesNotIntroduceTheParagraphsBelowIt() {
    let text = """
        § 4 Unterauftragsverhältnisse

        (1) Der Auftragnehmer darf Unterauftragnehmer einsetzen.
        """
    #expect(sentences(text).map(\.text) == ["Der Auftragnehmer darf Unterauftragnehmer einsetzen."])
}

@Test func dotsInCompanyNamesAndSingleCapitalsAreReadRightly() {
    #expect(SentenceSplitter.split("Jede Haftung der Plan.tec. GmbH & Co. KG ist ausgeschlossen. Weiter.") == [
        "Jede Haftung der Plan.tec. GmbH & Co. KG ist ausgeschlossen.", "Weiter.",
    ])
    #expect(SentenceSplitter.split("The subprocessors are listed in Exhibit C. Vendor will give notice.") == [
        "The subprocessors are listed in Exhibit C.", "Vendor will give notice.",
    ])
    #expect(SentenceSplitter.split("Daten, z. B. Namen, u. a. von Kunden.") == ["Daten, z. B. Namen, u. a. von Kunden."])
}
