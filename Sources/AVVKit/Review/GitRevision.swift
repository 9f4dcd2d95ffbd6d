import Foundation

/// The template folder as it was at a git revision, read with `git show REV:path` for
/// `avv review --base REV`.
enum GitRevision {
    /// Writes the files of the template folder `templates` at `revision` below `destination`
    /// (which must exist), keeping their paths relative to the folder.
    static func export(templates: String, revision: String, into destination: String) throws(DiagnosticsError) {
        func fail(_ message: String) -> DiagnosticsError {
            DiagnosticsError([Diagnostic(.error, .revisionNotReadable, "--base '\(revision)': \(message)")])
        }
        guard !revision.hasPrefix("-"), !revision.isEmpty else {
            throw fail("expected a git revision such as HEAD~1, a branch, a tag or a commit")
        }
        let prefix = try git(["rev-parse", "--show-prefix"], in: templates, failure: {
            fail("'\(templates)' is not inside a git repository, so there is no earlier wording to compare with (\($0))")
        })
        let folder = String(decoding: prefix, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: templates, failure: { _ in
            fail("git knows no such revision; expected a commit, branch or tag, e.g. HEAD~1 or main")
        })
        let listing = try git(["ls-tree", "-r", "-z", "--full-name", "--name-only", revision, "."], in: templates,
                              failure: { fail("cannot list the templates at this revision: \($0)") })
        let paths = listing.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        guard !paths.isEmpty else {
            throw fail("the revision has no files in '\(folder.isEmpty ? templates : folder)'")
        }
        for path in paths {
            guard path.hasPrefix(folder) else { continue }
            let relative = String(path.dropFirst(folder.count))
            let contents = try git(["show", "\(revision):\(path)"], in: templates,
                                   failure: { fail("cannot read \(path): \($0)") })
            let target = (destination as NSString).appendingPathComponent(relative)
            do {
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try contents.write(to: URL(fileURLWithPath: target))
            } catch {
                throw fail("cannot write \(target): \(error.localizedDescription)")
            }
        }
    }

    /// Runs git in `directory`; returns standard output, or throws `failure(standard error)`.
    private static func git(
        _ arguments: [String], in directory: String, failure: (String) -> DiagnosticsError
    ) throws(DiagnosticsError) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw failure("cannot run git: \(error.localizedDescription)")
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw failure(message.isEmpty ? "git exited with status \(process.terminationStatus)" : message)
        }
        return stdout
    }
}
