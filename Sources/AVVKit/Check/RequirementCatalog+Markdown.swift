extension RequirementCatalog {
    /// The catalog as a Markdown page for people: every requirement with its id, severity,
    /// condition, references, statement and what satisfies it, then every wording rule.
    ///
    /// `docs/requirements.md` is this page; a test regenerates it and fails when the
    /// committed file differs, so the page cannot drift from the catalog.
    public func markdown() -> String {
        var out = """
            # Requirements and wording rules

            <!-- Generated from Templates/\(Self.fileName) by RequirementCatalog.markdown().
                 Do not edit: change the catalog, then run
                 RECORD_SNAPSHOTS=1 swift test --filter RequirementsDoc -->

            What `avv check` looks for in the AV-Vertrag (Art. 28 DSGVO) and the
            remote-maintenance terms, and in data-processing agreements others send
            (`avv check --document`). The catalog `Templates/\(Self.fileName)` is the source;
            this page is generated from it.

            **How a requirement is met.** One sentence must mention everything listed under
            "satisfied by", each in any of the catalog's wordings (case-insensitive patterns
            over the normalised text). In our templates only a clause that claims the id in
            `avv:covers` counts, so a tag without the words is an error; in a document someone
            else wrote, any sentence counts. A sentence that only names the topic or points to
            an annex ("sub-processors are listed in Annex 3") does not.

            **Severity.** `must`: missing makes the document non-compliant (an error).
            `should`: best practice (a warning). `conditional`: required only when the
            condition on the customer data holds (an error then).

            **Wording rules** flag sentences that are risky whatever else the document says;
            a rule with "unless" wording is not raised when the clause also says that.

            ## Requirements

            """
        var kinds: [[String]] = []
        for requirement in requirements where !kinds.contains(requirement.documents) { kinds.append(requirement.documents) }
        for documents in kinds {
            let group = requirements.filter { $0.documents == documents }
            out += "\n### In \(documents.map { "`\($0)`" }.joined(separator: " and ")) (\(group.count))\n"
            for requirement in group { out += "\n" + section(requirement) }
        }
        out += "\n## Wording rules (\(rules.count))\n"
        for rule in rules { out += "\n" + section(rule) }
        return out
    }

    private func section(_ requirement: Requirement) -> String {
        var severity = "`\(requirement.severity.rawValue)`"
        if requirement.severity == .conditional {
            let words = requirement.conditionText?[.en].map { " \($0)" } ?? ""
            severity += words + (requirement.conditionSource.map { " (`\($0)`)" } ?? "")
        }
        var out = "#### \(requirement.id)\n\n"
        out += "- Severity: \(severity)\n"
        let german = requirement.reference[.de] ?? "", english = requirement.reference[.en] ?? ""
        out += "- Reference: " + (german == english ? german : "\(german) · \(english)") + "\n"
        out += "- Says (de): \(requirement.statement[.de] ?? "")\n"
        out += "- Says (en): \(requirement.statement[.en] ?? "")\n"
        if requirement.documentScope { out += "- Scope: anywhere in the document, not only in a clause that claims it\n" }
        let germanEvidence = (requirement.evidence[.de] ?? []).map(\.about)
        let englishEvidence = (requirement.evidence[.en] ?? []).map(\.about)
        if germanEvidence == englishEvidence {
            out += "- Satisfied by one sentence that mentions: \(germanEvidence.joined(separator: "; "))\n"
        } else {
            out += "- Satisfied by one sentence that mentions (de): \(germanEvidence.joined(separator: "; "))\n"
            out += "- Satisfied by one sentence that mentions (en): \(englishEvidence.joined(separator: "; "))\n"
        }
        return out
    }

    private func section(_ rule: Rule) -> String {
        var out = "#### \(rule.id)\n\n"
        out += "- Severity: `\(rule.severity.rawValue)`\n"
        out += "- Reference: \(rule.reference)\n"
        out += "- Finding: \(rule.message)\n"
        if let documents = rule.documents { out += "- Only in: \(documents.map { "`\($0)`" }.joined(separator: ", "))\n" }
        if !rule.contexts.isEmpty { out += "- Only in sentences about: \(rule.contexts.map { "`\($0.source)`" }.joined(separator: ", "))\n" }
        if let atLeast = rule.atLeast { out += "- Raised when the number in the wording is \(atLeast) or more\n" }
        out += "- Raised by wording such as: \(rule.triggers.map { "`\($0.source)`" }.joined(separator: ", "))\n"
        if !rule.unless.isEmpty { out += "- Unless the clause also says: \(rule.unless.map { "`\($0.source)`" }.joined(separator: ", "))\n" }
        return out
    }
}
