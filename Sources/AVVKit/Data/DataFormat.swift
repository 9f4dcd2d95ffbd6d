/// The syntax of a data file.
///
/// JSON is read by the same YAML parser (JSON is nearly a subset of YAML 1.2), so it keeps
/// line and column marks, but is held to JSON's rules: keys and strings in double quotes,
/// plain values only `true`, `false`, `null` and numbers, no anchors, tags or block style.
public enum DataFormat: String, Sendable, Hashable {
    case yaml, json

    /// The format for a file name by its extension (`.yaml`, `.yml`, `.json`), if any.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "yaml", "yml": self = .yaml
        case "json": self = .json
        default: return nil
        }
    }
}
