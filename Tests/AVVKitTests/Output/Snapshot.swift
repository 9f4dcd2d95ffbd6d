import Foundation
import Testing

/// Golden files under `Tests/AVVKitTests/Fixtures/Output/`. Re-record with
/// `RECORD_SNAPSHOTS=1 swift test`; a mismatch shows a line diff.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Output")

    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

    static func assertMatches(_ actual: String, golden name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let url = folder.appendingPathComponent(name)
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if recording || expected == nil {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
            } catch {
                Issue.record("could not record \(name): \(error)", sourceLocation: sourceLocation)
                return
            }
            if expected == nil {
                Issue.record("no golden file \(name) yet; recorded it, run the tests again", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected, expected != actual else { return }
        let diff = lineDiff(expected: expected, actual: actual)
        Issue.record(
            "\(name) differs from the golden file (re-record with RECORD_SNAPSHOTS=1):\n\(diff)",
            sourceLocation: sourceLocation)
    }

    /// A unified-style diff of lines: `-` expected, `+` actual, two lines of context.
    static func lineDiff(expected: String, actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Longest common subsequence table, from the end.
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var ops: [(Character, String)] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                ops.append((" ", a[i])); i += 1; j += 1
            } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                ops.append(("-", a[i])); i += 1
            } else {
                ops.append(("+", b[j])); j += 1
            }
        }
        let changed = ops.indices.filter { ops[$0].0 != " " }
        var shown = Set<Int>()
        for index in changed {
            for k in max(0, index - 2)...min(ops.count - 1, index + 2) { shown.insert(k) }
        }
        var out: [String] = []
        var last = -1
        for index in shown.sorted() {
            if last >= 0, index > last + 1 { out.append("…") }
            out.append(String(ops[index].0) + ops[index].1)
            last = index
        }
        return out.joined(separator: "\n")
    }
}
