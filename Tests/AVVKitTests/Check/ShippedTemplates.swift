import Foundation
@testable import AVVKit

/// The shipped template set (`Templates/` at the repository root), copied into a temporary
/// directory so that tests can load or mutate it.
enum ShippedTemplates {
    static var repositoryRoot: String { Fixtures.repositoryRoot }

    static var directory: String { repositoryRoot + "/Templates" }

    /// The shared seed documents: `shared/seeds/` beside the repository, as in CI.
    static func seed(_ name: String) -> String {
        (repositoryRoot as NSString).deletingLastPathComponent + "/shared/seeds/" + name
    }

    /// Copies `Templates/` to `<dir>/Templates` and returns that path.
    static func copy(into dir: TemporaryDirectory) throws -> String {
        let target = dir.path + "/Templates"
        try FileManager.default.copyItem(atPath: directory, toPath: target)
        return target
    }

    struct LoadFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The catalog of the shipped set, loaded once for the tests that only read it.
    private static let shared: Result<RequirementCatalog, LoadFailure> =
        Result { try loadCatalog() }.mapError { LoadFailure(description: String(describing: $0)) }

    static func catalog() throws -> RequirementCatalog { try shared.get() }

    /// The example profiles of the shipped set (`Templates/examples/*.yaml`), by file name,
    /// loaded against `set`'s schema.
    static func examples(for set: TemplateSet) throws -> [(name: String, data: DataValue)] {
        let folder = directory + "/examples"
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted().map {
            ($0, try CustomerData.load(path: folder + "/" + $0, schema: set.schema).value)
        }
    }

    /// Data for every variant the template check renders: the first example with the
    /// conditions' and the catalog's fields set as each variant says, repaired from the other
    /// examples where needed; variants that cannot be made are left out. Each with how the
    /// variant reads.
    static func variants(
        of set: TemplateSet, catalog: RequirementCatalog, examples: [(name: String, data: DataValue)], date: String
    ) -> [(name: String, data: DataValue)] {
        var paths = Set<[String]>()
        for kind in set.kinds {
            for language in set.languages { paths.formUnion(set.template(kind, language)?.conditionPaths ?? []) }
        }
        for requirement in catalog.requirements { requirement.condition?.collectDataPaths(into: &paths) }
        let fields = Variants.fields(paths: paths, schema: set.schema)
        let donors = examples.map(\.data)
        return Variants.combinations(fields, bound: TemplateSetChecker.combinationBound).variants.compactMap { variant in
            let synthesized = Variants.synthesize(variant, fields: fields, base: examples[0].data, donors: donors)
            return TemplateSetChecker.repair(synthesized, set: set, donors: donors, date: date)
                .map { (variant.describe(fields), $0) }
        }
    }

    /// The catalog of a fresh copy of the shipped set.
    static func loadCatalog() throws -> RequirementCatalog {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let set = try TemplateSet.load(directory: try copy(into: dir))
        return try RequirementCatalog.load(for: set)
    }
}
