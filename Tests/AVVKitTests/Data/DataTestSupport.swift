import Foundation
import Testing
@testable import AVVKit

/// Helpers shared by the data tests: fixtures by path, loading text, pinning diagnostics.
enum DataFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Data")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func schema() throws -> JSONSchema {
        try JSONSchema.load(path: path("schema.json"), displayPath: "schema.json")
    }

    static func text(_ name: String) -> String {
        (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? ""
    }
}

/// Diagnostics as the command line prints them, source line and caret included.
func formatted(_ diagnostics: [Diagnostic], source: String) -> String {
    DiagnosticFormatter(source: { _ in source }).format(diagnostics)
}

/// The diagnostics that loading `text` throws (empty when it loads).
func loadErrors(_ text: String, format: DataFormat = .yaml, file: String = "customer.yaml") -> [Diagnostic] {
    do {
        _ = try DataLoader.load(text: text, file: file, format: format)
        return []
    } catch {
        return error.diagnostics
    }
}

/// Loading errors of `text`, formatted with their source lines.
func formattedLoadErrors(_ text: String, format: DataFormat = .yaml, file: String = "customer.yaml") -> String {
    formatted(loadErrors(text, format: format, file: file), source: text)
}

/// The diagnostics that parsing schema `text` throws (empty when it parses).
func schemaErrors(_ text: String, file: String = "schema.json") -> [Diagnostic] {
    do {
        _ = try JSONSchema.parse(text: text, file: file)
        return []
    } catch {
        return error.diagnostics
    }
}
