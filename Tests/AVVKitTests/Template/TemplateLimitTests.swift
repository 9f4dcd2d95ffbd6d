import Foundation
import Testing
@testable import AVVKit

/// Loads a one-document set around `body` (German; English minimal) and returns the
/// diagnostics' one-line forms, paths relative to the set.
private func limitErrors(_ body: String) throws -> [String] {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try dir.writeEverythingSet { $0 == "de" ? body : nil }
    do {
        _ = try TemplateSet.load(directory: dir.path)
        return []
    } catch {
        return error.diagnostics.map { $0.description.replacingOccurrences(of: dir.path + "/", with: "") }
    }
}

@Test func nestingUpToTheLimitCompiles() throws {
    let depth = TemplateCompiler.maxNestingDepth
    // The <p> is the innermost element: depth - 1 divs around it.
    let body = String(repeating: "<div>", count: depth - 1) + "<p>x</p>" + String(repeating: "</div>", count: depth - 1)
    #expect(try limitErrors(body) == [])
    let deeper = "<div>" + body + "</div>"
    #expect(try limitErrors(deeper) == [
        "everything/everything.de.xhtml:4:501: error: elements nest deeper than 100 levels (partials included); flatten the template [AVV003]",
    ])
}

@Test func expressionsUpToTheLimitsCompile() throws {
    let nots = String(repeating: "not ", count: ExpressionParser.maxDepth)
    #expect(try limitErrors("<p avv:if=\"\(nots)remote.recording\">x</p>") == [])
    #expect(try limitErrors("<p avv:if=\"\(nots)not remote.recording\">x</p>") == [
        "everything/everything.de.xhtml:4:140: error: the expression nests deeper than 32 levels [AVV003]",
    ])
    let list = "[" + Array(repeating: "'a'", count: 497).joined(separator: ",") + "]"  // 999 tokens
    let accepted = try limitErrors("<p avv:if=\"remote.tool in \(list)\">x</p>")
    #expect(accepted.isEmpty, "\(accepted)")
    let longer = "[" + Array(repeating: "'a'", count: 498).joined(separator: ",") + "]"  // 1,001 tokens
    #expect(try limitErrors("<p avv:if=\"remote.tool in \(longer)\">x</p>") == [
        "everything/everything.de.xhtml:4:12: error: the expression has more than 1000 parts; split the condition or use a list field [AVV003]",
    ])
}

@Test func deepListsAndBracketsAreBounded() throws {
    let brackets = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
    #expect(try limitErrors("<p avv:if=\"remote.tool in \(brackets)\">x</p>").first?.hasSuffix("the expression has more than 1000 parts; split the condition or use a list field [AVV003]") == true)
    let nested = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
    let errors = try limitErrors("<p avv:if=\"remote.tool in \(nested)\">x</p>")
    #expect(errors == [
        "everything/everything.de.xhtml:4:59: error: the expression nests deeper than 32 levels [AVV003]",
    ], "\(errors)")
}

@Test func aSuggestionForAHugeUnknownWordIsCheap() {
    let word = String(repeating: "x", count: 1_000_000)
    #expect(Suggestion.closest(to: word, in: ["name", "city"]) == nil)
}
