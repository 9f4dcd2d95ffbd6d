import Foundation

/// `avv check`: the whole template set, as CI runs it on every push. Parses and analyses
/// the templates, renders every example profile and every variant of the data the templates
/// branch on, in every language, and checks each document against the catalog.
public enum TemplateSetChecker {
    /// Above this many combinations of variant fields, a pairwise covering set is used.
    public static let combinationBound = 256

    public struct Report: Sendable {
        public var findings: [Finding]
        public var examples: [String]
        public var fields: [VariantField]
        public var variantsChecked: Int
        /// Variants no example profile can carry (the schema rejects the combination).
        public var variantsSkipped: Int
        public var combinations: Int
        public var pairwise: Bool
        public var documentsChecked: Int
        public var languages: [Language]

        public var errorCount: Int { findings.filter { $0.severity == .error }.count }
        public var warningCount: Int { findings.filter { $0.severity == .warning }.count }
    }

    /// Makes variant data producible: while rendering reports a value as missing, the value
    /// is borrowed from the first example that has it. Returns nil when the data stays
    /// invalid for the schema or cannot be completed.
    static func repair(_ data: DataValue, set: TemplateSet, donors: [DataValue], date: String) -> DataValue? {
        var data = data
        for _ in 0..<24 {
            let loaded = LoadedData(file: "variant", root: data, sourceMap: SourceMap())
            let problems = SchemaValidator.validate(loaded, against: set.schema).filter { $0.severity == .error }
            if !problems.isEmpty {
                // What the schema requires alongside a value (gross prices for consumers, a
                // date for a maintenance contract) is borrowed too; what it forbids goes.
                var changed = false
                for problem in problems {
                    guard let field = problem.fieldPath, !field.contains("[") else { continue }
                    let path = field.split(separator: ".").map(String.init)
                    switch problem.code {
                    case .missingField:
                        if let donor = donors.first(where: { Variants.value(at: path[...], in: $0) != .null }) {
                            data = Variants.set(Variants.value(at: path[...], in: donor), at: path[...], in: data)
                            changed = true
                        }
                    case .unknownField:
                        data = Variants.set(.null, at: path[...], in: data)
                        changed = true
                    default:
                        break
                    }
                }
                if !changed { return nil }
                continue
            }
            var missing: [String]?
            search: for language in set.languages {
                for kind in set.kinds {
                    do throws(DiagnosticsError) {
                        _ = try set.render(kind, language: language, data: data, date: date, documentID: "check")
                    } catch {
                        guard let path = error.diagnostics.first(where: { $0.code == .missingValue })?.fieldPath,
                              !path.contains("[") else { return data }
                        missing = path.split(separator: ".").map(String.init)
                        break search
                    }
                }
            }
            guard let path = missing else { return data }
            guard let donor = donors.first(where: { Variants.value(at: path[...], in: $0) != .null }) else { return nil }
            data = Variants.set(Variants.value(at: path[...], in: donor), at: path[...], in: data)
        }
        return nil
    }

    /// Checks the template set in `directory`.
    ///
    /// With `examplesOnly`, only the example profiles are rendered and checked: no variants,
    /// and so no report of unreachable branches. For tests that check many mutated copies
    /// of a set; CI runs the whole check.
    public static func check(directory: String, date: String = "2026-01-01", examplesOnly: Bool = false) -> Report {
        var report = Report(findings: [], examples: [], fields: [], variantsChecked: 0, variantsSkipped: 0,
                            combinations: 0, pairwise: false, documentsChecked: 0, languages: [])
        func fail(_ diagnostics: [Diagnostic]) -> Report {
            report.findings += diagnostics.map {
                Finding(kind: .invalidTemplates, severity: $0.severity, id: $0.code.rawValue, message: $0.message,
                        location: $0.location)
            }
            return report
        }
        let set: TemplateSet
        let catalog: RequirementCatalog
        do throws(DiagnosticsError) {
            set = try TemplateSet.load(directory: directory)
            catalog = try RequirementCatalog.load(for: set)
        } catch {
            return fail(error.diagnostics)
        }
        report.languages = set.languages

        // Example profiles.
        let examplesDirectory = (directory as NSString).appendingPathComponent("examples")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: examplesDirectory)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }.sorted()
        var examples: [(name: String, data: DataValue)] = []
        for name in names {
            let path = TemplateCompiler.normalize((examplesDirectory as NSString).appendingPathComponent(name))
            do throws(DiagnosticsError) {
                examples.append((name, try CustomerData.load(path: path, schema: set.schema).value))
            } catch {
                return fail(error.diagnostics)
            }
        }
        report.examples = examples.map(\.name)

        var coverage: Set<SourceLocation>? = []
        var seen = Set<Finding>()
        var checked = Set<Document>()
        func run(_ data: DataValue, label: String, variantMode: Bool) -> Bool {
            var documents: [(Document, [Finding])] = []
            for language in set.languages {
                for kind in set.kinds {
                    do throws(DiagnosticsError) {
                        let document = try set.render(kind, language: language, data: data, date: date,
                                                      documentID: "check", coverage: &coverage)
                        documents.append((document, []))
                    } catch {
                        // A variant the data cannot fill (a value it needs is absent) is
                        // not producible; anything else is a template defect.
                        let real = error.diagnostics.filter { !variantMode || $0.code != .missingValue }
                        if variantMode && real.isEmpty { return false }
                        for d in real {
                            add(Finding(kind: .renderFailed, severity: .error, id: d.code.rawValue, message: d.message,
                                        document: kind, language: language, location: d.location, variant: label))
                        }
                    }
                }
            }
            for (document, _) in documents where checked.insert(document).inserted {
                report.documentsChecked += 1
                for f in DocumentChecker.check(document, catalog: catalog, templates: set, data: data) {
                    var f = f
                    f.variant = label
                    if f.location == nil, let file = set.template(document.kind, document.language)?.file {
                        f.location = SourceLocation(file: file, line: 1, column: 1)
                    }
                    add(f)
                }
            }
            for f in DataChecks.transfers(data, catalog: catalog) {
                var f = f
                f.variant = label
                add(f)
            }
            return true
        }
        /// Keeps the first variant that produced each finding (by everything but the variant).
        func add(_ finding: Finding) {
            var key = finding
            key.variant = nil
            if seen.insert(key).inserted { report.findings.append(finding) }
        }

        for example in examples { _ = run(example.data, label: "example \(example.name)", variantMode: false) }
        if examplesOnly { return report }

        // Variants over the fields the templates and the catalog branch on.
        var paths = Set<[String]>()
        for kind in set.kinds {
            for language in set.languages { paths.formUnion(set.template(kind, language)?.conditionPaths ?? []) }
        }
        for requirement in catalog.requirements { requirement.condition?.collectDataPaths(into: &paths) }
        let fields = Variants.fields(paths: paths, schema: set.schema)
        let (variants, total, pairwise) = Variants.combinations(fields, bound: combinationBound)
        report.fields = fields
        report.combinations = total
        report.pairwise = pairwise
        for variant in variants {
            var done = false
            for example in examples {
                let synthesized = Variants.synthesize(variant, fields: fields, base: example.data, donors: examples.map(\.data))
                guard let data = repair(synthesized, set: set, donors: examples.map(\.data), date: date) else { continue }
                if run(data, label: "variant \(variant.describe(fields)) (from \(example.name))", variantMode: true) {
                    done = true
                    break
                }
            }
            if done { report.variantsChecked += 1 } else { report.variantsSkipped += 1 }
        }

        // Branches nothing reached.
        var all: [SourceLocation] = []
        for kind in set.kinds {
            for language in set.languages { all += set.template(kind, language)?.branchLocations ?? [] }
        }
        for location in Set(all).sorted() where !(coverage ?? []).contains(location) {
            add(Finding(kind: .unreachableBranch, severity: .warning, id: "unreachable-branch",
                        message: "no example or variant renders this branch", location: location))
        }
        return report
    }
}
