import Foundation

/// Loads customer data from YAML or JSON into a ``DataValue`` with a ``SourceMap``.
///
/// Scalars resolve by the YAML 1.2 core schema (`NO` and `yes` stay strings, see
/// ``ScalarResolver``). Errors carry file, line and column: a syntax error is `AVV200`, a
/// duplicate key `AVV211` at the second key, a top level that is not a mapping `AVV201`,
/// invalid UTF-8 `AVV002`, a broken limit `AVV003`. A UTF-8 byte order mark is skipped;
/// CRLF line ends are fine.
public enum DataLoader {
    /// Largest data file read, in bytes (1 MiB).
    public static let maxFileSize = 1 << 20
    /// Deepest nesting of lists and mappings, the top-level mapping counting as 1.
    public static let maxNestingDepth = 64
    /// Most items in one list.
    public static let maxArrayLength = 10_000
    /// Most values that YAML aliases may add to a document when expanded (alias bombs).
    public static let maxAliasExpansion = 100_000

    /// Loads a file; its format follows the extension (`.yaml`, `.yml`, `.json`).
    ///
    /// - Parameter displayPath: the name used in diagnostics and locations; `path` if nil.
    public static func load(path: String, displayPath: String? = nil) throws(DiagnosticsError) -> LoadedData {
        let name = displayPath ?? path
        guard let format = DataFormat(path: path) else {
            throw DiagnosticsError([Diagnostic(
                .error, .fileNotReadable,
                "cannot read '\(name)': expected a .yaml, .yml or .json file")])
        }
        let bytes = try readFile(path, name: name)
        return try load(data: bytes, file: name, format: format)
    }

    /// Loads data from bytes that should be UTF-8 text.
    public static func load(data: Data, file: String, format: DataFormat) throws(DiagnosticsError) -> LoadedData {
        var bytes = [UInt8](data)
        try checkSize(bytes.count, file: file)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // The standard library validates in bulk; only a file that fails is walked scalar by
        // scalar to find the bad byte.
        if let text = String(validating: bytes, as: UTF8.self) {
            return try load(text: text, file: file, format: format)
        }
        if let invalid = firstInvalidUTF8(bytes) {
            let prefix = String(decoding: bytes[..<invalid], as: UTF8.self)
            let location = SourceText(prefix, file: file).location(at: prefix.unicodeScalars.count)
            let byte = String(bytes[invalid], radix: 16, uppercase: true)
            // Read with the bad bytes replaced, the text still tells which field they are in.
            let path = YAMLComposer.fieldPath(at: prefix.unicodeScalars.count, in: String(decoding: bytes, as: UTF8.self))
            throw DiagnosticsError([Diagnostic(
                .error, .invalidEncoding,
                (path.map { "\(YAMLComposer.shortened($0)): " } ?? "")
                    + "invalid UTF-8 (byte 0x\(byte.count == 1 ? "0" + byte : byte)); save the file as UTF-8",
                at: location, fieldPath: path)])
        }
        return try load(text: String(decoding: bytes, as: UTF8.self), file: file, format: format)
    }

    /// Loads data from text; `file` names it in locations.
    public static func load(text: String, file: String, format: DataFormat) throws(DiagnosticsError) -> LoadedData {
        try checkSize(text.utf8.count, file: file)
        var text = text
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        let (root, sourceMap) = try YAMLComposer.compose(text, file: file, format: format)
        return LoadedData(file: file, root: root, sourceMap: sourceMap)
    }

    // MARK: Helpers

    static func readFile(_ path: String, name: String) throws(DiagnosticsError) -> Data {
        func failure(_ reason: String, _ code: DiagnosticCode = .fileNotReadable) -> DiagnosticsError {
            DiagnosticsError([Diagnostic(.error, code, "cannot read '\(name)': \(reason)")])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw failure("no such file")
        }
        if isDirectory.boolValue { throw failure("it is a directory") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int {
            try checkSize(size, file: name)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw failure("permission denied") }
        defer { try? handle.close() }
        do {
            // Read one byte past the limit so that a file that grew meanwhile is still refused.
            let data = try handle.read(upToCount: maxFileSize + 1) ?? Data()
            try checkSize(data.count, file: name)
            return data
        } catch let error as DiagnosticsError {
            throw error
        } catch {
            throw failure(error.localizedDescription)
        }
    }

    static func checkSize(_ size: Int, file: String) throws(DiagnosticsError) {
        guard size > maxFileSize else { return }
        throw DiagnosticsError([Diagnostic(
            .error, .inputTooLarge,
            "'\(file)' is larger than \(maxFileSize / 1024) KiB (\(size) bytes)")])
    }

    /// The offset of the first byte that does not belong to valid UTF-8, if any.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
