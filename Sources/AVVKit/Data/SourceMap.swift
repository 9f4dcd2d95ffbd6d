/// Where each value of a data file was written, by field path.
///
/// Field paths name keys with dots and list items with a 0-based index in brackets:
/// `controller.address.city`, `subprocessors[1].name`; the top-level object is `""`.
/// Values reached through a YAML alias point at the anchored original.
public struct SourceMap: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        var value: SourceLocation
        /// Characters of the value on its first line (1 for a collection).
        var valueLength: Int
        var key: SourceLocation?
        var keyLength = 1
        /// The text of a plain (unquoted) scalar as written, e.g. `01069` for the integer 1069.
        var plainText: String?
        /// The keys of an object in the order they were written.
        var keys: [String]?
    }

    var entries: [String: Entry] = [:]

    public init() {}

    /// The position of the value at `path`.
    public func location(of path: String) -> SourceLocation? { entries[path]?.value }

    /// The position of the key that names the value at `path`; nil for list items and the top.
    public func keyLocation(of path: String) -> SourceLocation? { entries[path]?.key }

    /// Whether the file has a value at `path`.
    public func contains(_ path: String) -> Bool { entries[path] != nil }

    func entry(_ path: String) -> Entry? { entries[path] }
}

/// Builds and splits field paths (`a.b[2].c`).
enum FieldPath {
    enum Step: Hashable { case key(String), index(Int) }

    static func join(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : parent + "." + key
    }

    static func join(_ parent: String, index: Int) -> String { "\(parent)[\(index)]" }

    /// The steps of a path; keys may not contain "." or "[".
    static func steps(_ path: String) -> [Step] {
        var steps: [Step] = []
        var current = ""
        var index = path.startIndex
        func flush() {
            if !current.isEmpty { steps.append(.key(current)) }
            current = ""
        }
        while index < path.endIndex {
            let c = path[index]
            if c == "." {
                flush()
            } else if c == "[", let close = path[index...].firstIndex(of: "]"),
                      let number = Int(path[path.index(after: index)..<close]) {
                flush()
                steps.append(.index(number))
                index = close
            } else {
                current.append(c)
            }
            index = path.index(after: index)
        }
        flush()
        return steps
    }
}
