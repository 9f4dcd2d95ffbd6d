/// One problem found in a template, a data file or a document, reported like a compiler does.
///
/// Parsers and checkers collect diagnostics and keep going; the command-line tool prints
/// them with ``DiagnosticFormatter``. Codes are stable: tests, docs and users rely on them.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: 2
            case .warning: 1
            case .note: 0
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A secondary message attached to a diagnostic, e.g. one step of an include chain.
    public struct Note: Sendable, Hashable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    /// Stable code such as `AVV104`; see the diagnostic code table in the documentation.
    public var code: DiagnosticCode
    public var message: String
    public var location: SourceLocation?
    /// Characters to underline from `location.column` on (at least one caret).
    public var length: Int
    /// The data field the diagnostic is about, e.g. `controller.address.postcode`.
    public var fieldPath: String?
    public var notes: [Note]

    public init(
        _ severity: Severity = .error,
        _ code: DiagnosticCode,
        _ message: String,
        at location: SourceLocation? = nil,
        length: Int = 1,
        fieldPath: String? = nil,
        notes: [Note] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.length = max(1, length)
        self.fieldPath = fieldPath
        self.notes = notes
    }

    /// The one-line form: `file:line:col: error: message [AVV104]`.
    public var description: String {
        var line = ""
        if let location { line += "\(location): " }
        line += "\(severity.rawValue): \(message) [\(code.rawValue)]"
        return line
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error (warnings alone do not stop a run).
    public var containsErrors: Bool { contains { $0.severity == .error } }
}

/// Thrown when a stage cannot produce its result; carries everything it found.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
