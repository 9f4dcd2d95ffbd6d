import Foundation
import Testing

/// The example outputs committed under Output/examples are exactly what the current
/// templates render: a template change shows up as a diff of the rendered documents.
@Test func committedExampleOutputsAreCurrent() throws {
    let root = Fixtures.repositoryRoot
    let fresh = try TemporaryDirectory()
    defer { fresh.remove() }
    let result = try AVVCommand.run(["examples", "--out", fresh.path + "/examples"], in: root)
    #expect(result.status == 0, "\(result.stderr)")
    let committed = root + "/Output/examples"
    let expected = filesBelow(fresh.path + "/examples")
    #expect(!expected.isEmpty)
    let actual = filesBelow(committed)
    let rerecord = "re-record with: swift run avv examples"
    #expect(actual == expected, "the files under Output/examples differ from what the templates render; \(rerecord)")
    for file in expected {
        let new = try String(contentsOfFile: fresh.path + "/examples/" + file, encoding: .utf8)
        let old = (try? String(contentsOfFile: committed + "/" + file, encoding: .utf8)) ?? ""
        if new != old {
            Issue.record("Output/examples/\(file) is out of date; \(rerecord)\n\(Snapshot.lineDiff(expected: old, actual: new))")
        }
    }
}
