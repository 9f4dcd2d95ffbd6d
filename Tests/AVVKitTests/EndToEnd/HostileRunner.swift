import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs `avv` on hostile input with a watchdog: a run that has not finished after
/// `timeout` seconds is killed and reported as hung. The timeout only catches hangs; no
/// test asserts how fast a run is.
enum HostileRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Ended by a signal (a crash, or the watchdog), not by exiting.
        var signalled: Bool
        var hung: Bool
    }

    static func run(_ arguments: [String], in directory: String, executable: String? = nil, timeout: Double = 20) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? AVVCommand.executable.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "Europe/Berlin"
        process.environment = environment
        // Files, not pipes: a crash report or a flood of diagnostics cannot block the child.
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("avv-out-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("avv-err-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: out.path, contents: nil),
              FileManager.default.createFile(atPath: err.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var hung = false
        while process.isRunning {
            if Date() > deadline {
                hung = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self),
            signalled: process.terminationReason == .uncaughtSignal,
            hung: hung)
    }

    /// A working folder with the "everything" template set as `Templates/` and its customer.
    static func workspace() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: Fixtures.path("Everything"), toPath: dir.path + "/Templates")
        try FileManager.default.moveItem(atPath: dir.path + "/Templates/customer.yaml", toPath: dir.path + "/customer.yaml")
        return dir
    }

    static func customer() throws -> String {
        try String(contentsOfFile: Fixtures.path("Everything/customer.yaml"), encoding: .utf8)
    }
}
