/// Customer data that has been loaded and validated against the schema: safe to render.
public struct CustomerData: Sendable {
    public var file: String
    public var value: DataValue
    public var sourceMap: SourceMap

    public init(file: String, value: DataValue, sourceMap: SourceMap) {
        self.file = file
        self.value = value
        self.sourceMap = sourceMap
    }

    /// Loads a YAML or JSON file and validates it; throws every problem found, in file order.
    public static func load(path: String, displayPath: String? = nil, schema: JSONSchema)
        throws(DiagnosticsError) -> CustomerData
    {
        try validated(DataLoader.load(path: path, displayPath: displayPath), schema: schema)
    }

    /// Validates data that is already loaded (from a file, or text from a form).
    public static func validated(_ data: LoadedData, schema: JSONSchema) throws(DiagnosticsError) -> CustomerData {
        try validated(data, schema: schema, skipping: [])
    }

    /// ``validated(_:schema:)`` with top-level fields already known to pass their part of
    /// the schema (``SchemaValidator/validate(_:against:skipping:)``).
    static func validated(_ data: LoadedData, schema: JSONSchema, skipping passed: Set<String>) throws(DiagnosticsError) -> CustomerData {
        let diagnostics = SchemaValidator.validate(data, against: schema, skipping: passed)
        if diagnostics.containsErrors { throw DiagnosticsError(diagnostics) }
        return CustomerData(file: data.file, value: data.root, sourceMap: data.sourceMap)
    }

    /// Loads only the provider's part of a data file, for a blank form: whatever stands
    /// under `customerRoot` is dropped, and what the schema says about it is not checked.
    public static func loadProviderPart(path: String, customerRoot: String, schema: JSONSchema)
        throws(DiagnosticsError) -> CustomerData
    {
        let loaded = try DataLoader.load(path: path)
        var root = loaded.root
        if case .object(var members) = root {
            members[customerRoot] = nil
            root = .object(members)
        }
        let stripped = LoadedData(file: loaded.file, root: root, sourceMap: loaded.sourceMap)
        let diagnostics = SchemaValidator.validate(stripped, against: schema).filter { diagnostic in
            guard let field = diagnostic.fieldPath else { return true }
            return !(field == customerRoot || field.hasPrefix(customerRoot + ".") || field.hasPrefix(customerRoot + "["))
        }
        if diagnostics.containsErrors { throw DiagnosticsError(diagnostics) }
        return CustomerData(file: loaded.file, value: root, sourceMap: loaded.sourceMap)
    }
}
