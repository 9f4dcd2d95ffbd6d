import Testing
@testable import AVVKit

@Test func diagnosticOneLineForm() {
    let d = Diagnostic(.error, .unknownPath, "unknown field 'a'",
                       at: SourceLocation(file: "t.xhtml", line: 3, column: 7))
    #expect(d.description == "t.xhtml:3:7: error: unknown field 'a' [AVV104]")
}
