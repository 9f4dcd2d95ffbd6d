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
        let diagnostics = SchemaValidator.validate(data, against: schema)
        if diagnostics.containsErrors { throw DiagnosticsError(diagnostics) }
        return CustomerData(file: data.file, value: data.root, sourceMap: data.sourceMap)
    }
}
