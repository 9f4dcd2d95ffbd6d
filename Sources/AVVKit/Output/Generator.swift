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
    public static func generate(
        templates: TemplateSet, data: CustomerData, language: Language, date: String
    ) throws(DiagnosticsError) -> Result {
        let customer = try naming(templates.output.customerPath, in: data, what: "customer")
        let contract = try naming(templates.output.contractPath, in: data, what: "contract number")
        let folder = Slug.make(customer) + "/" + Slug.make(contract)

        var documents: [Document] = []
        var files: [OutputFile] = []
        var outputs: [Manifest.Output] = []
        var diagnostics: [Diagnostic] = []
        for kind in templates.kinds {
            let documentID = "\(Slug.make(contract))-\(kind)-\(language.rawValue)"
            let document: Document
            do throws(DiagnosticsError) {
                document = try templates.render(kind, language: language, data: data.value, date: date, documentID: documentID)
            } catch {
                diagnostics += error.diagnostics
                continue
            }
            documents.append(document)
            let text = TextWriter.write(document)
            let html = HTMLWriter.write(document, textHash: TextWriter.textHash(document))
            for (ext, body) in [("html", html), ("txt", text)] {
                let contents = Data(body.utf8)
                let path = "\(folder)/\(kind).\(language.rawValue).\(ext)"
                files.append(OutputFile(relativePath: path, contents: contents))
                outputs.append(Manifest.Output(path: path, contents: contents))
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }

        var inputs: [Manifest.Input] = []
        for file in [data.file] + templates.inputFiles(for: language) {
            inputs.append(Manifest.Input(path: file, contents: FileManager.default.contents(atPath: file) ?? Data()))
        }
        let manifest = Manifest(
            toolVersion: AVVKitVersion.current, date: date, language: language,
            templateSetVersion: templates.version, inputs: inputs, outputs: outputs)
        files.append(OutputFile(relativePath: "\(folder)/manifest.\(language.rawValue).json", contents: manifest.encoded()))
        return Result(folder: folder, documents: documents, files: files)
    }

    private static func naming(_ path: [String], in data: CustomerData, what: String) throws(DiagnosticsError) -> String {
        var value = data.value
        for segment in path {
            guard let next = value[segment] else { value = .null; break }
            value = next
        }
        guard case .string(let text) = value, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DiagnosticsError([Diagnostic(
                .error, .missingField,
                "\(path.joined(separator: ".")): missing; the \(what) names the output folder",
                at: SourceLocation(file: data.file, line: 1, column: 1), fieldPath: path.joined(separator: "."))])
        }
        return text
    }
}
