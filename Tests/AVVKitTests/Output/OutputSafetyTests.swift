import Foundation
import Testing

@testable import AVVKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The no-overwrite rule and the clean-up of temporary files a killed run leaves.
@Suite struct OutputSafetyTests {
    /// The pid of a process that has finished: it names no running process any more.
    static func finishedProcessID() throws -> Int32 {
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        return finished.processIdentifier
    }

    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    @Test func identicalContentIsNoOverwriteAndLeavesTheFileAlone() throws {
        let root = try OutputWriterTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = [OutputFile(relativePath: "k/v/av.txt", text: "gleich\n")]
        try OutputWriter.write(files, into: root)
        let before = Self.inode(root + "/k/v/av.txt")
        try OutputWriter.write(files, into: root)
        #expect(Self.inode(root + "/k/v/av.txt") == before, "an identical file is not written again")
        #expect(OutputWriterTests.contents(of: root) == ["k", "k/v", "k/v/av.txt"])
    }

    @Test func differentContentIsRefusedAndNothingIsWritten() throws {
        let root = try OutputWriterTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try OutputWriter.write([
            OutputFile(relativePath: "k/av.txt", text: "alt\n"),
            OutputFile(relativePath: "k/gleich.txt", text: "gleich\n"),
        ], into: root)
        let error = #expect(throws: DiagnosticsError.self) {
            try OutputWriter.write([
                OutputFile(relativePath: "k/neu.txt", text: "neu\n"),
                OutputFile(relativePath: "k/gleich.txt", text: "gleich\n"),
                OutputFile(relativePath: "k/av.txt", text: "neu\n"),
                OutputFile(relativePath: "k/manifest.json", text: "{}\n"),
            ], into: root)
        }
        #expect(error?.diagnostics.map(\.description) == [
            "error: '\(root)/k/av.txt' exists with different content; nothing was written (run with --force to replace it) [AVV401]",
        ])
        #expect(try String(contentsOfFile: root + "/k/av.txt", encoding: .utf8) == "alt\n")
        #expect(OutputWriterTests.contents(of: root) == ["k", "k/av.txt", "k/gleich.txt"], "no file is written when one conflicts")
    }

    @Test func aLongerOrShorterOldFileIsDifferentToo() throws {
        let root = try OutputWriterTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (old, new) in [("abc", "ab"), ("ab", "abc"), ("", "a")] {
            try OutputWriter.write([OutputFile(relativePath: "f.txt", text: old)], into: root, replacing: true)
            #expect(throws: DiagnosticsError.self) {
                try OutputWriter.write([OutputFile(relativePath: "f.txt", text: new)], into: root)
            }
        }
    }

    @Test func replacingWritesTheNewContent() throws {
        let root = try OutputWriterTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try OutputWriter.write([OutputFile(relativePath: "av.txt", text: "alt\n")], into: root)
        try OutputWriter.write([OutputFile(relativePath: "av.txt", text: "neu\n")], into: root, replacing: true)
        #expect(try String(contentsOfFile: root + "/av.txt", encoding: .utf8) == "neu\n")
    }

    @Test func staleTemporaryFilesAreRemovedAndLiveOnesKept() throws {
        let root = try OutputWriterTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let finished = try Self.finishedProcessID()
        let dead = root + "/.av.txt.avv-\(finished)-1a2b.tmp"
        let live = root + "/.av.txt.avv-\(getpid())-3c4d.tmp"
        let old = root + "/.av.txt.avv-5e6f.tmp"
        let foreign = root + "/.notes.tmp"
        for path in [dead, live, old, foreign] { #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8))) }
        var times = [timespec(tv_sec: time(nil) - 3600, tv_nsec: 0), timespec(tv_sec: time(nil) - 3600, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, old, &times, 0) == 0)
        try OutputWriter.write([OutputFile(relativePath: "av.txt", text: "neu\n")], into: root)
        #expect(OutputWriterTests.contents(of: root) == [".av.txt.avv-\(getpid())-3c4d.tmp", ".notes.tmp", "av.txt"])
    }

    /// A killed run that was writing a new folder leaves a hidden folder beside it; the next
    /// run that writes into the same parent removes it when its process is gone or it is old,
    /// and leaves alone one that holds more than files.
    @Test func staleTemporaryFoldersAreRemovedAndLiveOnesKept() throws {
        let root = try OutputWriterTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let finished = try Self.finishedProcessID()
        let dead = root + "/kunde/.w-1.avv-\(finished)-1a2b.tmp"
        let live = root + "/kunde/.w-1.avv-\(getpid())-3c4d.tmp"
        let nested = root + "/kunde/.w-1.avv-\(finished)-5e6f.tmp"
        for folder in [dead, live, nested + "/sub"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        for file in [dead + "/av.txt", dead + "/manifest.json", live + "/av.txt", nested + "/av.txt"] {
            #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        }
        try OutputWriter.write([
            OutputFile(relativePath: "kunde/w-1/av.txt", text: "neu\n"),
            OutputFile(relativePath: "kunde/w-1/manifest.json", text: "{}\n"),
        ], into: root)
        #expect(OutputWriterTests.contents(of: root + "/kunde") == [
            ".w-1.avv-\(finished)-5e6f.tmp", ".w-1.avv-\(finished)-5e6f.tmp/av.txt", ".w-1.avv-\(finished)-5e6f.tmp/sub",
            ".w-1.avv-\(getpid())-3c4d.tmp", ".w-1.avv-\(getpid())-3c4d.tmp/av.txt",
            "w-1", "w-1/av.txt", "w-1/manifest.json",
        ].sorted())
    }

    @Test func temporaryFilesAreHiddenAndNamedAfterTheirTarget() throws {
        // A temporary file never takes a final name: it starts with a dot and ends in .tmp.
        let root = try OutputWriterTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try OutputWriter.write([OutputFile(relativePath: "av.txt", text: "x")], into: root)
        #expect(OutputWriterTests.contents(of: root) == ["av.txt"])
        #expect(HostileCheck.isTemporary(".av.txt.avv-123-abc.tmp"))
        #expect(!HostileCheck.isTemporary("av.txt"))
    }
}

/// Shared by the hostile-input tests.
enum HostileCheck {
    /// Whether `name` (a file name, no folder) is one of avv's temporary files.
    static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && name.hasSuffix(".tmp") && name.contains(".avv-")
    }

    /// Whether `path` (relative, `/`-separated) is a temporary file or lies in a temporary
    /// folder (a new contract folder being written).
    static func isInTemporary(_ path: String) -> Bool {
        path.split(separator: "/").contains { isTemporary(String($0)) }
    }
}
