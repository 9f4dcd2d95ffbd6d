import AVVKit
import Foundation

/// What the server loads once at start: the template set with its schema and requirement
/// catalog, the provider's own profile if one is given, and where (if anywhere) results are
/// saved. Immutable and shared by every request.
public struct ServerSetup: Sendable {
    public var templates: TemplateSet
    public var catalog: RequirementCatalog?
    /// Which clause wordings a lawyer approved: documents with an unapproved clause are
    /// refused, as by `avv generate`. Nil (tests only) skips the approval check.
    public var approval: ApprovalState?
    /// The provider's top-level parts (`processor`), from `--provider`: filled into every
    /// submission and shown read-only in the form. Empty: the form asks for them.
    public var provider: [String: DataValue]
    /// Where generated files are also written (`--out`); nil writes nothing on the server.
    public var outputDirectory: String?

    public init(templates: TemplateSet, catalog: RequirementCatalog?, approval: ApprovalState? = nil,
                provider: [String: DataValue] = [:], outputDirectory: String? = nil) {
        self.templates = templates
        self.catalog = catalog
        self.approval = approval
        self.provider = provider
        self.outputDirectory = outputDirectory
    }

    /// Loads the template set and catalog, and the provider file if given: a data file whose
    /// customer part, if any, is ignored and whose provider part must be valid.
    public static func load(templates directory: String, provider providerFile: String? = nil,
                            outputDirectory: String? = nil) throws(DiagnosticsError) -> ServerSetup {
        let (set, catalog, approval) = try LoadedSet.load(directory: directory).parts
        var provider: [String: DataValue] = [:]
        if let providerFile {
            let customerKey = set.output.customerPath.first ?? ""
            let loaded = try CustomerData.loadProviderPart(path: providerFile, customerRoot: customerKey, schema: set.schema)
            if case .object(let members) = loaded.value {
                for (key, value) in members where key != customerKey && !key.hasPrefix("$") { provider[key] = value }
            }
            if provider.isEmpty {
                throw DiagnosticsError([Diagnostic(
                    .error, .missingField,
                    "'\(providerFile)' has no provider part; expected a data file with "
                        + FormSchema.fieldNames(of: set.schema.root).filter { $0 != customerKey }.map { "'\($0)'" }
                        .joined(separator: ", "))])
            }
        }
        return ServerSetup(templates: set, catalog: catalog, approval: approval, provider: provider,
                           outputDirectory: outputDirectory)
    }

    /// The top-level property holding the customer (`controller`), from `templates.json`.
    var customerKey: String { templates.output.customerPath.first ?? "" }
}
