/// Checks a third-party DPA against the catalog, sentence by sentence. There are no
/// `avv:covers` tags in such a document: a requirement is met where one sentence carries
/// all of its evidence, wherever it stands.
public enum ForeignDocumentChecker {
    public struct RequirementResult: Sendable {
        public enum Status: String, Sendable { case met, missing }
        public var requirement: RequirementCatalog.Requirement
        public var status: Status
        /// The sentence that meets it, and where.
        public var sentence: String?
        public var location: SourceLocation?
        /// For a missing one: the evidence elements no sentence mentions at all.
        public var absent: [String]
    }

    public struct Report: Sendable {
        public var document: ForeignDocument
        public var results: [RequirementResult]
        public var wording: [Finding]

        /// Whether a `must` requirement is missing.
        public var failed: Bool {
            results.contains { $0.status == .missing && $0.requirement.severity == .must }
                || wording.contains { $0.severity == .error }
        }
    }

    public static func check(_ document: ForeignDocument, catalog: RequirementCatalog) -> Report {
        let model = document.model
        var results: [RequirementResult] = []
        for requirement in catalog.requirements where requirement.documents.contains(catalog.dpa) {
            let elements = requirement.evidence[document.language] ?? []
            if let hit = model.sentences.first(where: { Evidence.matches(elements, $0) }) {
                results.append(RequirementResult(requirement: requirement, status: .met, sentence: hit.text,
                                                 location: hit.location, absent: []))
            } else {
                let absent = elements.filter { element in !model.sentences.contains { element.matches($0) } }
                results.append(RequirementResult(requirement: requirement, status: .missing, sentence: nil,
                                                 location: nil, absent: absent.map(\.about)))
            }
        }
        let wording = DocumentChecker.wordingFindings(model, catalog: catalog, documentKind: nil)
        return Report(document: document, results: results, wording: wording)
    }
}
