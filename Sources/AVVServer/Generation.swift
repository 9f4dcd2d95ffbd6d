import AVVKit
import Foundation

/// One customer's documents as the server keeps them for preview and download: the same
/// files `avv generate` writes, plus the submitted data as YAML and a ZIP of everything.
struct GeneratedResult: Sendable {
    struct File: Sendable {
        /// Path inside the ZIP and below `--out`: `<customer>/<contract>/<name>`.
        var relativePath: String
        var contents: Data
        var name: String { (relativePath as NSString).lastPathComponent }
    }

    struct DocumentEntry: Sendable {
        var kind: String
        var language: Language
        var title: String
        var html: String
        var text: String
    }

    var id: String
    var folder: String
    var customerName: String
    var date: String
    var documentLanguages: String
    var documents: [DocumentEntry]
    var files: [File]
    var zipName: String
    var zip: Data
    var findings: [(language: Language, findings: [Manifest.Finding])]
    /// The data that was rendered, for "back to the form".
    var data: DataValue
    var savedTo: String?

    func file(named name: String) -> (contents: Data, contentType: String)? {
        if name == zipName { return (zip, "application/zip") }
        guard let file = files.first(where: { $0.name == name }) else { return nil }
        let type: String
        switch (name as NSString).pathExtension {
        case "html": type = "text/html; charset=utf-8"
        case "txt": type = "text/plain; charset=utf-8"
        case "json": type = "application/json; charset=utf-8"
        case "yaml": type = "application/yaml; charset=utf-8"
        default: type = "application/octet-stream"
        }
        return (file.contents, type)
    }
}

/// From form data to documents: YAML text, loaded and validated exactly as the CLI loads a
/// file, then ``Generator/generate(templates:data:language:date:catalog:folder:blank:)``.
enum Generation {
    /// The name the submitted data has in diagnostics, manifests and the ZIP.
    static let dataFileName = "customer.yaml"

    enum Outcome: Sendable {
        case invalid([FormPage.FieldError])
        case done(GeneratedResult)
    }

    static func run(_ data: DataValue, setup: ServerSetup, languages: [Language], date: String, id: String) -> Outcome {
        let schema = setup.templates.schema
        let languageArguments = languages.map { "--lang \($0.rawValue)" }.joined(separator: " ")
        let yaml = YAMLWriter.write(data, schema: schema.root, header: [
            "Customer data from avv-server; the same documents again with:",
            "avv generate \(dataFileName) \(languageArguments) --date \(date)",
        ])
        let customer: CustomerData
        do {
            let loaded = try DataLoader.load(text: yaml, file: dataFileName, format: .yaml)
            customer = try CustomerData.validated(loaded, schema: schema)
        } catch {
            return .invalid(error.diagnostics.filter { $0.severity == .error }.map {
                FormPage.FieldError(path: $0.fieldPath, message: $0.message)
            })
        }
        var files: [GeneratedResult.File] = []
        var documents: [GeneratedResult.DocumentEntry] = []
        var findings: [(language: Language, findings: [Manifest.Finding])] = []
        var folder = ""
        var problems: [FormPage.FieldError] = []
        let yamlData = Data(yaml.utf8)
        for language in languages {
            let result: Generator.Result
            do {
                result = try Generator.generate(templates: setup.templates, data: customer, language: language,
                                                date: date, catalog: setup.catalog, approval: setup.approval,
                                                sideBySide: true)
            } catch {
                problems += error.diagnostics.filter { $0.severity == .error }.map {
                    FormPage.FieldError(path: $0.fieldPath, message: $0.message)
                }
                continue
            }
            folder = result.folder
            for file in result.files {
                var contents = file.contents
                if file.relativePath.hasSuffix(".json"), var manifest = try? JSONDecoder().decode(Manifest.self, from: contents) {
                    // The data came from the form, not from a file the generator could read and hash.
                    manifest.inputs = manifest.inputs.map {
                        $0.path == dataFileName ? Manifest.Input(path: dataFileName, contents: yamlData) : $0
                    }
                    contents = manifest.encoded()
                    findings.append((language, manifest.findings ?? []))
                }
                files.append(GeneratedResult.File(relativePath: file.relativePath, contents: contents))
            }
            for document in result.documents {
                let base = "\(result.folder)/\(document.kind).\(language.rawValue)"
                documents.append(GeneratedResult.DocumentEntry(
                    kind: document.kind, language: language, title: document.title,
                    html: base + ".html", text: base + ".txt"))
            }
        }
        if !problems.isEmpty { return .invalid(problems) }
        files.append(GeneratedResult.File(relativePath: "\(folder)/\(dataFileName)", contents: yamlData))
        let zip: Data
        do {
            zip = try ZIPWriter.archive(files.map { ZIPWriter.Entry(name: $0.relativePath, contents: $0.contents) }, date: date)
        } catch {
            return .invalid([FormPage.FieldError(path: nil, message: "the documents are too large for a ZIP archive")])
        }
        let customerName = setup.templates.output.customerPath.reduce(Optional(data)) { $0?[$1] }
        var name = ""
        if case .string(let text)? = customerName { name = text }
        return .done(GeneratedResult(
            id: id, folder: folder, customerName: name, date: date,
            documentLanguages: languages.map(\.rawValue).joined(separator: ","),
            documents: documents, files: files,
            zipName: folder.replacingOccurrences(of: "/", with: "_") + ".zip", zip: zip,
            findings: findings, data: data, savedTo: nil))
    }
}
