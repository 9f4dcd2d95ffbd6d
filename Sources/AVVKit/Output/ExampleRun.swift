import Foundation

/// Renders the example profiles of a template set (`Templates/examples/*.yaml`) into
/// `<profile>/<document>.<lang>.html|txt` and `<profile>/manifest.<lang>.json`: the
/// reference outputs committed under `Output/examples/`.
public enum ExampleRun {
    public static func profiles(in templates: String) -> [String] {
        let folder = (templates as NSString).appendingPathComponent("examples")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
            .sorted()
            .map { TemplateCompiler.normalize((folder as NSString).appendingPathComponent($0)) }
    }

    /// Every example in every language; throws everything found wrong. Examples are never
    /// drafts: every clause they contain must be approved.
    public static func render(templates: String, date: String?) throws(DiagnosticsError) -> [OutputFile] {
        let (set, catalog, approval) = try LoadedSet.load(directory: templates).parts
        guard let date = date ?? set.releaseDate else {
            throw DiagnosticsError([Diagnostic(.error, .templateSetInvalid,
                                               "the template set names no release date; give --date or add \"date\" to templates.json",
                                               at: SourceLocation(file: set.manifestPath, line: 1, column: 1), fieldPath: "date")])
        }
        var files: [OutputFile] = []
        var diagnostics: [Diagnostic] = []
        for path in profiles(in: templates) {
            let profile = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            do throws(DiagnosticsError) {
                let customer = try CustomerData.load(path: path, schema: set.schema)
                for language in set.languages {
                    files += try Generator.generate(templates: set, data: customer, language: language, date: date,
                                                    catalog: catalog, folder: profile, approval: approval,
                                                    sideBySide: true).files
                }
            } catch {
                // An unapproved clause is reported once, not once per profile.
                for d in error.diagnostics where !diagnostics.contains(d) { diagnostics.append(d) }
            }
        }
        // The blank form ("blanko"), filled with one profile's provider part.
        if let profile = set.blankExample {
            let path = profiles(in: templates).first {
                (($0 as NSString).lastPathComponent as NSString).deletingPathExtension == profile
            }
            guard let path else {
                throw DiagnosticsError([Diagnostic(.error, .templateSetInvalid,
                                                   "blankExample: there is no example profile '\(profile)'",
                                                   at: SourceLocation(file: set.manifestPath, line: 1, column: 1),
                                                   fieldPath: "blankExample")])
            }
            do throws(DiagnosticsError) {
                let provider = try CustomerData.loadProviderPart(
                    path: path, customerRoot: set.output.customerPath.first ?? "", schema: set.schema)
                for language in set.languages {
                    files += try Generator.generate(templates: set, data: provider, language: language, date: date,
                                                    folder: profile + "-blanko", blank: true, sideBySide: true).files
                }
            } catch {
                diagnostics += error.diagnostics
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
        return files
    }

    /// Removes avv's own files (documents and manifests) that the last run did not write,
    /// e.g. of a profile that was deleted, and folders left empty.
    public static func removeStale(in directory: String, keeping written: Set<String>) {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: directory) else { return }
        var folders: [String] = []
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            let full = (directory as NSString).appendingPathComponent(path)
            guard manager.fileExists(atPath: full, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue { folders.append(full); continue }
            let name = (path as NSString).lastPathComponent
            let ours = name.hasSuffix(".html") || name.hasSuffix(".txt") || (name.hasPrefix("manifest.") && name.hasSuffix(".json"))
            if ours, !written.contains(path) { try? manager.removeItem(atPath: full) }
        }
        for folder in folders.sorted(by: >) where (try? manager.contentsOfDirectory(atPath: folder))?.isEmpty == true {
            try? manager.removeItem(atPath: folder)
        }
    }
}
