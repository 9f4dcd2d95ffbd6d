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

    /// The catalog of a fresh copy of the shipped set.
    static func loadCatalog() throws -> RequirementCatalog {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let set = try TemplateSet.load(directory: try copy(into: dir))
        return try RequirementCatalog.load(for: set)
    }
}
