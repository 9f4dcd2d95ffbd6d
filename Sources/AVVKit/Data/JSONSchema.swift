import Foundation

/// A JSON Schema (a 2020-12 subset) for customer data, loaded once and queried by the
/// template engine's static analysis and by ``SchemaValidator``.
///
/// Supported: `type`, `properties`, `required`, `additionalProperties`, `enum`, `const`,
/// `pattern`, `format` (`date` and `email` are checked), `minLength`, `maxLength`, `minimum`,
/// `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `items`, `minItems`, `maxItems`,
/// `uniqueItems`, `contains`, the applicators `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`,
/// `$ref` to `#/$defs/NAME` (or `#/definitions/NAME`, or `#`), `$defs`, `title`, `description`,
/// `default`. Validation keywords avv does not implement (`patternProperties`,
/// `unevaluatedProperties`, `dependentRequired` …) are refused rather than ignored, so that a
/// schema never checks less than it says; other unknown keywords are ignored. Every `$ref` is
/// resolved at load time.
public struct JSONSchema: Sendable {
    let store: SchemaStore

    /// The file the schema was loaded from, as named in diagnostics.
    public var file: String { store.file }

    /// The schema's top-level node (the customer data file).
    public var root: SchemaNode { SchemaNode(store: store, index: store.root) }

    /// Loads a schema file (JSON, or YAML by its extension); errors are `AVV210` with a position.
    public static func load(path: String, displayPath: String? = nil) throws(DiagnosticsError) -> JSONSchema {
        let loaded: LoadedData
        do {
            loaded = try DataLoader.load(path: path, displayPath: displayPath)
        } catch {
            throw schemaError(error)
        }
        return try SchemaParser.parse(loaded)
    }

    /// Parses schema text in JSON; `file` names it in locations.
    public static func parse(text: String, file: String) throws(DiagnosticsError) -> JSONSchema {
        let loaded: LoadedData
        do {
            loaded = try DataLoader.load(text: text, file: file, format: .json)
        } catch {
            throw schemaError(error)
        }
        return try SchemaParser.parse(loaded)
    }

    /// A schema file that does not parse is an invalid schema (`AVV210`); I/O problems keep their codes.
    private static func schemaError(_ error: DiagnosticsError) -> DiagnosticsError {
        DiagnosticsError(error.diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            switch diagnostic.code {
            case .dataSyntax, .duplicateKey, .wrongType: diagnostic.code = .schemaInvalid
            default: break
            }
            return diagnostic
        })
    }
}

/// The nodes of one schema, flat, children referred to by index. Immutable once built.
final class SchemaStore: Sendable {
    let file: String
    let nodes: [SchemaRules]
    let root: Int
    /// What validation reads of each node, by the same index (see ``SchemaCheck``).
    let checks: [SchemaCheck]
    /// The subschema lists of the checks' `allOf`, `anyOf` and `oneOf`, one after another.
    let children: [Int]

    init(file: String, nodes: [SchemaRules], root: Int) {
        self.file = file
        self.nodes = nodes
        self.root = root
        var children: [Int] = []
        checks = nodes.map { SchemaCheck($0, children: &children) }
        self.children = children
    }
}

/// What one schema node says, with `$ref` already replaced by its target's rules.
struct SchemaRules: Sendable {
    enum Additional: Sendable { case allowed, forbidden, schema(Int) }

    /// A compiled `pattern`; `NSRegularExpression` is immutable and safe to share.
    struct Pattern: @unchecked Sendable {
        var source: String
        var regex: NSRegularExpression

        func matches(_ string: String) -> Bool {
            regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil
        }
    }

    var location: SourceLocation
    /// The boolean schema `false`: no value is valid.
    var rejectsAll = false
    var types: [String] = []
    var title: String?
    var description: String?
    var enumValues: [DataValue]?
    var isConst = false
    var format: String?
    var propertyNames: [String] = []
    var properties: [String: Int] = [:]
    var required: [String] = []
    var additional = Additional.allowed
    var pattern: Pattern?
    var minLength: Int?
    var maxLength: Int?
    var minimum: DataValue?
    var maximum: DataValue?
    var exclusiveMinimum: DataValue?
    var exclusiveMaximum: DataValue?
    var items: Int?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false
    var contains: Int?
    /// The subschemas of `allOf`, `anyOf` and `oneOf`; nil where the keyword is absent.
    var allOf: [Int]?
    var anyOf: [Int]?
    var oneOf: [Int]?
    var not: Int?
    /// `if`, `then` and `else`.
    var condition: Int?
    var then: Int?
    var otherwise: Int?
    var defaultValue: DataValue?
    /// String-valued `x-` annotations such as `x-title-en`: ignored by validation, kept for
    /// tools that present the schema (the web form's English labels).
    var annotations: [String: String] = [:]
    /// The validation keywords the node (or its `$ref` target) uses, e.g. `["type", "enum"]`;
    /// annotations such as `title` are not among them.
    var keywords: Set<String> = []
    /// `$ref` as written, until it is resolved.
    var ref: String?
    /// Where the `$ref` was written; `location` is the target's once it is resolved.
    var refLocation: SourceLocation?

    /// The subschemas that apply to the same value as this node (not to a child value).
    var inPlace: [Int] {
        (allOf ?? []) + (anyOf ?? []) + (oneOf ?? []) + [not, condition, then, otherwise].compactMap { $0 }
    }
}
