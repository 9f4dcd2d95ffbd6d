/// Something the checker found in a rendered document or a third-party DPA.
public struct Finding: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A required clause is missing.
        case missingRequirement = "missing-requirement"
        /// A clause claims a requirement but its text does not carry the evidence.
        case unsupportedClaim = "unsupported-claim"
        /// A clause claims a requirement id the catalog does not know.
        case unknownRequirement = "unknown-requirement"
        case riskyWording = "risky-wording"
        case placeholder
        case emptyAnnex = "empty-annex"
        case transferMechanism = "transfer-mechanism"
        /// The document could not be rendered for this data (e.g. an unresolved reference).
        case renderFailed = "render-failed"
        /// A template branch that no variant or example renders.
        case unreachableBranch = "unreachable-branch"
        /// The template set or catalog does not load.
        case invalidTemplates = "invalid-templates"
        /// A clause's wording is not approved (`Templates/approvals.json`).
        case unapprovedClause = "unapproved-clause"
    }

    public var kind: Kind
    public var severity: Diagnostic.Severity
    /// The requirement or rule id, or the kind for built-in checks.
    public var id: String
    public var message: String
    /// The document kind and language (empty for set-wide findings).
    public var document: String
    public var language: Language?
    /// The clause or annex id concerned.
    public var clause: String?
    /// Where: the template (file:line) or the checked file (file:line:col).
    public var location: SourceLocation?
    /// The sentence that raised or relates to the finding.
    public var excerpt: String?
    /// Which data produced it: `example massoth.yaml` or field values of a variant.
    public var variant: String?

    public init(
        kind: Kind, severity: Diagnostic.Severity, id: String, message: String, document: String = "",
        language: Language? = nil, clause: String? = nil, location: SourceLocation? = nil,
        excerpt: String? = nil, variant: String? = nil
    ) {
        self.kind = kind
        self.severity = severity
        self.id = id
        self.message = message
        self.document = document
        self.language = language
        self.clause = clause
        self.location = location
        self.excerpt = excerpt
        self.variant = variant
    }
}
