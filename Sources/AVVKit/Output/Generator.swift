import Foundation

/// The whole `generate` job in memory: validated data and a loaded template set in, every
/// document rendered and written to bytes (HTML, text, manifest) out. Nothing touches the
/// disk here; ``OutputWriter`` writes the result only when everything succeeded.
public enum Generator {
    /// The files of one customer and contract, relative to the output folder.
    public struct Result: Sendable {
        /// `<customer>/<contract>`, the folder the files go to.
        public var folder: String
        public var documents: [Document]
        public var files: [OutputFile]
    }

    /// Renders every document of the set for one customer in `language`.
    ///
    /// With a catalog, every document is checked before anything is returned: an error
    /// finding (a required clause missing, risky wording, a sub-processor outside the EEA
    /// without a transfer mechanism) throws, so that no such document is written; warnings
    /// are recorded in the manifest.
    ///
    /// With an approval state, a clause whose wording is not approved throws too, unless
    /// `draft` is set; the manifest records the approval of every clause. A draft says
    /// ENTWURF / DRAFT at the top and on every printed page.
    /// `inputs`, when given, are the manifest's inputs as already hashed (a batch hashes the
    /// template set once, not once per customer); otherwise the data file and the set's files
    /// are read and hashed here.
    public static func generate(
        templates: TemplateSet, data: CustomerData, language: Language, date: String,
        catalog: RequirementCatalog? = nil, folder requestedFolder: String? = nil, blank: Bool = false,
        approval: ApprovalState? = nil, draft: Bool = false, inputs precomputedInputs: [Manifest.Input]? = nil
    ) throws(DiagnosticsError) -> Result {
        // The customer and the contract number name the folder (the customer is asked first);
        // the contract number also names each document's id: read and made a slug once.
        let customerSlug = requestedFolder == nil && !blank
            ? Slug.make(try naming(templates.output.customerPath, in: data, what: "customer")) : ""
        let contractSlug = blank ? "blanko" : Slug.make(try naming(templates.output.contractPath, in: data, what: "contract number"))
        let folder: String
        if let requestedFolder {
            folder = requestedFolder
        } else if blank {
            folder = "blanko/" + Slug.make(((data.file as NSString).lastPathComponent as NSString).deletingPathExtension)
        } else {
            folder = customerSlug + "/" + contractSlug
        }

        var documents: [Document] = []
        var files: [OutputFile] = []
        var outputs: [Manifest.Output] = []
        var diagnostics: [Diagnostic] = []
        var findings: [Finding] = []
        var unapproved: [Diagnostic] = []
        var approvalClauses: [ManifestApproval.Clause] = []
        if let catalog, !blank { findings += DataChecks.transfers(data.value, catalog: catalog) }
        for kind in templates.kinds {
            let documentID = "\(contractSlug)-\(kind)-\(language.rawValue)"
            let document: Document
            do throws(DiagnosticsError) {
                document = try templates.render(kind, language: language, data: data.value, date: date,
                                                documentID: documentID, blank: blank)
            } catch {
                diagnostics += error.diagnostics
                continue
            }
            documents.append(document)
            if let catalog, !blank {
                findings += DocumentChecker.check(document, catalog: catalog, templates: templates, data: data.value)
            }
            if let approval {
                let reviewed = approval.review(document)
                if !draft { unapproved += reviewed.diagnostics }
                approvalClauses += reviewed.clauses
            }
            let written = draft ? DraftMark.mark(document) : document
            let (text, textHash, textFileHash) = TextWriter.writeBytesWithHashes(written)
            let html: [UInt8]
            if !blank, !draft, let direct = templates.renderHTML(
                kind, language: language, data: data.value, date: date, documentID: documentID, textHash: textHash)
            {
                // The same bytes as the writer's, straight from the compiled template.
                html = direct
            } else {
                let written = HTMLWriter.write(written, textHash: textHash)
                html = Array((draft ? DraftMark.html(written, language: language) : written).utf8)
            }
            let htmlPath = "\(folder)/\(kind).\(language.rawValue).html"
            files.append(OutputFile(relativePath: htmlPath, bytes: html))
            outputs.append(Manifest.Output(path: htmlPath, bytes: html))
            let textPath = "\(folder)/\(kind).\(language.rawValue).txt"
            files.append(OutputFile(relativePath: textPath, bytes: text))
            outputs.append(Manifest.Output(path: textPath, sha256: textFileHash, bytes: text.count))
        }
        for finding in findings where finding.severity == .error {
            let place = finding.document.isEmpty ? "" : "\(finding.document).\(language.rawValue): "
            diagnostics.append(Diagnostic(
                .error, .checkFailed, place + finding.message + " [\(finding.id)]",
                at: finding.location ?? SourceLocation(file: data.file, line: 1, column: 1)))
        }
        diagnostics += unapproved
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }

        let inputs = precomputedInputs ?? inputHashes([data.file] + templates.inputFiles(for: language))
        let manifest = Manifest(
            toolVersion: AVVKitVersion.current, date: date, language: language,
            templateSetVersion: templates.version, inputs: inputs, outputs: outputs,
            findings: catalog == nil ? nil : findings.map {
                Manifest.Finding(code: $0.id, severity: $0.severity.rawValue,
                                 message: ($0.clause.map { "\($0): " } ?? "") + $0.message)
            },
            approval: approval?.manifestRecord(clauses: approvalClauses, draft: draft))
        files.append(OutputFile(relativePath: "\(folder)/manifest.\(language.rawValue).json", bytes: ManifestJSON.encode(manifest)))
        return Result(folder: folder, documents: documents, files: files)
    }

    /// The manifest inputs for files: each path with the SHA-256 of its contents.
    public static func inputHashes(_ files: [String]) -> [Manifest.Input] {
        files.map { Manifest.Input(path: $0, contents: FileManager.default.contents(atPath: $0) ?? Data()) }
    }

    private static func naming(_ path: [String], in data: CustomerData, what: String) throws(DiagnosticsError) -> String {
        var value = data.value
        for segment in path {
            guard let next = value[segment] else { value = .null; break }
            value = next
        }
        // Blank is white space only (the scalars `CharacterSet.whitespacesAndNewlines` holds).
        guard case .string(let text) = value, !text.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
            throw DiagnosticsError([Diagnostic(
                .error, .missingField,
                "\(path.joined(separator: ".")): missing; the \(what) names the output folder",
                at: SourceLocation(file: data.file, line: 1, column: 1), fieldPath: path.joined(separator: "."))])
        }
        return text
    }
}
