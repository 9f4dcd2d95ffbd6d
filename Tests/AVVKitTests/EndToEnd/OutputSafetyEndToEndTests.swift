import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `avv generate` does to the output folder when names, existing files, permissions,
/// the disk or a kill get in the way.
@Suite struct OutputSafetyEndToEndTests {
    static let documents = ["everything.de.html", "everything.de.txt", "manifest.de.json"]

    @Test(arguments: [
        ("../../etc/x", "/etc/passwd", "etc-x/etc-passwd"),
        ("/root/.ssh/authorized_keys", "..", "root-ssh-authorized-keys/unnamed"),
        ("CON", "nul.txt", "con-file/nul-txt"),
        ("C:\\Windows\\System32", "~", "c-windows-system32/unnamed"),
        ("..", ".", "unnamed/unnamed"),
    ])
    func namesCannotLeaveTheOutputFolder(customer: String, contract: String, folder: String) throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        let yaml = try HostileRunner.customer()
            .replacingOccurrences(of: "name: Müller & Söhne <GmbH>", with: "name: '\(customer)'")
            .replacingOccurrences(of: "number: W-2026/0042", with: "number: '\(contract)'")
        try dir.write("customer.yaml", yaml)
        let result = try HostileRunner.run(["generate", "customer.yaml", "--date", "2026-11-22"], in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(filesBelow(dir.path + "/Output") == Self.documents.map { "\(folder)/\($0)" })
        #expect(filesBelow(dir.path).filter { !$0.hasPrefix("Templates/") && !$0.hasPrefix("Output/") } == ["customer.yaml"])
    }

    @Test func runningTheSameCommandTwiceSucceedsAndChangesNothing() throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        let first = try HostileRunner.run(["generate", "customer.yaml"], in: dir.path)
        let before = Self.snapshot(dir.path + "/Output")
        let second = try HostileRunner.run(["generate", "customer.yaml"], in: dir.path)
        #expect(first.status == 0 && second.status == 0, "\(second.stderr)")
        #expect(second.stdout == first.stdout)
        #expect(Self.snapshot(dir.path + "/Output") == before)
    }

    @Test func differentContentNeedsForce() throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        _ = try HostileRunner.run(["generate", "customer.yaml", "--date", "2026-11-22"], in: dir.path)
        let old = Self.snapshot(dir.path + "/Output")
        let refused = try HostileRunner.run(["generate", "customer.yaml", "--date", "2026-11-23"], in: dir.path)
        #expect(refused.status == 1)
        #expect(refused.stdout == "")
        #expect(refused.stderr == Self.documents.map {
            "error: 'Output/mueller-soehne-gmbh/w-2026-0042/\($0)' exists with different content; nothing was written (run with --force to replace it) [AVV401]\n"
        }.joined())
        #expect(Self.snapshot(dir.path + "/Output") == old, "nothing changed")

        let forced = try HostileRunner.run(["generate", "customer.yaml", "--date", "2026-11-23", "--force"], in: dir.path)
        #expect(forced.status == 0, "\(forced.stderr)")
        let text = try String(contentsOfFile: dir.path + "/Output/mueller-soehne-gmbh/w-2026-0042/everything.de.txt", encoding: .utf8)
        #expect(text.contains("23.11.2026"))
    }

    @Test func oneConflictAmongNewFilesWritesNoneOfThem() throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        _ = try HostileRunner.run(["generate", "customer.yaml", "--date", "2026-11-22"], in: dir.path)
        try dir.write("other.yaml", try HostileRunner.customer().replacingOccurrences(of: "name: Müller & Söhne <GmbH>", with: "name: Schmidt AG"))
        let result = try HostileRunner.run(["generate", "other.yaml", "customer.yaml", "--date", "2026-11-23"], in: dir.path)
        #expect(result.status == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/Output/schmidt-ag"), "the new customer's files are not written either")
    }

    /// Root ignores permissions; as root the run drops to the user `nobody` (uid 65534).
    @Test(.enabled(if: geteuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func aReadOnlyOutputFolderIsAClearError() throws {
        let dir = try HostileRunner.workspace()
        defer {
            chmod(dir.path + "/Output", 0o755)
            dir.remove()
        }
        _ = try HostileRunner.run(["generate", "customer.yaml", "--date", "2026-11-22"], in: dir.path)
        let old = Self.snapshot(dir.path + "/Output")
        try dir.write("other.yaml", try HostileRunner.customer().replacingOccurrences(of: "name: Müller & Söhne <GmbH>", with: "name: Schmidt AG"))
        #expect(chmod(dir.path + "/Output", 0o555) == 0)
        #expect(chmod(dir.path + "/Output/mueller-soehne-gmbh/w-2026-0042", 0o555) == 0)
        for (arguments, message) in [
            (["generate", "customer.yaml", "--date", "2026-11-23", "--force"],
             "error: cannot write 'Output/mueller-soehne-gmbh/w-2026-0042/everything.de.html': Permission denied; no file was changed [AVV400]\n"),
            (["generate", "other.yaml"],
             "error: cannot create folder 'Output/schmidt-ag': Permission denied; no file was changed [AVV400]\n"),
        ] {
            let result = geteuid() == 0
                ? try HostileRunner.run(["--reuid=65534", "--regid=65534", "--clear-groups", AVVCommand.executable.path] + arguments,
                                        in: dir.path, executable: "/usr/bin/setpriv")
                : try HostileRunner.run(arguments, in: dir.path)
            #expect(result.status == 1)
            #expect(result.stderr == message)
            #expect(Self.snapshot(dir.path + "/Output") == old)
        }
        chmod(dir.path + "/Output/mueller-soehne-gmbh/w-2026-0042", 0o755)
    }

    /// A full disk, as a file size limit (`ulimit -f`): writes fail with EFBIG as they would
    /// with ENOSPC, and no test needs to fill a real disk.
    @Test func aFullDiskIsAClearErrorAndKeepsTheOldFiles() throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        _ = try HostileRunner.run(["generate", "customer.yaml", "--date", "2026-11-22"], in: dir.path)
        let old = Self.snapshot(dir.path + "/Output")
        let result = try HostileRunner.run(
            ["-c", "trap '' XFSZ; ulimit -f 4; exec \"$0\" \"$@\"", AVVCommand.executable.path,
             "generate", "customer.yaml", "--date", "2026-11-23", "--force"],
            in: dir.path, executable: "/bin/sh")
        #expect(result.status == 1)
        #expect(result.stderr == "error: cannot write 'Output/mueller-soehne-gmbh/w-2026-0042/everything.de.html': File too large; no file was changed [AVV400]\n")
        #expect(Self.snapshot(dir.path + "/Output") == old, "the old files are intact and no temporary file is left")
    }

    /// SIGKILL at seeded random moments during a batch run: every file is at all times absent,
    /// the complete old version or the complete new one; temporary files of killed runs are
    /// hidden and the next run removes them.
    @Test func killingARunNeverLeavesAPartialFile() throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        let customer = try HostileRunner.customer()
        var names: [String] = []
        for i in 1...30 {
            try dir.write("batch/k\(i).yaml", customer.replacingOccurrences(of: "name: Müller & Söhne <GmbH>", with: "name: Kunde \(i) GmbH"))
            names.append("batch/k\(i).yaml")
        }
        let dates = ["2026-01-01", "2026-02-02"]
        let start = Date()
        for (index, date) in dates.enumerated() {
            let reference = try HostileRunner.run(["generate"] + names + ["--date", date, "--out", "reference-\(index)"], in: dir.path)
            #expect(reference.status == 0, "\(reference.stderr)")
        }
        let runTime = Date().timeIntervalSince(start) / 2
        let versions = [Self.snapshot(dir.path + "/reference-0"), Self.snapshot(dir.path + "/reference-1")]
        #expect(versions[0].count == 90 && versions[1].count == 90)
        _ = try HostileRunner.run(["generate"] + names + ["--date", dates[0]], in: dir.path)

        var random = SplitMix64(seed: 0x5EED)
        var killedWhileRunning = 0
        // Twenty rounds, and more until ten kills have hit a running process: on a loaded
        // machine a run may end before its kill moment, and such a round proves nothing.
        var round = 0
        while round < 20 || (killedWhileRunning < 10 && round < 60) {
            defer { round += 1 }
            let arguments = ["generate"] + names + ["--date", dates[(round + 1) % 2], "--force"]
            if try Self.runAndKill(arguments, in: dir.path, after: Double(random.next() % 1000) / 1000 * runTime) {
                killedWhileRunning += 1
            }
            // Most rounds end in the write phase (each file is flushed to disk): a mix of old
            // and new files, and temporary files of the killed run beside them.
            for (path, contents) in Self.snapshot(dir.path + "/Output") {
                if HostileCheck.isInTemporary(path) { continue }
                #expect(contents == versions[0][path] || contents == versions[1][path], "round \(round): \(path) is partial or foreign")
            }
        }
        #expect(killedWhileRunning >= 10, "only \(killedWhileRunning) of \(round) kills hit a running process")

        let final = try HostileRunner.run(["generate"] + names + ["--date", dates[1], "--force"], in: dir.path)
        #expect(final.status == 0, "\(final.stderr)")
        #expect(Self.snapshot(dir.path + "/Output") == versions[1], "complete, and no temporary file left")
    }

    /// SIGKILL at seeded random moments during a batch into a new output folder, where each
    /// contract folder is written whole through a hidden folder and renamed: every visible
    /// contract folder is complete, and a second run completes the rest and removes the hidden
    /// folders the killed one left.
    @Test func killingABatchLeavesEachNewFolderWholeOrAbsent() throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        var csv = "controller.name,contract.number\n"
        for i in 1...60 { csv += "Kunde \(i) GmbH,W-\(i)\n" }
        try dir.write("customers.csv", csv)
        let arguments = ["generate", "customer.yaml", "--batch", "customers.csv", "--date", "2026-11-22"]
        let start = Date()
        let reference = try HostileRunner.run(arguments + ["--out", "reference"], in: dir.path)
        #expect(reference.status == 0, "\(reference.stderr)")
        let runTime = Date().timeIntervalSince(start)
        let expected = Self.snapshot(dir.path + "/reference")
        #expect(expected.count == 60 * Self.documents.count)

        var random = SplitMix64(seed: 0xB47C)
        var killedWhileRunning = 0
        var round = 0
        while round < 10 || (killedWhileRunning < 5 && round < 30) {
            defer { round += 1 }
            let out = "killed-\(round)"
            if try Self.runAndKill(arguments + ["--out", out], in: dir.path, after: Double(random.next() % 1000) / 1000 * runTime) {
                killedWhileRunning += 1
            }
            let visible = Self.snapshot(dir.path + "/" + out).filter { !HostileCheck.isInTemporary($0.key) }
            let folders = Set(visible.keys.map { ($0 as NSString).deletingLastPathComponent })
            let whole = expected.filter { folders.contains(($0.key as NSString).deletingLastPathComponent) }
            #expect(visible == whole, "round \(round): a contract folder is partial or foreign")

            let again = try HostileRunner.run(arguments + ["--out", out], in: dir.path)
            #expect(again.status == 0, "round \(round): \(again.stderr)")
            #expect(Self.snapshot(dir.path + "/" + out) == expected, "round \(round): complete, and no hidden folder left")
        }
        #expect(killedWhileRunning >= 5, "only \(killedWhileRunning) of \(round) kills hit a running process")
    }

    /// Starts `avv` with `arguments` in `directory` and sends it SIGKILL after `seconds`;
    /// returns whether it was still running then (a run may end before its kill moment).
    static func runAndKill(_ arguments: [String], in directory: String, after seconds: Double) throws -> Bool {
        let process = Process()
        process.executableURL = AVVCommand.executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(UInt32(seconds * 1_000_000))
        let running = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return running
    }

    /// Every file below `root` (hidden ones too) with its bytes, by relative path.
    static func snapshot(_ root: String) -> [String: Data] {
        var files: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return files }
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: root + "/" + path)
            }
        }
        return files
    }
}

/// A small seeded generator, so that the kill moments are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
