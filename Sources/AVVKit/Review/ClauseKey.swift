/// Identifies a clause or annex for approval: the template file that defines it, its id and
/// its language.
///
/// Keyed by the defining file (not by document) so that a shared partial such as
/// `clauses/schlussbestimmungen.de.xhtml`, used by two documents, is one text with one
/// approval: the lawyer approves the wording once, wherever it is included.
public struct ClauseKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var language: Language
    /// The defining template file, relative to the template set's folder.
    public var file: String
    /// The `avv:clause` or `avv:annex` id.
    public var clause: String

    public init(language: Language, file: String, clause: String) {
        self.language = language
        self.file = file
        self.clause = clause
    }

    /// `weisungen (de, av-vertrag/av-vertrag.de.xhtml)`
    public var description: String { "\(clause) (\(language.rawValue), \(file))" }

    public static func < (lhs: ClauseKey, rhs: ClauseKey) -> Bool {
        (lhs.language.rawValue, lhs.file, lhs.clause) < (rhs.language.rawValue, rhs.file, rhs.clause)
    }
}
