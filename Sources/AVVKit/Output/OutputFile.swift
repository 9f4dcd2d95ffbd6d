import Foundation

/// One file to write: a path relative to the output directory and its bytes.
public struct OutputFile: Sendable, Hashable {
    /// Relative, `/`-separated, without `.` or `..` components, e.g. `muster-gmbh/w-2026-0042/av-vertrag.de.html`.
    public var relativePath: String
    /// The bytes as the writers made them: the generator hands them over without copying
    /// them into a `Data` (four copies of up to 60 KB per customer of a batch).
    var bytes: [UInt8]

    /// The bytes as `Data` (a copy).
    public var contents: Foundation.Data {
        get { Foundation.Data(bytes) }
        set { bytes = [UInt8](newValue) }
    }

    public init(relativePath: String, contents: Foundation.Data) {
        self.relativePath = relativePath
        bytes = [UInt8](contents)
    }

    init(relativePath: String, bytes: [UInt8]) {
        self.relativePath = relativePath
        self.bytes = bytes
    }

    /// A text file, UTF-8 encoded.
    public init(relativePath: String, text: String) {
        self.init(relativePath: relativePath, contents: Foundation.Data(text.utf8))
    }
}
