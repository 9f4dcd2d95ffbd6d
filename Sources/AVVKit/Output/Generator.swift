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
    ///
    /// `sideBySide` works on the documents at the same time, and checks each beside writing
    /// it: for one customer on an otherwise idle machine (a single `avv generate`, a server
    /// request). A batch, whose workers already keep every core busy, does one thing after the
    /// other. The result is the same.
    public static func generate(
        templates: TemplateSet, data: CustomerData, language: Language, date: String,
        catalog: RequirementCatalog? = nil, folder requestedFolder: String? = nil, blank: Bool = false,
        approval: ApprovalState? = nil, draft: Bool = false, inputs precomputedInputs: [Manifest.Input]? = nil,
        sideBySide: Bool = false
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

        // Each document is rendered, then examined (checked and reviewed) and written (text,
        // then HTML with the text's hash). Side by side, each document has a thread, and its
        // examination is offered to a spare one while the document is written; the parts are
        // joined in the set's order, so the result is the same either way.
        @Sendable func documentID(_ kind: String) -> String { "\(contractSlug)-\(kind)-\(language.rawValue)" }
        @Sendable func render(_ kind: String) -> Swift.Result<Document, DiagnosticsError> {
            do throws(DiagnosticsError) {
                return .success(try templates.render(kind, language: language, data: data.value, date: date,
                                                     documentID: documentID(kind), blank: blank))
            } catch {
                return .failure(error)
            }
        }
        @Sendable func examine(_ document: Document) -> Examination {
            var examination = Examination()
            if let catalog, !blank {
                examination.findings = DocumentChecker.check(document, catalog: catalog, templates: templates, data: data.value)
            }
            if let approval {
                let reviewed = approval.review(document)
                if !draft { examination.unapproved = reviewed.diagnostics }
                examination.approvalClauses = reviewed.clauses
            }
            return examination
        }
        @Sendable func write(_ document: Document, _ kind: String) -> Written {
            var written = Written()
            let marked = draft ? DraftMark.mark(document) : document
            let (text, textHash, textFileHash) = TextWriter.writeBytesWithHashes(marked)
            let html: [UInt8]
            if !blank, !draft, let direct = templates.renderHTML(
                kind, language: language, data: data.value, date: date, documentID: documentID(kind), textHash: textHash)
            {
                // The same bytes as the writer's, straight from the compiled template.
                html = direct
            } else {
                let page = HTMLWriter.write(marked, textHash: textHash)
                html = Array((draft ? DraftMark.html(page, language: language) : page).utf8)
            }
            let htmlPath = "\(folder)/\(kind).\(language.rawValue).html"
            written.files.append(OutputFile(relativePath: htmlPath, bytes: html))
            written.outputs.append(Manifest.Output(path: htmlPath, bytes: html))
            let textPath = "\(folder)/\(kind).\(language.rawValue).txt"
            written.files.append(OutputFile(relativePath: textPath, bytes: text))
            written.outputs.append(Manifest.Output(path: textPath, sha256: textFileHash, bytes: text.count))
            return written
        }
        // The manifest's inputs (files read and hashed) need nothing above: offered to a spare
        // thread from the start.
        let offeredInputs = sideBySide && precomputedInputs == nil
            ? Offered { inputHashes([data.file] + templates.inputFiles(for: language)) } : nil
        let kinds = templates.kinds
        let parts: [Part]
        if sideBySide, kinds.count > 1 {
            let made = Locked([Part?](repeating: nil, count: kinds.count))
            DispatchQueue.concurrentPerform(iterations: kinds.count) { index in
                var part = Part(rendered: render(kinds[index]))
                if case .success(let document) = part.rendered {
                    let examination = Offered { examine(document) }
                    part.written = write(document, kinds[index])
                    part.examination = examination.value
                }
                made.withLock { $0[index] = part }
            }
            // concurrentPerform returns when every document's part is in.
            parts = made.withLock { $0.map { $0! } }
        } else {
            parts = kinds.map { kind in
                var part = Part(rendered: render(kind))
                if case .success(let document) = part.rendered {
                    part.examination = examine(document)
                    part.written = write(document, kind)
                }
                return part
            }
        }

        var documents: [Document] = []
        var files: [OutputFile] = []
        var outputs: [Manifest.Output] = []
        var diagnostics: [Diagnostic] = []
        var findings: [Finding] = []
        var unapproved: [Diagnostic] = []
        var approvalClauses: [ManifestApproval.Clause] = []
        if let catalog, !blank { findings += DataChecks.transfers(data.value, catalog: catalog) }
        for part in parts {
            switch part.rendered {
            case .failure(let error): diagnostics += error.diagnostics
            case .success(let document): documents.append(document)
            }
            findings += part.examination.findings
            unapproved += part.examination.unapproved
            approvalClauses += part.examination.approvalClauses
            files += part.written.files
            outputs += part.written.outputs
        }
        for finding in findings where finding.severity == .error {
            let place = finding.document.isEmpty ? "" : "\(finding.document).\(language.rawValue): "
            diagnostics.append(Diagnostic(
                .error, .checkFailed, place + finding.message + " [\(finding.id)]",
                at: finding.location ?? SourceLocation(file: data.file, line: 1, column: 1)))
        }
        diagnostics += unapproved
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }

        let inputs = precomputedInputs ?? offeredInputs?.value ?? inputHashes([data.file] + templates.inputFiles(for: language))
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

    /// What one document adds to the result.
    private struct Part: Sendable {
        var rendered: Swift.Result<Document, DiagnosticsError>
        var examination = Examination()
        var written = Written()
    }

    /// A document's findings and the review of its clauses against the approvals.
    private struct Examination: Sendable {
        var findings: [Finding] = []
        var unapproved: [Diagnostic] = []
        var approvalClauses: [ManifestApproval.Clause] = []
    }

    /// A document's files and their manifest entries.
    private struct Written: Sendable {
        var files: [OutputFile] = []
        var outputs: [Manifest.Output] = []
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

/// Work offered to a spare thread: it runs once, on a thread of the global queue if one takes
/// it first, or else on the thread that asks for its ``value``. That thread waits only for
/// work that is running, never for a thread to become free.
private final class Offered<Value: Sendable>: @unchecked Sendable {
    private enum State {
        case offered(@Sendable () -> Value)
        case running
        case done(Value)
    }

    private let condition = NSCondition()
    private var state: State

    init(_ work: @escaping @Sendable () -> Value) {
        state = .offered(work)
        DispatchQueue.global().async { _ = self.take() }
    }

    /// The work's result, worked out here unless another thread has taken it.
    var value: Value {
        if let value = take() { return value }
        condition.lock()
        defer { condition.unlock() }
        while true {
            if case .done(let value) = state { return value }
            condition.wait()
        }
    }

    /// Runs the work and returns its result, or nil when another thread has taken it.
    private func take() -> Value? {
        condition.lock()
        guard case .offered(let work) = state else {
            condition.unlock()
            return nil
        }
        state = .running
        condition.unlock()
        let value = work()
        condition.lock()
        state = .done(value)
        condition.broadcast()
        condition.unlock()
        return value
    }
}
