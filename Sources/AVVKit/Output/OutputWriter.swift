import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes generated files into an output directory, each atomically, all or nothing where the
/// file system allows it.
///
/// Three phases, so that a bad path or a full disk leaves the previous files as they were:
/// 1. every path is checked before anything is touched: relative, `/`-separated, no `.` or
///    `..` components, no backslash, no duplicates, and no existing symbolic link that leads
///    outside the directory; and every existing file is compared with its new bytes: an
///    identical one is left alone (writing it again is no change), a different one is an
///    ``DiagnosticCode/outputConflict`` (AVV401) unless `replacing` is true;
/// 2. each file's bytes go to a temporary file beside its target and are flushed to disk
///    (`fsync`); on any failure the temporary files and the folders created are removed again;
/// 3. each temporary file is renamed over its target (atomic on POSIX file systems), then
///    the folders are flushed.
///
/// A run killed at any moment therefore leaves each file either as it was or complete and
/// new.
///
/// When all files go into one folder that does not exist yet (a new customer or contract), the
/// folder is written whole instead: its files go straight into a hidden temporary folder beside
/// it, which is then renamed to the folder's name. That is one rename instead of one per file,
/// half of what a batch spends in the file system, with the same guarantee: a killed run
/// leaves no folder at all, or the complete one.
///
/// A batch writes many customers' files with ``Durability/deferred``: phases 1 to 3 as
/// above (all or nothing per customer, a failure rolls back), but without flushing each file
/// and folder; the batch flushes the whole file system once at the end
/// (``flushFileSystem(containing:)``). A batch killed before that may leave recently written
/// files empty or missing after a power failure, never a file half old and half new.
///
/// Temporary files and folders are hidden and named `.<name>.avv-<pid>-<random>.tmp`; one left
/// by a killed run is removed by the next run that writes into its folder.
///
/// Errors are ``Diagnostic``s with code ``DiagnosticCode/outputFailed`` (AVV400) that name the
/// path and the operating system's reason.
public enum OutputWriter {
    /// When written files reach the disk.
    public enum Durability: Sendable {
        /// Each file and each folder is flushed (`fsync`) before ``write(_:into:replacing:durability:)``
        /// returns: one `avv generate`.
        case immediate
        /// Nothing is flushed; the caller calls ``flushFileSystem(containing:)`` once after many
        /// writes: a batch.
        case deferred
    }

    /// Writes `files` below `directory`, creating folders as needed.
    ///
    /// - Parameter replacing: whether an existing file with different content may be
    ///   replaced (`avv generate --force`); without it such a file is an error and nothing is
    ///   written at all.
    /// - Parameter durability: whether to flush each file and folder (the default) or leave
    ///   that to one ``flushFileSystem(containing:)`` later.
    public static func write(
        _ files: [OutputFile], into directory: String, replacing: Bool = false, durability: Durability = .immediate
    ) throws(DiagnosticsError) {
        let flushing = durability == .immediate
        let root = directory.isEmpty ? "." : directory
        var problems = checkPaths(files, root: root)
        // What the check found on disk: only existing targets are compared, and folders found
        // missing are made without looking again.
        var survey = Survey()
        if problems.isEmpty { (problems, survey) = checkFileSystem(files, root: root) }
        var unchanged = Set<String>()
        if problems.isEmpty {
            (problems, unchanged) = compareWithExisting(files, root: root, replacing: replacing, existing: survey.existing)
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        if let folder = newSharedFolder(files, root: root, survey: survey) {
            return try writeWhole(files, folder: folder, root: root, survey: survey, flushing: flushing)
        }

        var created: [String] = []
        var temporaries: [(temporary: String, target: String)] = []
        func rollBack() {
            for entry in temporaries { unlink(entry.temporary) }
            for folder in created.reversed() { rmdir(folder) }
        }
        var cleaned = Set<String>()
        // Folders known to exist by now: the files of one customer share theirs.
        var present = Set<String>()
        do {
            try createFolder(root, created: &created, missing: survey.missing)
            for file in files {
                let components = pathComponents(file.relativePath)
                var folder = root
                for component in components.dropLast() {
                    folder = join(folder, component)
                    if present.insert(folder).inserted { try createFolder(folder, created: &created, missing: survey.missing) }
                }
                // A folder made just now holds no temporaries of a killed run.
                if cleaned.insert(folder).inserted, !created.contains(folder) { removeStaleTemporaries(in: folder) }
                if unchanged.contains(file.relativePath) { continue }
                let target = join(folder, components[components.count - 1])
                let temporary = try writeTemporary(file.bytes, besides: target, in: folder, flushing: flushing)
                temporaries.append((temporary, target))
            }
        } catch {
            rollBack()
            throw error
        }

        var failures: [Diagnostic] = []
        var folders: [String] = []
        for (index, entry) in temporaries.enumerated() {
            if rename(entry.temporary, entry.target) != 0 {
                failures.append(failure("cannot replace '\(entry.target)'", errno))
                for rest in temporaries[index...] { unlink(rest.temporary) }
                break
            }
            let folder = parent(of: entry.target)
            if !folders.contains(folder) { folders.append(folder) }
        }
        // Make the renames themselves durable; a folder that cannot be flushed is no error.
        if flushing {
            for folder in folders { syncFolder(folder) }
        }
        if !failures.isEmpty { throw DiagnosticsError(failures) }
    }

    /// The folder (relative to the root) that holds every one of `files` when it does not
    /// exist yet, or `nil` when the files are spread over several folders, lie in the root
    /// itself, or go into a folder that exists.
    static func newSharedFolder(_ files: [OutputFile], root: String, survey: Survey) -> String? {
        guard let first = files.first else { return nil }
        let folder = parent(of: first.relativePath)
        guard folder != ".", files.allSatisfy({ parent(of: $0.relativePath) == folder }) else { return nil }
        if !survey.rootExists { return folder }
        var current = root
        for component in pathComponents(folder) {
            current = join(current, component)
            if survey.missing.contains(current) { return folder }
        }
        return nil
    }

    /// Writes `files`, all in the new `folder`, into a hidden temporary folder beside it and
    /// renames that to `folder`; on any failure removes what it made.
    private static func writeWhole(
        _ files: [OutputFile], folder relativeFolder: String, root: String, survey: Survey, flushing: Bool
    ) throws(DiagnosticsError) {
        let folder = join(root, relativeFolder)
        let parentFolder = parent(of: folder)
        var created: [String] = []
        var staging: String?
        var written: [String] = []
        func rollBack() {
            for path in written { unlink(path) }
            if let staging { rmdir(staging) }
            for made in created.reversed() { rmdir(made) }
        }
        do throws(DiagnosticsError) {
            try createFolder(root, created: &created, missing: survey.missing)
            var current = root
            for component in pathComponents(relativeFolder).dropLast() {
                current = join(current, component)
                try createFolder(current, created: &created, missing: survey.missing)
            }
            if survey.rootExists, !created.contains(parentFolder) { removeStaleTemporaries(in: parentFolder) }
            let stage = try makeStagingFolder(besides: folder, in: parentFolder)
            staging = stage
            for file in files {
                let name = lastComponent(of: file.relativePath) ?? "output"
                let path = join(stage, name)
                let code = writeNewFile(file.bytes, at: path, flushing: flushing)
                if code != 0 {
                    throw DiagnosticsError([failure("cannot write '\(join(folder, name))'", code, nothingChanged: true)])
                }
                written.append(path)
            }
            if flushing { syncFolder(stage) }
            if rename(stage, folder) != 0 {
                throw DiagnosticsError([failure("cannot create folder '\(folder)'", errno, nothingChanged: true)])
            }
        } catch {
            rollBack()
            throw error
        }
        if flushing { syncFolder(parentFolder) }
    }

    /// Makes a new hidden folder named after `target` in `folder`; returns its path.
    private static func makeStagingFolder(besides target: String, in folder: String) throws(DiagnosticsError) -> String {
        let made = createHidden(besides: target, in: folder) { mkdir($0, 0o777) == 0 ? 0 : errno }
        guard let path = made.path else {
            throw DiagnosticsError([failure("cannot create folder '\(target)'", made.code, nothingChanged: true)])
        }
        return path
    }

    /// Creates a hidden `.<name>.avv-<pid>-<random>.tmp` beside `target` in `folder` with
    /// `create`, which returns 0 or an `errno`; a name that exists already (`EEXIST`) is
    /// tried again with another random part, up to eight times. Returns the path made, or the
    /// last `errno`.
    private static func createHidden(
        besides target: String, in folder: String, _ create: (String) -> Int32
    ) -> (path: String?, code: Int32) {
        let base = lastComponent(of: target) ?? "output"
        var generator = SystemRandomNumberGenerator()
        var code: Int32 = 0
        for _ in 0..<8 {
            let path = join(folder, ".\(base).avv-\(processID)-\(String(generator.next() as UInt64, radix: 16)).tmp")
            code = create(path)
            if code == 0 { return (path, 0) }
            if code != EEXIST { break }
        }
        return (nil, code)
    }

    // MARK: - Checks before writing

    /// Compares each existing target with its new bytes. Returns the conflicts (different
    /// content, not `replacing`) and the paths whose file already has exactly these bytes.
    /// `existing` holds the relative paths whose target ``checkFileSystem(_:root:)`` found.
    static func compareWithExisting(_ files: [OutputFile], root: String, replacing: Bool, existing: Set<String>)
        -> (problems: [Diagnostic], unchanged: Set<String>)
    {
        var problems: [Diagnostic] = []
        var unchanged = Set<String>()
        for file in files where existing.contains(file.relativePath) {
            let target = join(root, file.relativePath)
            let handle = FileHandle(forReadingAtPath: target)
            // One byte more than the new content is enough to tell a longer file apart.
            let old = (try? handle?.read(upToCount: file.bytes.count + 1)) ?? nil
            try? handle?.close()
            if let old, old.elementsEqual(file.bytes) {
                unchanged.insert(file.relativePath)
            } else if !replacing {
                problems.append(Diagnostic(
                    .error, .outputConflict,
                    "'\(target)' exists with different content; nothing was written (run with --force to replace it)"))
            }
        }
        return (problems, unchanged)
    }

    /// Lexical checks: nothing here looks at the disk.
    static func checkPaths(_ files: [OutputFile], root: String) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var seen = Set<String>()
        let all = Set(files.map(\.relativePath))
        for file in files {
            let path = file.relativePath
            func refuse(_ reason: String) {
                problems.append(
                    Diagnostic(
                        .error, .outputFailed,
                        "refusing to write '\(shown(path))': \(reason); output paths must be "
                            + "relative and stay inside '\(root)'"))
            }
            if path.isEmpty {
                refuse("the path is empty")
                continue
            }
            // Byte by byte, as the file system reads a path: `/` separates components even
            // where a combining mark after it would make one character of the two.
            let bytes = Array(path.utf8)
            if bytes[0] == 0x2F {
                refuse("the path is absolute")
                continue
            }
            if bytes.contains(0x5C) {
                refuse("the path contains a backslash")
                continue
            }
            if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
                refuse("the path contains a control character")
                continue
            }
            let components = bytes.split(separator: 0x2F, omittingEmptySubsequences: false)
            if components.contains(where: { $0.count == 2 && $0.allSatisfy { $0 == 0x2E } }) {
                refuse("the path contains '..'")
                continue
            }
            if components.contains(where: { $0.isEmpty || ($0.count == 1 && $0.first == 0x2E) }) {
                refuse("the path contains an empty or '.' component")
                continue
            }
            if !seen.insert(path).inserted {
                refuse("two output files have this path")
                continue
            }
            for component in components.dropLast() {
                let prefix = String(decoding: bytes[..<component.endIndex], as: UTF8.self)
                if all.contains(prefix) {
                    refuse("'\(prefix)' is also written as a file")
                    break
                }
            }
        }
        return problems
    }

    /// Checks against what exists: no folder that is a file, no target that is a folder, and no
    /// symbolic link that leads outside the output directory. Also returns what it found, so
    /// that nothing is looked up twice.
    static func checkFileSystem(_ files: [OutputFile], root: String) -> (problems: [Diagnostic], survey: Survey) {
        var problems: [Diagnostic] = []
        // Everything below a missing root will be created fresh.
        guard exists(root) else { return ([], Survey(rootExists: false)) }
        guard isFolder(root) else {
            return ([Diagnostic(.error, .outputFailed, "cannot write into '\(root)': it is not a folder")], Survey())
        }
        // Resolved when a folder below the root is found to exist; new customers' folders
        // need no resolving at all.
        var realRoot: String?
        var survey = Survey()
        for file in files {
            let components = pathComponents(file.relativePath)
            var current = root
            for (index, component) in components.enumerated() {
                current = join(current, component)
                let isLast = index == components.count - 1
                // The files of one customer share their folders: one that is missing is
                // looked up once.
                if survey.missing.contains(current) { break }
                guard exists(current) else {
                    if !isLast { survey.missing.insert(current) }
                    break
                }
                if isLast {
                    survey.existing.insert(file.relativePath)
                    if isFolder(current) {
                        problems.append(
                            Diagnostic(.error, .outputFailed, "cannot write '\(current)': it is a folder"))
                    }
                    break
                }
                guard let real = realPath(current) else {
                    problems.append(failure("cannot resolve '\(current)'", errno))
                    break
                }
                if realRoot == nil {
                    guard let resolved = realPath(root) else {
                        return ([failure("cannot resolve '\(root)'", errno)], Survey())
                    }
                    realRoot = resolved
                }
                guard let realRoot, real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") else {
                    problems.append(
                        Diagnostic(
                            .error, .outputFailed,
                            "refusing to write '\(join(root, file.relativePath))': '\(current)' "
                                + "leads to '\(real)', outside '\(root)'"))
                    break
                }
                guard isFolder(current) else {
                    problems.append(
                        Diagnostic(
                            .error, .outputFailed,
                            "cannot write '\(join(root, file.relativePath))': '\(current)' is a file, "
                                + "not a folder"))
                    break
                }
            }
        }
        return (problems, survey)
    }

    /// What ``checkFileSystem(_:root:)`` found below the root.
    struct Survey {
        /// Whether the output directory itself exists; when not, nothing below it does.
        var rootExists = true
        /// Folders that do not exist, each in a folder that does.
        var missing = Set<String>()
        /// The relative paths whose target exists.
        var existing = Set<String>()
    }

    // MARK: - File system operations

    /// Removes temporary files and folders that a killed run left in `folder`: those of a
    /// process that no longer runs, and any older than ten minutes (a write takes
    /// milliseconds). A temporary folder goes with the files in it; one holding anything else
    /// is left alone.
    static func removeStaleTemporaries(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let now = time(nil)
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") && name.contains(".avv-") {
            guard let marker = name.range(of: ".avv-", options: .backwards) else { continue }
            let tag = name[marker.upperBound...].dropLast(4)  // "<pid>-<random>" or "<random>"
            let path = join(folder, name)
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let kind = info.st_mode & S_IFMT
            guard kind == S_IFREG || kind == S_IFDIR else { continue }
            var stale = now - info.st_mtim.tv_sec > 600
            if !stale, let dash = tag.firstIndex(of: "-"), let pid = Int32(tag[..<dash]), pid > 0 {
                stale = kill(pid, 0) != 0 && errno == ESRCH
            }
            guard stale else { continue }
            if kind == S_IFREG {
                unlink(path)
            } else {
                guard let inner = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
                let files = inner.map { join(path, $0) }
                guard files.allSatisfy({ lstat($0, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG }) else { continue }
                for file in files { unlink(file) }
                rmdir(path)
            }
        }
    }

    /// Creates `path` and any missing parents. A folder that `checkFileSystem` found missing
    /// (its parent exists) or whose parent was made just now is made without asking first;
    /// one that appeared meanwhile is still accepted through `EEXIST`.
    private static func createFolder(
        _ path: String, created: inout [String], missing: Set<String> = []
    ) throws(DiagnosticsError) {
        let parentPath = parent(of: path)
        let parentMadeNow = created.contains(parentPath)
        let foundMissing = missing.contains(path)
        if !foundMissing, !parentMadeNow, isFolder(path) { return }
        if !foundMissing, !parentMadeNow, parentPath != path, !parentPath.isEmpty, !exists(parentPath) {
            try createFolder(parentPath, created: &created)
        }
        if mkdir(path, 0o777) == 0 {
            created.append(path)
            return
        }
        let code = errno
        if code == EEXIST, isFolder(path) { return }
        throw DiagnosticsError([failure("cannot create folder '\(path)'", code, nothingChanged: true)])
    }

    /// Writes `contents` to a new hidden file in `folder` and, when `flushing`, flushes it;
    /// returns its path.
    private static func writeTemporary(
        _ contents: [UInt8], besides target: String, in folder: String, flushing: Bool
    ) throws(DiagnosticsError) -> String {
        let made = createHidden(besides: target, in: folder) { writeNewFile(contents, at: $0, flushing: flushing) }
        guard let temporary = made.path else {
            throw DiagnosticsError([failure("cannot write '\(target)'", made.code, nothingChanged: true)])
        }
        return temporary
    }

    /// Creates the file `path`, which must not exist yet, writes `contents` into it and, when
    /// `flushing`, flushes it. Returns 0, or the `errno` of what failed; a file that was
    /// created is then removed again (not one that existed: that is `EEXIST`).
    private static func writeNewFile(_ contents: [UInt8], at path: String, flushing: Bool) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return errno }
        var code: Int32 = 0
        contents.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    code = errno
                    return
                }
                offset += written
            }
        }
        if code == 0, flushing, fsync(descriptor) != 0 { code = errno }
        if close(descriptor) != 0, code == 0 { code = errno }
        if code != 0 { unlink(path) }
        return code
    }

    /// This process, as temporary file names carry it.
    private static let processID = getpid()

    /// Flushes everything written to the file system that holds `directory` (`syncfs`, or
    /// `sync` where there is none): what a batch does once after writing with
    /// ``Durability/deferred``. Returns a diagnostic when the system reports that written data
    /// could not be stored.
    public static func flushFileSystem(containing directory: String) -> Diagnostic? {
        let path = directory.isEmpty ? "." : directory
        #if os(Linux)
            typealias SyncFS = @convention(c) (Int32) -> Int32
            if let handle = dlopen(nil, RTLD_NOW) {
                defer { dlclose(handle) }
                guard let symbol = dlsym(handle, "syncfs") else {
                    sync()
                    return nil
                }
                let syncfs = unsafeBitCast(symbol, to: SyncFS.self)
                let descriptor = open(path, O_RDONLY | O_CLOEXEC)
                if descriptor >= 0 {
                    let result = syncfs(descriptor)
                    let code = errno
                    _ = close(descriptor)
                    if result == 0 { return nil }
                    if code != ENOSYS {
                        return failure("cannot flush the files written below '\(path)' to disk", code)
                    }
                }
            }
        #endif
        sync()
        return nil
    }

    private static func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Whether `path` is a folder, following symbolic links.
    private static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    // MARK: - Paths and messages

    // Paths are taken apart on their bytes, as the file system and ``checkPaths(_:root:)``
    // read them: a `/` is a separator even where a combining mark after it would make one
    // character of the two (and splitting on characters cost a tenth of a batch's writing).

    static func join(_ folder: String, _ name: String) -> String {
        folder.utf8.last == 0x2F ? folder + name : folder + "/" + name
    }

    /// The components of a path between its `/`s, empty ones left out.
    static func pathComponents(_ path: String) -> [String] {
        path.utf8.split(separator: 0x2F).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The last of ``pathComponents(_:)``, without taking the rest apart.
    static func lastComponent(of path: String) -> String? {
        let utf8 = path.utf8
        guard let last = utf8.lastIndex(where: { $0 != 0x2F }) else { return nil }
        let end = utf8.index(after: last)
        let start = utf8[..<end].lastIndex(of: 0x2F).map { utf8.index(after: $0) } ?? utf8.startIndex
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    static func parent(of path: String) -> String {
        let utf8 = path.utf8
        guard let slash = utf8.lastIndex(of: 0x2F) else { return "." }
        if slash == utf8.startIndex { return "/" }
        return String(decoding: utf8[..<slash], as: UTF8.self)
    }

    /// A path as shown in a message: control characters made visible.
    private static func shown(_ path: String) -> String {
        String(
            String.UnicodeScalarView(
                path.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }

    private static func failure(_ what: String, _ code: Int32, nothingChanged: Bool = false) -> Diagnostic {
        Diagnostic(.error, .outputFailed,
                   "\(what): \(String(cString: strerror(code)))" + (nothingChanged ? "; no file was changed" : ""))
    }
}
