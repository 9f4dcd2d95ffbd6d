import Foundation

/// One file to write: a path relative to the output directory and its bytes.
public struct OutputFile: Sendable, Hashable {
    /// Relative, `/`-separated, without `.` or `..` components, e.g. `muster-gmbh/w-2026-0042/av-vertrag.de.html`.
    public var relativePath: String
    public var contents: Foundation.Data

    public init(relativePath: String, contents: Foundation.Data) {
        self.relativePath = relativePath
        self.contents = contents
    }

    /// A text file, UTF-8 encoded.
    public init(relativePath: String, text: String) {
        self.init(relativePath: relativePath, contents: Foundation.Data(text.utf8))
    }
}
