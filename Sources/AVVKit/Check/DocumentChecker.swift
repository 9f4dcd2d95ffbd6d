/// Checks one rendered document against the requirement catalog and the wording rules.
///
/// A requirement is met only where a clause that declares it (`avv:covers`) is present AND
/// one sentence of that clause carries every element of its evidence: a tag cannot lie.
public enum DocumentChecker {
    public static func check(
        _ document: Document, catalog: RequirementCatalog, templates: TemplateSet, data: DataValue
    ) -> [Finding] {
        let model = TextModel(document, catalog: catalog)
        var findings: [Finding] = []
        func finding(_ kind: Finding.Kind, _ severity: Diagnostic.Severity, _ id: String, _ message: String,
                     section: TextModel.Section? = nil, excerpt: String? = nil) {
            findings.append(Finding(
                kind: kind, severity: severity, id: id, message: message, document: document.kind,
                language: document.language, clause: section.map(\.id).flatMap { $0.isEmpty ? nil : $0 },
                location: section?.source, excerpt: excerpt))
        }

        // The sections that claim each requirement (by its number), in reading order, and
        // the claims the catalog does not know (by section, in reading order).
        let requirements = catalog.requirements
        var claims = [[Int]](repeating: [], count: requirements.count)
        var unknownClaims: [(section: Int, id: String)] = []
        // Sections are read by index, field by field: a copy of one retains each of its texts.
        for index in model.sections.indices {
            for id in model.sections[index].covers {
                if let number = catalog.requirementNumbers[id] {
                    claims[number].append(index)
                } else {
                    unknownClaims.append((index, id))
                }
            }
        }

        // Whether a sentence carries requirement number `requirement`'s evidence, remembered
        // with the sentence when it is the catalog memo's own.
        func carries(_ elements: [RequirementCatalog.Element], requirement: Int, _ sentence: TextModel.Sentence) -> Bool {
            guard model.memoized else { return Evidence.matches(elements, sentence) }
            return sentence.known.carries(requirement: requirement, language: document.language) {
                Evidence.matches(elements, sentence)
            }
        }

        // Whether one of `sentences` carries the evidence. Sentences that already answered are
        // asked first: most are the template's, and where one of them carries the evidence,
        // the sentences that name the customer (new for every customer) need not be matched.
        // The answer is the same in any order.
        func anyCarries(
            _ elements: [RequirementCatalog.Element], requirement: Int, _ sentences: ArraySlice<TextModel.Sentence>
        ) -> Bool {
            guard model.memoized else { return sentences.contains { Evidence.matches(elements, $0) } }
            var unknown = false
            for sentence in sentences {
                switch sentence.known.knownToCarry(requirement: requirement, language: document.language) {
                case true?: return true
                case false?: continue
                case nil: unknown = true
                }
            }
            return unknown && sentences.contains { carries(elements, requirement: requirement, $0) }
        }

        // A section's sentences as the memo's key, made when first needed.
        var sectionKeys: [SectionSentences?] = Array(repeating: nil, count: model.sections.count)
        func supports(_ elements: [RequirementCatalog.Element], requirement: Int, in index: Int) -> Bool {
            let sentences = model.sentences[model.sections[index].sentences]
            func compute() -> Bool { anyCarries(elements, requirement: requirement, sentences) }
            guard model.memoized else { return compute() }
            let key = sectionKeys[index] ?? SectionSentences(sentences.map(\.known))
            sectionKeys[index] = key
            return catalog.memo.supports(key, requirement: requirement, language: document.language, compute: compute)
        }

        // Requirements, each read where it stands until it gives a finding (a copy of each
        // requirement retained every one of its fields).
        for number in requirements.indices where requirements[number].documents.contains(document.kind) {
            if requirements[number].severity == .conditional {
                guard let condition = requirements[number].condition, templates.holds(condition, for: data) else { continue }
            }
            let elements = requirements[number].evidence[document.language] ?? []
            let claimants = claims[number]
            if requirements[number].documentScope {
                if anyCarries(elements, requirement: number, model.sentences[...]) { continue }
            } else if claimants.contains(where: { supports(elements, requirement: number, in: $0) }) {
                continue
            }
            let requirement = requirements[number]
            let severity: Diagnostic.Severity = requirement.severity == .should ? .warning : .error
            if requirement.documentScope {
                finding(.missingRequirement, severity, requirement.id,
                        "the document never says \(elements.map(\.about).joined(separator: ", ")) (\(requirement.id), \(requirement.reference[document.language] ?? ""))")
                continue
            }
            guard !claimants.isEmpty else {
                let reference = requirement.reference[document.language] ?? ""
                finding(.missingRequirement, severity, requirement.id,
                        "no clause covers \(requirement.id) (\(reference)): \(requirement.statement[.en] ?? "")")
                continue
            }
            for section in claimants.map({ model.sections[$0] }) {
                let sentences = model.sentences(of: section)
                let absent = elements.first { element in !sentences.contains { element.matches($0) } }
                let what = absent.map { "says nothing of \($0.about)" }
                    ?? "never says in one sentence: " + elements.map(\.about).joined(separator: ", ")
                finding(.unsupportedClaim, severity, requirement.id,
                        "clause '\(section.id)' claims \(requirement.id) but \(what)", section: section)
            }
        }

        // Claims the catalog does not know.
        var unknown = unknownClaims[...]
        for index in model.sections.indices {
            while let claim = unknown.first, claim.section == index {
                unknown.removeFirst()
                let section = model.sections[index]
                finding(.unknownRequirement, .error, claim.id,
                        "clause '\(section.id)' claims '\(claim.id)', which the requirement catalog does not know"
                            + Suggestion.didYouMean(claim.id, in: catalog.requirementNumbers.keys.sorted()),
                        section: section)
            }
            if model.sections[index].kind == .annex, !model.sections[index].hasContent {
                let section = model.sections[index]
                finding(.emptyAnnex, .error, "empty-annex", "\(section.number) '\(section.title)' is empty", section: section)
            }
        }

        // Wording rules and leftover placeholders, sentence by sentence.
        findings += wordingFindings(model, catalog: catalog, documentKind: document.kind).map { found in
            var f = found
            f.document = document.kind
            f.language = document.language
            return f
        }
        return findings
    }

    /// Risky wording and placeholders in a text model (shared with third-party documents).
    static func wordingFindings(_ model: TextModel, catalog: RequirementCatalog, documentKind: String?) -> [Finding] {
        let rules = catalog.rules
        func applies(_ rule: RequirementCatalog.Rule) -> Bool {
            guard let kinds = rule.documents, let documentKind else { return true }
            return kinds.contains(documentKind)
        }
        // Which sentence triggers which rule. A remembered sentence knows its rules; most
        // trigger none, so this is one short look per sentence.
        var triggered: [(rule: Int, sentence: Int)] = []
        for index in model.sentences.indices {
            let known = model.sentences[index].known
            if let hits = known.ruleHits, hits.count == rules.count {
                for rule in known.triggered where applies(rules[rule]) { triggered.append((rule, index)) }
            } else {
                for (rule, entry) in rules.enumerated() where applies(entry) && Evidence.triggers(entry, model.sentences[index]) {
                    triggered.append((rule, index))
                }
            }
        }
        // Findings by rule, then in reading order (sections hold consecutive sentences).
        triggered.sort { $0.rule != $1.rule ? $0.rule < $1.rule : $0.sentence < $1.sentence }
        var findings: [Finding] = []
        var sectionTexts: [Int: String] = [:]
        for (index, position) in triggered {
            let rule = rules[index]
            let sentence = model.sentences[position]
            let section = model.sections[sentence.section]
            if !rule.unless.isEmpty {
                let text = sectionTexts[sentence.section] ?? model.normalizedText(of: section)
                sectionTexts[sentence.section] = text
                let excepted = model.memoized
                    ? catalog.memo.exception(rule, index: index, in: text)
                    : rule.unless.contains { $0.matches(text) }
                if excepted { continue }
            }
            findings.append(Finding(
                kind: .riskyWording, severity: rule.severity, id: rule.id,
                message: "\(rule.message) (\(rule.reference))",
                clause: section.id.isEmpty ? nil : section.id,
                location: sentence.location ?? section.source, excerpt: sentence.text))
        }
        for sentence in model.sentences {
            if let match = sentence.placeholder {
                let section = model.sections[sentence.section]
                findings.append(Finding(
                    kind: .placeholder, severity: .error, id: "placeholder",
                    message: "leftover placeholder '\(match.match)'", clause: section.id.isEmpty ? nil : section.id,
                    location: sentence.location ?? section.source, excerpt: sentence.text))
            }
        }
        return findings
    }
}

/// Matching evidence and rules against normalised sentences.
enum Evidence {
    /// Blanks and markers an author left: `[…]`, `[...]`, `TODO`, `XXX`, `…`, `___`.
    static let placeholder = try! Pattern(#"\[\s*(…|\.\.\.|\s*)\s*\]|\bTODO\b|\bXXX\b|…|\.\.\.|\{\{|\}\}"#)

    static func matches(_ elements: [RequirementCatalog.Element], _ sentence: TextModel.Sentence) -> Bool {
        !elements.isEmpty && elements.allSatisfy { $0.matches(sentence) }
    }

    static func triggers(_ rule: RequirementCatalog.Rule, _ sentence: TextModel.Sentence) -> Bool {
        triggers(rule, matches: { sentence.matches($0) },
                 firstMatch: { $0.firstMatch(sentence.normalized, folded: sentence.folded) })
    }

    /// Whether a rule triggers, given how to match a pattern against the sentence.
    static func triggers(
        _ rule: RequirementCatalog.Rule, matches: (Pattern) -> Bool, firstMatch: (Pattern) -> Pattern.Match?
    ) -> Bool {
        guard !rule.contexts.isEmpty ? rule.contexts.contains(where: matches) : true else { return false }
        if rule.atLeast == nil, let any = rule.anyTrigger { return matches(any) }
        for trigger in rule.triggers {
            guard let match = firstMatch(trigger) else { continue }
            if let atLeast = rule.atLeast {
                guard let number = match.groups.lazy.compactMap({ Int($0) }).first, number >= atLeast else { continue }
            }
            return true
        }
        return false
    }
}

extension RequirementCatalog.Element {
    func matches(_ sentence: String) -> Bool { patterns.contains { $0.matches(sentence) } }
    func matches(_ sentence: TextModel.Sentence) -> Bool { patterns.contains { sentence.matches($0) } }
}
