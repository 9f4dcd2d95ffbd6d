import Foundation

/// What one `avv generate` run read and wrote, with hashes: `manifest.json` beside the documents.
///
/// The encoding is deterministic (sorted keys, pretty-printed, slashes unescaped, one trailing
/// newline), so the same run gives the same bytes and the file diffs well in review.
public struct Manifest: Codable, Sendable, Hashable {
    /// The version of this file's layout; raise it when a field changes meaning.
    public static let currentSchemaVersion = 1

    /// One file that went into the documents: customer data, a template, the schema.
    public struct Input: Codable, Sendable, Hashable {
        public var path: String
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }

        /// An input described by its contents.
        public init(path: String, contents: Foundation.Data) {
            self.init(path: path, sha256: Hashing.sha256Hex(contents))
        }
    }

    /// One file written, relative to the output directory.
    public struct Output: Codable, Sendable, Hashable {
        public var path: String
        public var sha256: String
        public var bytes: Int

        public init(path: String, sha256: String, bytes: Int) {
            self.path = path
            self.sha256 = sha256
            self.bytes = bytes
        }

        /// An output described by its contents.
        public init(path: String, contents: Foundation.Data) {
            self.init(path: path, sha256: Hashing.sha256Hex(contents), bytes: contents.count)
        }

        /// An output described by its bytes.
        init(path: String, bytes: [UInt8]) {
            self.init(path: path, sha256: Hashing.sha256Hex(bytes: bytes), bytes: bytes.count)
        }
    }

    /// A check result recorded with the run (the checker's findings, flattened).
    public struct Finding: Codable, Sendable, Hashable {
        public var code: String
        /// `error`, `warning` or `note`.
        public var severity: String
        public var message: String

        public init(code: String, severity: String, message: String) {
            self.code = code
            self.severity = severity
            self.message = message
        }
    }

    public var schemaVersion: Int
    /// The version of `avv` that wrote the files.
    public var toolVersion: String
    /// The document date, ISO `YYYY-MM-DD` (the `--date` of the run).
    public var date: String
    public var language: Language
    public var templateSetVersion: String
    public var inputs: [Input]
    public var outputs: [Output]
    /// Omitted from the JSON when nil.
    public var findings: [Finding]?
    /// The approval state of the documents' clauses; omitted from the JSON when nil.
    public var approval: ManifestApproval?

    public init(
        schemaVersion: Int = Manifest.currentSchemaVersion, toolVersion: String, date: String,
        language: Language, templateSetVersion: String, inputs: [Input], outputs: [Output],
        findings: [Finding]? = nil, approval: ManifestApproval? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.toolVersion = toolVersion
        self.date = date
        self.language = language
        self.templateSetVersion = templateSetVersion
        self.inputs = inputs
        self.outputs = outputs
        self.findings = findings
        self.approval = approval
    }

    /// The JSON bytes: sorted keys, pretty-printed, `/` unescaped, ending in one newline.
    ///
    /// The bytes `JSONEncoder` writes with those options, written directly (``ManifestJSON``);
    /// `JSONDecoder` reads them back, as the web server does.
    public func encoded() -> Foundation.Data {
        Foundation.Data(ManifestJSON.encode(self))
    }
}
