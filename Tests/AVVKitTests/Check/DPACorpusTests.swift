import Foundation
import Testing
@testable import AVVKit

/// What a careful reader finds in one of the hand-written DPAs under `Fixtures/DPAs/`.
private struct Expectation: Decodable {
    var language: String
    var about: String
    var met: [String]
    var missing: [String]
    var wording: [String]
}

/// Precision and recall of positive decisions ("met", or "rule found").
struct Score: CustomStringConvertible {
    var truePositives = 0
    var falsePositives = 0
    var falseNegatives = 0
    var trueNegatives = 0

    var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    var decisions: Int { truePositives + falsePositives + falseNegatives + trueNegatives }

    mutating func add(expected: Bool, actual: Bool) {
        switch (expected, actual) {
        case (true, true): truePositives += 1
        case (false, true): falsePositives += 1
        case (true, false): falseNegatives += 1
        case (false, false): trueNegatives += 1
        }
    }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }

    var description: String { String(format: "precision %.3f recall %.3f", precision, recall) }
}

private let corpus = Fixtures.path("DPAs")

private func expectations() throws -> [(file: String, expectation: Expectation)] {
    let data = try Data(contentsOf: URL(fileURLWithPath: corpus + "/expectations.json"))
    let table = try JSONDecoder().decode([String: Expectation].self, from: data)
    return table.keys.sorted().map { ($0, table[$0]!) }
}

/// Thresholds for the corpus. The patterns were tuned on these documents, so the corpus
/// scores near 1 (0.985 recall, 1.0 precision when this was written, with four misses the
/// checker cannot avoid; see Fixtures/DPAs/README.md). 0.95 leaves room for a handful of
/// deliberate trade-offs when the catalog changes and fails on anything like a real
/// regression. It is not an estimate for unseen documents: held-out documents scored
/// precision ≥ 0.97 but recall ≈ 0.67 on first sight.
private let requirementThreshold = 0.95
/// Rules: 25 expected findings; one miss gives 0.96, three fail.
private let ruleThreshold = 0.9

@Test func handWrittenDPAsAreCheckedWithKnownPrecisionAndRecall() throws {
    let catalog = try ShippedTemplates.catalog()
    let applicable = Set(catalog.requirements.filter { $0.documents.contains(catalog.dpa) }.map(\.id))
    let rules = Set(catalog.rules.map(\.id))
    let table = try expectations()
    #expect(table.count >= 8)

    var requirements = Score()
    var wording = Score()
    var mismatches: [String] = []
    for (file, expected) in table {
        // The table names every applicable requirement exactly once.
        let named = expected.met + expected.missing
        #expect(Set(named) == applicable && named.count == applicable.count,
                "\(file): expectations must list each of the \(applicable.count) DPA requirements once as met or missing")
        #expect(Set(expected.wording).isSubset(of: rules), "\(file): unknown rule id in \(expected.wording)")

        let document = try ForeignDocument.load(path: corpus + "/" + file)
        #expect(document.language.rawValue == expected.language, "\(file): language guessed as \(document.language)")
        let report = ForeignDocumentChecker.check(document, catalog: catalog)
        for result in report.results {
            let shouldBeMet = expected.met.contains(result.requirement.id)
            let isMet = result.status == .met
            requirements.add(expected: shouldBeMet, actual: isMet)
            if shouldBeMet && !isMet {
                let why = result.absent.isEmpty ? "the parts appear, but no sentence says it as a whole"
                    : "no sentence mentions: " + result.absent.joined(separator: "; ")
                mismatches.append("\(file): \(result.requirement.id) expected met, checker says missing (\(why))")
            } else if !shouldBeMet && isMet {
                mismatches.append("\(file): \(result.requirement.id) expected missing, checker met it at line \(result.location?.line ?? 0): \"\(result.sentence ?? "")\"")
            }
        }
        let found = Set(report.wording.filter { $0.kind == .riskyWording }.map(\.id))
        for rule in rules.sorted() {
            let shouldFire = expected.wording.contains(rule)
            wording.add(expected: shouldFire, actual: found.contains(rule))
            if shouldFire && !found.contains(rule) {
                mismatches.append("\(file): rule \(rule) expected, not found")
            } else if !shouldFire && found.contains(rule) {
                let excerpts = report.wording.filter { $0.id == rule }.compactMap(\.excerpt)
                mismatches.append("\(file): rule \(rule) not expected, found in \(excerpts)")
            }
        }
    }

    print("checker \(requirements) over \(table.count) DPAs, \(requirements.decisions) decisions")
    print("wording rules \(wording) over \(table.count) DPAs, \(wording.decisions) decisions")
    for mismatch in mismatches { print("  mismatch: \(mismatch)") }

    let listing = mismatches.isEmpty ? "" : "\n" + mismatches.joined(separator: "\n")
    #expect(requirements.precision >= requirementThreshold && requirements.recall >= requirementThreshold,
            "requirements: \(requirements), below \(requirementThreshold):\(listing)")
    #expect(wording.precision >= ruleThreshold && wording.recall >= ruleThreshold,
            "wording rules: \(wording), below \(ruleThreshold):\(listing)")
}

/// One sentence, one requirement: whether the sentence alone meets it.
struct SentenceCase: CustomTestStringConvertible, Sendable {
    var language: Language
    var id: String
    var met: Bool
    var text: String

    var testDescription: String { "\(id) \(met ? "met" : "not met"): \(text)" }
}

private let sentences: [SentenceCase] = [
    // A mention of the topic is not the duty.
    .init(language: .de, id: "art28-2-authorisation", met: false, text: "Die Unterauftragsverarbeiter sind in Anlage 3 aufgeführt."),
    .init(language: .en, id: "art28-2-authorisation", met: false, text: "Sub-processors are listed in Annex 3."),
    .init(language: .de, id: "art28-3-datasubjects", met: false, text: "Die Kategorien betroffener Personen ergeben sich aus Anlage 1."),
    .init(language: .en, id: "art28-3-datatypes", met: false, text: "The types of personal data are set out in Annex I."),
    .init(language: .en, id: "art28-3-datatypes", met: false, text: "Categories of data subjects: employees and customers of the Client."),
    .init(language: .en, id: "art28-3-parties", met: false, text: "Terms such as controller and processor have the meanings given in the GDPR."),
    .init(language: .de, id: "art28-3-purpose", met: false, text: "Der Auftragnehmer verarbeitet die Daten nicht für eigene Zwecke."),
    .init(language: .en, id: "art28-3-nature", met: false, text: "Taking into account the nature of the processing, Processor shall assist Controller."),
    .init(language: .de, id: "art28-3-h-audit", met: false, text: "Audits durch den Auftraggeber sind ausgeschlossen."),
    .init(language: .de, id: "art28-3-h-audit", met: false, text: "Zugangskontrolle: Passwortrichtlinie und Sperre nach fünf Fehlversuchen."),
    .init(language: .de, id: "art28-4-liability", met: false, text: "Eine Haftung des Auftragnehmers für Unterauftragnehmer ist ausgeschlossen."),
    // Half the duty is not the duty.
    .init(language: .de, id: "art28-3-g-deletion", met: false, text: "Nach Vertragsende werden die Daten gelöscht."),
    .init(language: .en, id: "art33-2-breach", met: false, text: "Processor will notify Controller of a personal data breach within 96 hours."),
    .init(language: .en, id: "ch5-transfers", met: false, text: "Transfers to the United States rely on the EU-U.S. Privacy Shield."),
    // The duty in other words, passive voice, other party names.
    .init(language: .de, id: "art28-2-authorisation", met: true, text: "Unterauftragnehmer dürfen nur mit vorheriger schriftlicher Zustimmung des Kunden beauftragt werden."),
    .init(language: .en, id: "art28-2-authorisation", met: true, text: "No sub-processor may be engaged by Supplier unless Customer has given its prior written consent."),
    .init(language: .de, id: "art33-2-breach", met: true, text: "Der Auftraggeber wird über Verletzungen des Schutzes personenbezogener Daten unverzüglich unterrichtet."),
    .init(language: .en, id: "art33-2-breach", met: true, text: "We will let you know without undue delay once we become aware of a personal data breach."),
    .init(language: .en, id: "art28-3-g-deletion", met: true, text: "At the end of the services the personal data will be returned or deleted, as the Customer elects."),
    .init(language: .de, id: "art28-3-g-deletion", met: true, text: "Nach Beendigung gibt der Dienstleister nach Wahl des Kunden alle Daten heraus oder löscht sie."),
    .init(language: .en, id: "art28-3-datasubjects", met: true, text: "Categories of data subjects: employees and customers of the Client."),
    .init(language: .de, id: "art28-3-purpose", met: true, text: "Dies geschieht ausschließlich zur Behebung technischer Störungen."),
    .init(language: .en, id: "art28-3-a-instructions", met: true, text: "Vendor shall not process Company Personal Data except on Company's documented instructions."),
    .init(language: .de, id: "art28-4-liability", met: true, text: "Für Pflichtverletzungen ihrer Unterauftragsverarbeiter steht die Auftragnehmerin uneingeschränkt ein."),
    .init(language: .en, id: "art28-3-h-audit", met: true, text: "Customer may audit Supplier's compliance once a year, and Supplier shall contribute to such audits."),
]

@Test(arguments: sentences)
func oneSentenceMeetsARequirementOnlyWhenItStatesTheDuty(_ sentence: SentenceCase) throws {
    let catalog = try ShippedTemplates.catalog()
    let document = ForeignDocument.parse(sentence.text, file: "sentence.txt", format: .text, language: sentence.language)
    let report = ForeignDocumentChecker.check(document, catalog: catalog)
    let result = try #require(report.results.first { $0.requirement.id == sentence.id })
    #expect((result.status == .met) == sentence.met,
            "\(sentence.id): expected \(sentence.met ? "met" : "missing"), got \(result.status)")
}
