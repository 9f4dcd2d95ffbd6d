/// A data file as loaded: its value and where each value stands in the file.
public struct LoadedData: Sendable {
    /// The file as the user named it; the `file` of every location in ``sourceMap``.
    public var file: String
    /// Always an object: ``DataLoader`` refuses any other top level.
    public var root: DataValue
    public var sourceMap: SourceMap

    public init(file: String, root: DataValue, sourceMap: SourceMap) {
        self.file = file
        self.root = root
        self.sourceMap = sourceMap
    }

    /// The value at a field path such as `subprocessors[1].name`, if present.
    public func value(at path: String) -> DataValue? {
        guard sourceMap.contains(path) || path.isEmpty else { return nil }
        var value = root
        for step in FieldPath.steps(path) {
            switch (step, value) {
            case (.key(let key), .object(let members)):
                guard let next = members.member(key) else { return nil }
                value = next
            case (.index(let index), .array(let items)):
                guard items.indices.contains(index) else { return nil }
                value = items[index]
            default:
                return nil
            }
        }
        return value
    }
}
