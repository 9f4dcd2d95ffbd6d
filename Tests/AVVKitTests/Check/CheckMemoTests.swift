import Foundation
import Testing
@testable import AVVKit

/// The checker's memo remembers sentences, their rule results and, per section text, whether
/// a rule's `unless` wording clears it. A warm memo must give the findings a cold one gives,
/// also when the same sentence stands in sections that answer `unless` differently.
@Suite struct CheckMemoTests {
    /// Findings as a reader compares them.
    private static func lines(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.id) \($0.severity.rawValue) \($0.clause ?? "-"): \($0.excerpt ?? "")" }
    }

    /// The shipped remote-maintenance terms for the first example, with `sentence` added as a paragraph at
    /// the end of the clause `clause`.
    private static func contract(
        _ set: TemplateSet, adding sentence: String? = nil, to clause: String? = nil
    ) throws -> (Document, DataValue) {
        let data = try ShippedTemplates.examples(for: set)[0].data
        var document = try set.render("fernwartung", language: .de, data: data, date: "2026-11-22", documentID: "memo")
        if let sentence, let clause {
            var found = false
            document.blocks = document.blocks.map { block in
                guard case .clause(var section) = block, section.id == clause else { return block }
                found = true
                section.blocks.append(.paragraph(Paragraph(content: [.text(sentence)])))
                return .clause(section)
            }
            #expect(found, "no clause '\(clause)' in the rendered terms")
        }
        return (document, data)
    }

    @Test func warmChecksFindWhatColdChecksFind() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let set = try TemplateSet.load(directory: try ShippedTemplates.copy(into: dir))
        let risky = "Im Übrigen ist die Haftung für leichte Fahrlässigkeit ausgeschlossen."
        let plain = try Self.contract(set)
        let liability = try #require(plain.0.blocks.lazy.compactMap { block -> String? in
            guard case .clause(let section) = block, section.covers.contains("fw-liability") else { return nil }
            return section.id
        }.first)
        let firstClause = try #require(plain.0.blocks.lazy.compactMap { block -> String? in
            guard case .clause(let section) = block else { return nil }
            return section.id
        }.first)
        // In a clause without carve-outs the sentence is risky; in the liability clause, whose
        // own words carve out life, body and health, gross negligence and intent, it is not.
        let exposed = try Self.contract(set, adding: risky, to: firstClause)
        let covered = try Self.contract(set, adding: risky, to: liability)

        func check(_ sample: (Document, DataValue), with catalog: RequirementCatalog) -> [String] {
            Self.lines(DocumentChecker.check(sample.0, catalog: catalog, templates: set, data: sample.1)
                .filter { $0.kind == .riskyWording })
        }
        let expected = [
            "agb-309-7a error \(firstClause): \(risky)",
            "agb-309-7b error \(firstClause): \(risky)",
        ]
        // Each on a fresh catalog: nothing remembered.
        #expect(check(exposed, with: try RequirementCatalog.load(for: set)) == expected)
        #expect(check(covered, with: try RequirementCatalog.load(for: set)) == [])
        #expect(check(plain, with: try RequirementCatalog.load(for: set)) == [])

        // One catalog, in an order that has the memo answer from what it saw before.
        let shared = try RequirementCatalog.load(for: set)
        for _ in 0..<2 {
            #expect(check(plain, with: shared) == [])
            #expect(check(covered, with: shared) == [])
            #expect(check(exposed, with: shared) == expected)
        }
    }

    /// The shipped terms for the first example and a requirement that exactly one of their
    /// clauses claims, so that only that clause's wording can support it.
    private struct SoleClaim {
        let set: TemplateSet
        let document: Document
        let data: DataValue
        let clause: String
        let requirement: String

        init(_ set: TemplateSet) throws {
            self.set = set
            (document, data) = try CheckMemoTests.contract(set)
            let sections = document.blocks.compactMap { block -> AVVKit.Section? in
                if case .clause(let section) = block { return section }
                return nil
            }
            (clause, requirement) = try #require(sections.lazy.compactMap { section -> (String, String)? in
                guard let id = section.covers.first(where: { id in sections.filter { $0.covers.contains(id) }.count == 1 })
                else { return nil }
                return (section.id, id)
            }.first)
        }

        /// The document with the clause's blocks replaced.
        func replacing(_ blocks: (AVVKit.Section) -> [Block]) -> Document {
            var changed = document
            changed.blocks = document.blocks.map { block in
                guard case .clause(var section) = block, section.id == clause else { return block }
                section.blocks = blocks(section)
                return .clause(section)
            }
            return changed
        }

        /// The findings about the requirement, as "kind clause".
        func claims(_ document: Document, with catalog: RequirementCatalog) -> [String] {
            DocumentChecker.check(document, catalog: catalog, templates: set, data: data)
                .filter { $0.id == requirement }.map { "\($0.kind) \($0.clause ?? "-")" }
        }

        var unsupported: [String] { ["unsupportedClaim \(clause)"] }

        /// A paragraph that carries no requirement's evidence.
        static let filler = Block.paragraph(Paragraph(content: [.text("Diese Regelung gilt für alle Leistungen.")]))
    }

    /// The memo remembers per section's sentences whether they support a requirement: a
    /// clause whose wording changes (a customer's data, another variant) is asked anew.
    @Test func warmRequirementAnswersFollowTheSectionsSentences() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let claim = try SoleClaim(try TemplateSet.load(directory: try ShippedTemplates.copy(into: dir)))
        let plain = claim.document
        let stripped = claim.replacing { _ in [SoleClaim.filler] }
        #expect(claim.claims(plain, with: try RequirementCatalog.load(for: claim.set)) == [])
        #expect(claim.claims(stripped, with: try RequirementCatalog.load(for: claim.set)) == claim.unsupported)

        let shared = try RequirementCatalog.load(for: claim.set)
        for _ in 0..<2 {
            #expect(claim.claims(plain, with: shared) == [])
            #expect(claim.claims(stripped, with: shared) == claim.unsupported)
        }
    }

    /// Sentences whose answer is known are asked first; a clause whose evidence stands only in
    /// sentences never seen (a customer's wording) is still supported, and one whose known
    /// sentences all say no and has nothing new is not.
    @Test func evidenceInNewSentencesIsFoundBesideKnownOnes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let claim = try SoleClaim(try TemplateSet.load(directory: try ShippedTemplates.copy(into: dir)))
        // The clause's own wording with no-break spaces: the same words to the patterns, new
        // sentences to the memo.
        func respaced(_ inlines: [Inline]) -> [Inline] {
            inlines.map { inline in
                switch inline {
                case .text(let t): .text(t.replacingOccurrences(of: " ", with: "\u{A0}"))
                case .strong(let c): .strong(respaced(c))
                case .emphasis(let c): .emphasis(respaced(c))
                default: inline
                }
            }
        }
        func respaced(_ blocks: [Block]) -> [Block] {
            blocks.map { block in
                switch block {
                case .paragraph(var p):
                    p.content = respaced(p.content)
                    return .paragraph(p)
                case .list(var list):
                    list.items = list.items.map { item in
                        var item = item
                        item.blocks = respaced(item.blocks)
                        return item
                    }
                    return .list(list)
                default: return block
                }
            }
        }
        let stripped = claim.replacing { _ in [SoleClaim.filler] }
        let mixed = claim.replacing { [SoleClaim.filler] + respaced($0.blocks) }
        #expect(claim.claims(mixed, with: try RequirementCatalog.load(for: claim.set)) == [])

        // The filler is known not to carry the evidence before the mixed clause is checked.
        let shared = try RequirementCatalog.load(for: claim.set)
        #expect(claim.claims(claim.document, with: shared) == [])
        #expect(claim.claims(stripped, with: shared) == claim.unsupported)
        #expect(claim.claims(mixed, with: shared) == [])
        #expect(claim.claims(stripped, with: shared) == claim.unsupported)
    }

    /// A sentence remembers whether it carries a requirement's evidence per requirement and
    /// per language: the answer for one is never given for another.
    @Test func aSentenceRemembersEvidencePerRequirementAndLanguage() {
        let sentence = SentenceMemo(text: "Der Auftragnehmer meldet.", normalized: "der auftragnehmer meldet.",
                                    folded: FoldedText("der auftragnehmer meldet."))
        var asked = 0
        func ask(_ requirement: Int, _ language: Language, _ answer: Bool) -> Bool {
            sentence.carries(requirement: requirement, language: language) {
                asked += 1
                return answer
            }
        }
        #expect(ask(3, .de, true))
        #expect(!ask(3, .en, false))
        #expect(!ask(4, .de, false))
        #expect(asked == 3)
        // Remembered: asked again, each keeps its first answer without computing.
        #expect(ask(3, .de, false))
        #expect(!ask(3, .en, true))
        #expect(!ask(4, .de, true))
        #expect(asked == 3)
    }
}
