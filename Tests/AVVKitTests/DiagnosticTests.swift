import Testing
@testable import AVVKit

@Test func diagnosticOneLineForm() {
    let d = Diagnostic(.error, .unknownPath, "unknown field 'a'",
                       at: SourceLocation(file: "t.xhtml", line: 3, column: 7))
    #expect(d.description == "t.xhtml:3:7: error: unknown field 'a' [AVV104]")
}

@Test func longLinesAreShownAsAWindowAroundTheColumn() {
    let line = String(repeating: "a", count: 200) + "{{ x }}" + String(repeating: "b", count: 300)
    let formatter = DiagnosticFormatter { _ in line + "\n" }
    let d = Diagnostic(.error, .unknownPath, "unknown field 'x'",
                       at: SourceLocation(file: "t.xhtml", line: 1, column: 204), length: 1)
    let text = formatter.format(d)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines[1].count <= 170)
    #expect(lines[1].hasPrefix(" 1 | …"))
    #expect(lines[1].hasSuffix("…"))
    // The caret stands under the x.
    let caret = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
    let x = lines[1].firstIndex(of: "x").map { lines[1].distance(from: lines[1].startIndex, to: $0) }
    #expect(caret == x)
}
