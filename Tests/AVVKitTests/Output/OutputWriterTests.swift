import Foundation
import Testing

@testable import AVVKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct OutputWriterTests {
    /// A fresh empty folder for one test.
    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("avv-output-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func contents(of folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
    }

    @Test func writesFilesAndCreatesFolders() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = root + "/Output/neu"
        try OutputWriter.write([
            OutputFile(relativePath: "mueller/w-1/av-vertrag.de.html", text: "<html/>"),
            OutputFile(relativePath: "mueller/w-1/av-vertrag.de.txt", text: "Grüße\n"),
            OutputFile(relativePath: "manifest.json", text: "{}\n"),
        ], into: out)
        #expect(try String(contentsOfFile: out + "/mueller/w-1/av-vertrag.de.txt", encoding: .utf8) == "Grüße\n")
        #expect(Self.contents(of: out) == [
            "manifest.json", "mueller", "mueller/w-1", "mueller/w-1/av-vertrag.de.html", "mueller/w-1/av-vertrag.de.txt",
        ])
    }

    /// A `/` followed by a combining mark is one character, but the kernel reads two bytes and
    /// a separator: the writer takes paths apart as the kernel does, and as its own checks do.
    @Test func aCombiningMarkAfterASlashStillSeparatesFolders() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try OutputWriter.write([
            OutputFile(relativePath: "kunde/\u{301}akut/av.txt", text: "eins\n"),
            OutputFile(relativePath: "kunde/\u{301}akut/av.html", text: "<p/>"),
        ], into: root + "/out/")
        #expect(Self.contents(of: root + "/out") == [
            "kunde", "kunde/\u{301}akut", "kunde/\u{301}akut/av.html", "kunde/\u{301}akut/av.txt",
        ])
        #expect(OutputWriter.pathComponents("/a//b\u{301}/\u{301}c/") == ["a", "b\u{301}", "\u{301}c"])
        #expect(OutputWriter.lastComponent(of: "a/b/\u{301}c.txt") == "\u{301}c.txt")
        #expect(OutputWriter.lastComponent(of: "a/b//") == "b")
        #expect(OutputWriter.lastComponent(of: "name") == "name")
        #expect(OutputWriter.lastComponent(of: "//") == nil)
        #expect(OutputWriter.parent(of: "a/\u{301}b") == "a")
        #expect(OutputWriter.parent(of: "/x") == "/")
        #expect(OutputWriter.parent(of: "x") == ".")
    }

    @Test func newFoldersBesideExistingOnesAreMadeOnlyWhenNothingConflicts() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try OutputWriter.write([OutputFile(relativePath: "alt/w-1/av.txt", text: "alt\n")], into: root)
        let error = #expect(throws: DiagnosticsError.self) {
            try OutputWriter.write([
                OutputFile(relativePath: "neu/w-2/av.txt", text: "neu\n"),
                OutputFile(relativePath: "neu/w-2/av.html", text: "<p/>"),
                OutputFile(relativePath: "alt/w-1/av.txt", text: "anders\n"),
            ], into: root)
        }
        #expect(error?.diagnostics.map(\.description) == [
            "error: '\(root)/alt/w-1/av.txt' exists with different content; nothing was written (run with --force to replace it) [AVV401]",
        ])
        #expect(Self.contents(of: root) == ["alt", "alt/w-1", "alt/w-1/av.txt"], "no folder is made when a file conflicts")

        try OutputWriter.write([
            OutputFile(relativePath: "neu/w-2/av.txt", text: "neu\n"),
            OutputFile(relativePath: "neu/w-2/av.html", text: "<p/>"),
            OutputFile(relativePath: "alt/w-3/av.txt", text: "drei\n"),
            OutputFile(relativePath: "alt/w-1/av.txt", text: "alt\n"),
        ], into: root, durability: .deferred)
        #expect(Self.contents(of: root) == [
            "alt", "alt/w-1", "alt/w-1/av.txt", "alt/w-3", "alt/w-3/av.txt",
            "neu", "neu/w-2", "neu/w-2/av.html", "neu/w-2/av.txt",
        ])
        #expect(try String(contentsOfFile: root + "/alt/w-3/av.txt", encoding: .utf8) == "drei\n")
    }

    @Test func replacesExistingFilesAndLeavesNoTemporaryFiles() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try OutputWriter.write([OutputFile(relativePath: "a/doc.txt", text: "alt\n")], into: root)
        try OutputWriter.write([OutputFile(relativePath: "a/doc.txt", text: "neu\n")], into: root, replacing: true)
        #expect(try String(contentsOfFile: root + "/a/doc.txt", encoding: .utf8) == "neu\n")
        #expect(Self.contents(of: root) == ["a", "a/doc.txt"])
    }

    @Test(arguments: [
        ("/etc/passwd", "the path is absolute"),
        ("../outside.txt", "the path contains '..'"),
        ("a/../../outside.txt", "the path contains '..'"),
        ("a/./b.txt", "the path contains an empty or '.' component"),
        ("a//b.txt", "the path contains an empty or '.' component"),
        ("a/", "the path contains an empty or '.' component"),
        // A combining mark after `/` makes one character of the two, but the kernel still
        // reads a separator there.
        ("/\u{301}etc/passwd", "the path is absolute"),
        ("", "the path is empty"),
        ("a\\..\\b.txt", "the path contains a backslash"),
        ("a\nb.txt", "the path contains a control character"),
    ])
    func refusesPathsThatEscape(_ path: String, _ reason: String) throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let error = #expect(throws: DiagnosticsError.self) {
            try OutputWriter.write([
                OutputFile(relativePath: "good.txt", text: "x"),
                OutputFile(relativePath: path, text: "x"),
            ], into: root)
        }
        #expect(error?.diagnostics.count == 1)
        let diagnostic = error?.diagnostics.first
        #expect(diagnostic?.code == .outputFailed)
        #expect(diagnostic?.message.contains(reason) == true, "\(diagnostic?.message ?? "")")
        #expect(diagnostic?.message.contains("output paths must be relative and stay inside '\(root)'") == true)
        #expect(Self.contents(of: root).isEmpty, "nothing may be written when one path is bad")
    }

    @Test func refusesDuplicatesAndFileFolderClashes() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let error = #expect(throws: DiagnosticsError.self) {
            try OutputWriter.write([
                OutputFile(relativePath: "a.txt", text: "1"),
                OutputFile(relativePath: "a.txt", text: "2"),
                OutputFile(relativePath: "b", text: "3"),
                OutputFile(relativePath: "b/c.txt", text: "4"),
            ], into: root)
        }
        #expect(error?.diagnostics.map(\.message) == [
            "refusing to write 'a.txt': two output files have this path; output paths must be relative and stay inside '\(root)'",
            "refusing to write 'b/c.txt': 'b' is also written as a file; output paths must be relative and stay inside '\(root)'",
        ])
        #expect(Self.contents(of: root).isEmpty)
    }

    @Test func refusesASymbolicLinkLeadingOutside() throws {
        let root = try Self.temporaryFolder()
        let outside = try Self.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: outside)
        }
        try FileManager.default.createSymbolicLink(atPath: root + "/kunde", withDestinationPath: outside)
        let error = #expect(throws: DiagnosticsError.self) {
            try OutputWriter.write([
                OutputFile(relativePath: "ok.txt", text: "x"),
                OutputFile(relativePath: "kunde/av.txt", text: "x"),
            ], into: root)
        }
        #expect(error?.diagnostics.first?.message.contains("outside '\(root)'") == true)
        #expect(Self.contents(of: outside).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root + "/ok.txt"))
    }

    @Test func aFileWhereAFolderIsNeededIsAClearError() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/kunde"))
        let error = #expect(throws: DiagnosticsError.self) {
            try OutputWriter.write([OutputFile(relativePath: "kunde/av.txt", text: "x")], into: root)
        }
        #expect(error?.diagnostics.map(\.message) == [
            "cannot write '\(root)/kunde/av.txt': '\(root)/kunde' is a file, not a folder"
        ])
    }

    @Test func anOutputDirectoryThatIsAFileIsAClearError() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/out"))
        let error = #expect(throws: DiagnosticsError.self) {
            try OutputWriter.write([OutputFile(relativePath: "a.txt", text: "x")], into: root + "/out")
        }
        #expect(error?.diagnostics.first?.message == "cannot write into '\(root)/out': it is not a folder")
    }

    /// Root ignores file permissions, so this only runs for other users; the error path itself
    /// is covered as root by `aFileWhereAFolderIsNeededIsAClearError`.
    @Test(.enabled(if: geteuid() != 0, "running as root: chmod does not stop root from writing"))
    func readOnlyFolderGivesAClearDiagnostic() throws {
        let root = try Self.temporaryFolder()
        defer {
            chmod(root, 0o755)
            try? FileManager.default.removeItem(atPath: root)
        }
        try OutputWriter.write([OutputFile(relativePath: "av.txt", text: "alt")], into: root)
        #expect(chmod(root, 0o555) == 0)
        let error = #expect(throws: DiagnosticsError.self) {
            try OutputWriter.write([
                OutputFile(relativePath: "av.txt", text: "neu"),
                OutputFile(relativePath: "neu/b.txt", text: "neu"),
            ], into: root, replacing: true)
        }
        let diagnostic = error?.diagnostics.first
        #expect(diagnostic?.code == .outputFailed)
        #expect(diagnostic?.message == "cannot write '\(root)/av.txt': Permission denied; no file was changed")
        #expect(try String(contentsOfFile: root + "/av.txt", encoding: .utf8) == "alt")
        #expect(Self.contents(of: root) == ["av.txt"])
    }

    @Test func aFailedWriteRemovesWhatItCreated() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // The second file's name is too long for any file system (NAME_MAX is 255 bytes).
        let error = #expect(throws: DiagnosticsError.self) {
            try OutputWriter.write([
                OutputFile(relativePath: "neu/a.txt", text: "a"),
                OutputFile(relativePath: "neu/tief/" + String(repeating: "x", count: 300), text: "b"),
            ], into: root)
        }
        #expect(error?.diagnostics.first?.message.hasSuffix("File name too long; no file was changed") == true, "\(error?.diagnostics ?? [])")
        #expect(Self.contents(of: root).isEmpty)
    }

    /// A new folder is written whole, through a hidden folder beside it: a failure on its
    /// last file leaves neither the folder nor the hidden one.
    @Test func aFailedWriteIntoANewFolderLeavesNoFolder() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try OutputWriter.write([OutputFile(relativePath: "kunde/w-1/av.txt", text: "alt\n")], into: root)
        let long = String(repeating: "x", count: 300)
        for durability in [OutputWriter.Durability.immediate, .deferred] {
            let error = #expect(throws: DiagnosticsError.self) {
                try OutputWriter.write([
                    OutputFile(relativePath: "kunde/w-2/av.txt", text: "a"),
                    OutputFile(relativePath: "kunde/w-2/manifest.json", text: "{}"),
                    OutputFile(relativePath: "kunde/w-2/" + long, text: "b"),
                ], into: root, durability: durability)
            }
            #expect(error?.diagnostics.map(\.message) == [
                "cannot write '\(root)/kunde/w-2/\(long)': File name too long; no file was changed",
            ])
            #expect(Self.contents(of: root) == ["kunde", "kunde/w-1", "kunde/w-1/av.txt"])
        }
    }

    @Test func whichWritesGoThroughAWholeNewFolder() {
        let root = "/out"
        func folder(_ paths: [String], missing: Set<String> = [], rootExists: Bool = true) -> String? {
            OutputWriter.newSharedFolder(
                paths.map { OutputFile(relativePath: $0, text: "") }, root: root,
                survey: OutputWriter.Survey(rootExists: rootExists, missing: missing))
        }
        #expect(folder(["k/w/a.txt", "k/w/b.txt"], missing: ["/out/k"]) == "k/w")
        #expect(folder(["k/w/a.txt", "k/w/b.txt"], missing: ["/out/k/w"]) == "k/w")
        #expect(folder(["k/w/a.txt"], rootExists: false) == "k/w")
        #expect(folder(["k/w/a.txt", "k/w/b.txt"]) == nil, "the folder exists")
        #expect(folder(["k/w/a.txt", "k/v/b.txt"], missing: ["/out/k"]) == nil, "two folders")
        #expect(folder(["a.txt"], rootExists: false) == nil, "files in the output directory itself")
        #expect(folder([], rootExists: false) == nil)
    }

    @Test func deferredWritesAreCompleteAndLeaveNoTemporaryFiles() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let text = String(repeating: "Grüße aus Köln\n", count: 10_000)
        try OutputWriter.write([
            OutputFile(relativePath: "a/w-1/av.txt", text: text),
            OutputFile(relativePath: "a/w-1/manifest.json", text: "{}\n"),
        ], into: root, durability: .deferred)
        try OutputWriter.write([OutputFile(relativePath: "a/w-1/av.txt", text: "neu\n")], into: root, replacing: true,
                               durability: .deferred)
        #expect(OutputWriter.flushFileSystem(containing: root) == nil)
        #expect(try String(contentsOfFile: root + "/a/w-1/av.txt", encoding: .utf8) == "neu\n")
        #expect(Self.contents(of: root) == ["a", "a/w-1", "a/w-1/av.txt", "a/w-1/manifest.json"])
    }

    @Test func aFailedDeferredWriteRemovesWhatItCreated() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try OutputWriter.write([OutputFile(relativePath: "alt/a.txt", text: "alt")], into: root, durability: .deferred)
        let error = #expect(throws: DiagnosticsError.self) {
            try OutputWriter.write([
                OutputFile(relativePath: "alt/a.txt", text: "neu"),
                OutputFile(relativePath: "neu/a.txt", text: "a"),
                OutputFile(relativePath: "neu/tief/" + String(repeating: "x", count: 300), text: "b"),
            ], into: root, replacing: true, durability: .deferred)
        }
        #expect(error?.diagnostics.first?.message.hasSuffix("File name too long; no file was changed") == true)
        #expect(try String(contentsOfFile: root + "/alt/a.txt", encoding: .utf8) == "alt")
        #expect(Self.contents(of: root) == ["alt", "alt/a.txt"])
    }

    @Test func flushingAFolderThatDoesNotExistFallsBackToSync() {
        #expect(OutputWriter.flushFileSystem(containing: "/nonexistent-\(UUID().uuidString)") == nil)
    }
}
