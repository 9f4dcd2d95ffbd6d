import Foundation

/// A template set: the documents avv can produce, in every language, compiled once and
/// checked against the data schema. Load it once; render it any number of times.
///
/// On disk (`Templates/` by default):
/// ```
/// templates.json                    version, languages, documents, output naming
/// schema.json                       the customer data schema (JSON Schema 2020-12)
/// <document>/<document>.<lang>.xhtml
/// clauses/…                         shared partials, included with avv:include
/// ```
public struct TemplateSet: Sendable {
    /// One document template in one language, compiled.
    public struct DocumentTemplate: Sendable {
        public let kind: String
        public let language: Language
        public let file: String
        /// The document template and every partial it includes, sorted.
        public let files: [String]
        let compiled: TemplateCompiler.CompiledDocument
    }

    /// Which data fields name the customer and the contract in output paths.
    public struct OutputNaming: Sendable {
        public var customerPath: [String]
        public var contractPath: [String]
    }

    public let directory: String
    public let version: String
    public let schema: JSONSchema
    public let languages: [Language]
    /// Document kinds in the order they are produced (the AV-Vertrag first).
    public let kinds: [String]
    public let output: OutputNaming
    /// Every template file that went into the set (documents and partials), sorted.
    public let files: [String]
    let manifestPath: String
    let schemaPath: String

    /// Every file the documents in `language` are made from: the set's description, the
    /// schema, and the templates with their partials.
    public func inputFiles(for language: Language) -> [String] {
        var used = Set<String>()
        for kind in kinds { used.formUnion(template(kind, language)?.files ?? []) }
        return [manifestPath, schemaPath] + used.sorted()
    }
    private let templates: [String: DocumentTemplate]

    public static let manifestName = "templates.json"

    public func template(_ kind: String, _ language: Language) -> DocumentTemplate? {
        templates["\(kind).\(language.rawValue)"]
    }

    /// Loads, parses and compiles the whole set; throws every problem found.
    public static func load(directory: String) throws(DiagnosticsError) -> TemplateSet {
        let manifestPath = TemplateCompiler.normalize((directory as NSString).appendingPathComponent(manifestName))
        let manifest = try Manifest.read(manifestPath)
        let schemaPath = TemplateCompiler.normalize((directory as NSString).appendingPathComponent(manifest.schema))
        let schema = try JSONSchema.load(path: schemaPath)

        var diagnostics: [Diagnostic] = []
        let naming = OutputNaming(
            customerPath: manifest.customerPath.split(separator: ".").map(String.init),
            contractPath: manifest.contractPath.split(separator: ".").map(String.init))
        for (field, path) in [("output.customer", naming.customerPath), ("output.contract", naming.contractPath)] {
            var node: SchemaNode? = schema.root
            for segment in path { node = node?.property(segment) }
            if node == nil || !(node!.types.isEmpty || node!.types.contains("string")) {
                diagnostics.append(Diagnostic(
                    .error, .templateSetInvalid,
                    "\(field) names '\(path.joined(separator: "."))', which is not a text field of the schema",
                    at: SourceLocation(file: manifestPath, line: 1, column: 1), fieldPath: field))
            }
        }

        let cache = TemplateCompiler.PartialCache()
        var templates: [String: DocumentTemplate] = [:]
        var files: Set<String> = []
        for kind in manifest.documents {
            for language in manifest.languages {
                let file = TemplateCompiler.normalize(
                    (directory as NSString).appendingPathComponent("\(kind)/\(kind).\(language.rawValue).xhtml"))
                guard let read = TemplateSource.read(file) else {
                    diagnostics.append(Diagnostic(
                        .error, .fileNotReadable,
                        "document '\(kind)' has no \(language.rawValue) template; expected the file \(file)",
                        at: SourceLocation(file: manifestPath, line: 1, column: 1)))
                    continue
                }
                files.insert(file)
                let html: XMLElement
                do throws(DiagnosticsError) {
                    html = try LibXMLDocument.parse(read.get())
                } catch {
                    diagnostics += error.diagnostics
                    continue
                }
                var compiler = TemplateCompiler(root: directory, schema: schema, language: language, cache: cache)
                let compiled = compiler.compileDocument(html, file: file)
                for d in compiler.diagnostics where !diagnostics.contains(d) { diagnostics.append(d) }
                files.formUnion(compiler.includedFiles)
                templates["\(kind).\(language.rawValue)"] = DocumentTemplate(
                    kind: kind, language: language, file: file,
                    files: ([file] + compiler.includedFiles).sorted(), compiled: compiled)
            }
        }
        if diagnostics.containsErrors { throw DiagnosticsError(diagnostics) }
        return TemplateSet(
            directory: directory, version: manifest.version, schema: schema, languages: manifest.languages,
            kinds: manifest.documents, output: naming, files: files.sorted(),
            manifestPath: manifestPath, schemaPath: schemaPath, templates: templates)
    }

    /// Renders one document for one customer. Throws when data the template needs is
    /// missing or cannot be formatted.
    public func render(
        _ kind: String, language: Language, data: DataValue, date: String, documentID: String
    ) throws(DiagnosticsError) -> Document {
        guard let template = template(kind, language) else {
            throw DiagnosticsError([Diagnostic(.error, .templateSetInvalid,
                                               "the template set has no document '\(kind)' in '\(language.rawValue)'")])
        }
        let builtins = DataValue.object([
            "date": .string(date), "language": .string(language.rawValue),
            "templateVersion": .string(version), "documentID": .string(documentID),
        ])
        var renderer = Renderer(language: language, data: data, builtins: builtins)
        let (title, blocks) = renderer.render(title: template.compiled.title, body: template.compiled.body)
        if !renderer.diagnostics.isEmpty { throw DiagnosticsError(renderer.diagnostics) }
        return Document(
            kind: kind, language: language, title: title, documentID: documentID,
            templateVersion: version, date: date, blocks: blocks)
    }

    /// The parts of `templates.json`.
    struct Manifest {
        var version: String
        var schema: String
        var languages: [Language]
        var documents: [String]
        var customerPath: String
        var contractPath: String

        static func read(_ path: String) throws(DiagnosticsError) -> Manifest {
            let start = SourceLocation(file: path, line: 1, column: 1)
            func fail(_ message: String, field: String? = nil) -> DiagnosticsError {
                DiagnosticsError([Diagnostic(.error, .templateSetInvalid, message, at: start, fieldPath: field)])
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DiagnosticsError([Diagnostic(
                    .error, .fileNotReadable,
                    "cannot read the template set description \(path); is '\((path as NSString).deletingLastPathComponent)' a template folder?")])
            }
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw fail("\(manifestName) is not a JSON object")
            }
            guard let version = object["version"] as? String, !version.isEmpty else {
                throw fail("version: expected the template set version as text, e.g. \"1.0.0\"", field: "version")
            }
            let schema = object["schema"] as? String ?? "schema.json"
            guard let languageNames = object["languages"] as? [String], !languageNames.isEmpty else {
                throw fail("languages: expected a list such as [\"de\", \"en\"]", field: "languages")
            }
            var languages: [Language] = []
            for (i, name) in languageNames.enumerated() {
                guard let language = Language(rawValue: name) else {
                    throw fail("languages[\(i)]: expected 'de' or 'en', found '\(name)'", field: "languages[\(i)]")
                }
                languages.append(language)
            }
            guard let documents = object["documents"] as? [String], !documents.isEmpty else {
                throw fail("documents: expected a list of document names such as [\"av-vertrag\"]", field: "documents")
            }
            for (i, d) in documents.enumerated() where !TemplateCompiler.isValidID(d) {
                throw fail("documents[\(i)]: '\(d)' is not a valid document name; expected lowercase letters, digits and '-'",
                           field: "documents[\(i)]")
            }
            guard let output = object["output"] as? [String: Any],
                  let customer = output["customer"] as? String, let contract = output["contract"] as? String else {
                throw fail("output: expected {\"customer\": \"<data path>\", \"contract\": \"<data path>\"}", field: "output")
            }
            return Manifest(version: version, schema: schema, languages: languages, documents: documents,
                            customerPath: customer, contractPath: contract)
        }
    }
}
