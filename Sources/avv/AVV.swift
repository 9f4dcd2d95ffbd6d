import ArgumentParser
import AVVKit
import Foundation

@main
struct AVV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avv",
        abstract: "Generates and checks German data-processing agreements (AV-Vertrag, Art. 28 DSGVO) and remote-maintenance terms.",
        // Each subcommand spells out its name: ArgumentParser derives a missing one from the
        // type by reflection, at each of the 27 lookups of a run (8 M instructions).
        subcommands: [Generate.self, Examples.self, Check.self, Approve.self, Review.self]
    )
}

/// Prints diagnostics to standard error the way compilers do, with source lines.
enum Report {
    static let formatter = DiagnosticFormatter { path in try? String(contentsOfFile: path, encoding: .utf8) }

    static func diagnostics(_ diagnostics: [Diagnostic]) {
        FileHandle.standardError.write(Data(formatter.format(diagnostics).utf8))
    }

    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
