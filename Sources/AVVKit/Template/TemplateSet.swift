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
        /// Every avv:if branch of the document, and the data fields conditions test.
        let branchLocations: [SourceLocation]
        let conditionPaths: Set<[String]>
        let compiled: TemplateCompiler.CompiledDocument
        /// The HTML writer lowered onto this template, when it covers it (see ``DirectHTML``).
        let directHTML: DirectHTML?
    }

    /// Which data fields name the customer and the contract in output paths.
    public struct OutputNaming: Sendable {
        public var customerPath: [String]
        public var contractPath: [String]
    }

    public let directory: String
    public let version: String
    /// The release date of the set (`date` in templates.json), the document date of the
    /// committed example outputs; nil when the set names none.
    public let releaseDate: String?
    /// The example profile whose provider part fills the committed blank form
    /// (`blankExample` in templates.json), if any.
    public let blankExample: String?
    public let schema: JSONSchema
    public let languages: [Language]
    /// Document kinds in the order they are produced (the AV-Vertrag first).
    public let kinds: [String]
    public let output: OutputNaming
    /// Every template file that went into the set (documents and partials), sorted.
    public let files: [String]
    /// `templates.json` as found.
    public let manifestPath: String
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
                    files: ([file] + compiler.includedFiles).sorted(),
                    branchLocations: compiler.branchLocations, conditionPaths: compiler.conditionPaths,
                    compiled: compiled, directHTML: DirectHTML.compile(compiled, language: language))
            }
        }
        if diagnostics.containsErrors { throw DiagnosticsError(diagnostics) }
        return TemplateSet(
            directory: directory, version: manifest.version, releaseDate: manifest.date,
            blankExample: manifest.blankExample, schema: schema, languages: manifest.languages,
            kinds: manifest.documents, output: naming, files: files.sorted(),
            manifestPath: manifestPath, schemaPath: schemaPath, templates: templates)
    }

    /// Renders one document for one customer. Throws when data the template needs is
    /// missing or cannot be formatted.
    public func render(
        _ kind: String, language: Language, data: DataValue, date: String, documentID: String, blank: Bool = false
    ) throws(DiagnosticsError) -> Document {
        var unused: Set<SourceLocation>?
        return try render(kind, language: language, data: data, date: date, documentID: documentID, blank: blank,
                          coverage: &unused)
    }

    /// Renders and, when `coverage` is not nil, adds the avv:if branches taken to it.
    func render(
        _ kind: String, language: Language, data: DataValue, date: String, documentID: String, blank: Bool = false,
        coverage: inout Set<SourceLocation>?
    ) throws(DiagnosticsError) -> Document {
        guard let template = template(kind, language) else {
            throw DiagnosticsError([Diagnostic(.error, .templateSetInvalid,
                                               "the template set has no document '\(kind)' in '\(language.rawValue)'")])
        }
        var renderer = Renderer(language: language, data: data,
                                builtins: builtins(language: language, date: date, documentID: documentID),
                                dataPaths: template.compiled.dataPaths,
                                anchorCount: template.directHTML?.anchorCount ?? 0)
        renderer.takenBranches = coverage
        if blank { renderer.blank = blankForm(language) }
        let (title, blocks) = renderer.render(title: template.compiled.title, body: template.compiled.body)
        coverage = renderer.takenBranches
        if !renderer.diagnostics.isEmpty { throw DiagnosticsError(renderer.diagnostics) }
        return Document(
            kind: kind, language: language, title: title, documentID: documentID,
            templateVersion: version, date: date, blocks: blocks)
    }

    /// The HTML of one document for one customer, rendered straight from the compiled template:
    /// the same bytes as ``render(_:language:data:date:documentID:blank:)`` written with
    /// ``HTMLWriter/write(_:textHash:)``, several times faster. Nil when the template or the data
    /// needs the general path (which then also reports any error).
    public func renderHTML(
        _ kind: String, language: Language, data: DataValue, date: String, documentID: String, textHash: String
    ) -> [UInt8]? {
        guard let program = template(kind, language)?.directHTML else { return nil }
        let header = Document(
            kind: kind, language: language, title: "", documentID: documentID, templateVersion: version,
            date: date, blocks: [])
        return program.render(data: data, builtins: builtins(language: language, date: date, documentID: documentID),
                              document: header, textHash: textHash)
    }

    func builtins(language: Language, date: String, documentID: String) -> DataValue {
        .object([
            "date": .string(date), "language": .string(language.rawValue),
            "templateVersion": .string(version), "documentID": .string(documentID),
        ])
    }

    /// The blank-form settings for `language`: the customer's data root is left blank, each
    /// field labelled with its schema title (German) or its name spelt out (English).
    func blankForm(_ language: Language) -> Renderer.BlankForm {
        let root = output.customerPath.first ?? "controller"
        var labels: [String: String] = [:]
        func walk(_ node: SchemaNode, path: String, name: String, inherited: String?, depth: Int) {
            guard depth < 12 else { return }
            let label = language == .de ? (node.title ?? inherited ?? Self.spelledOut(name)) : Self.spelledOut(name)
            labels[path] = label
            for property in node.propertyNames {
                if let child = node.property(property) {
                    walk(child, path: path + "." + property, name: property, inherited: nil, depth: depth + 1)
                }
            }
            // A list's entries are labelled like the list unless they have a title of their own.
            if let items = node.items { walk(items, path: path + "[]", name: name, inherited: label, depth: depth + 1) }
        }
        if let node = schema.root.property(root) { walk(node, path: root, name: root, inherited: nil, depth: 0) }
        return Renderer.BlankForm(root: root, labels: labels)
    }

    /// `postcode` → `postcode`, `representedBy` → `represented by`.
    static func spelledOut(_ name: String) -> String {
        var out = ""
        for c in name {
            if c.isUppercase, !out.isEmpty { out += " " + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// Compiles a data condition written outside the templates, checked against the schema.
    func compileCondition(_ source: String, at location: SourceLocation) -> Result<CompiledExpression, DiagnosticsError> {
        var compiler = TemplateCompiler(root: directory, schema: schema, language: .de, cache: .init())
        let compiled = compiler.compileCondition(source, at: location)
        if let compiled, !compiler.diagnostics.containsErrors { return .success(compiled) }
        return .failure(DiagnosticsError(compiler.diagnostics))
    }

    /// Whether a compiled condition holds for customer data.
    func holds(_ condition: CompiledExpression, for data: DataValue) -> Bool {
        Renderer(language: .de, data: data, builtins: .object([:])).evaluate(condition).isTruthy
    }

    /// The parts of `templates.json`.
    struct Manifest {
        var version: String
        var date: String?
        var blankExample: String?
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
            let date = object["date"] as? String
            if let date, !DocumentDate.isValid(date) {
                throw fail("date: expected the release date of the set as YYYY-MM-DD, found '\(date)'", field: "date")
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
            return Manifest(version: version, date: date, blankExample: object["blankExample"] as? String, schema: schema, languages: languages, documents: documents,
                            customerPath: customer, contractPath: contract)
        }
    }
}
