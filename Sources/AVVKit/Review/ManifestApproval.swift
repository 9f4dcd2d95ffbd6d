/// The approval state of generated documents, as their manifest records it: whether every
/// clause is approved, and for each clause the hash of its wording and its approval.
public struct ManifestApproval: Codable, Sendable, Hashable {
    public struct Clause: Codable, Sendable, Hashable {
        public var document: String
        public var clause: String
        /// The defining template file, relative to the template folder.
        public var file: String
        /// SHA-256 of the clause's wording as generated.
        public var sha256: String
        public var approved: Bool
        /// The approval on record; for a changed clause, that of the earlier wording.
        public var approvedSha256: String?
        public var approvedBy: String?
        public var approvalDate: String?

        public init(
            document: String, clause: String, file: String, sha256: String, approved: Bool,
            approvedSha256: String?, approvedBy: String?, approvalDate: String?
        ) {
            self.document = document
            self.clause = clause
            self.file = file
            self.sha256 = sha256
            self.approved = approved
            self.approvedSha256 = approvedSha256
            self.approvedBy = approvedBy
            self.approvalDate = approvalDate
        }
    }

    /// Whether every clause of the documents is approved in its wording.
    public var approved: Bool
    /// Whether the documents were generated as drafts (`--draft`).
    public var draft: Bool
    /// The approvals file of the template set.
    public var file: String
    /// Its SHA-256; nil when the set has none.
    public var sha256: String?
    public var clauses: [Clause]

    public init(approved: Bool, draft: Bool, file: String, sha256: String?, clauses: [Clause]) {
        self.approved = approved
        self.draft = draft
        self.file = file
        self.sha256 = sha256
        self.clauses = clauses
    }
}
