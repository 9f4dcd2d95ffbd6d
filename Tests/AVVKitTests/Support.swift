import Foundation
@testable import AVVKit

/// Paths to test fixtures, found from this file's location.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// The repository root (`Tests/AVVKitTests/` is two levels below it).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func path(_ relative: String) -> String { root + "/" + relative }
}

/// A temporary directory removed when the value goes away in a `defer`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("avv-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a template set over the "everything" fixture's manifest and schema whose one
    /// document is, per language, a page around `body(language)` (lines 1–3 are the page's
    /// head, so the body starts on line 4); nil gives a page with an empty body.
    func writeEverythingSet(_ body: (_ language: String) -> String?) throws {
        try write("templates.json", String(contentsOfFile: Fixtures.path("Everything/templates.json"), encoding: .utf8))
        try write("schema.json", String(contentsOfFile: Fixtures.path("Everything/schema.json"), encoding: .utf8))
        for language in ["de", "en"] {
            try write("everything/everything.\(language).xhtml", """
                <html xmlns="http://www.w3.org/1999/xhtml" xmlns:avv="urn:avv:template" lang="\(language)">
                <head><title>T</title></head>
                <body>
                \(body(language) ?? "")
                </body>
                </html>

                """)
        }
    }
}
