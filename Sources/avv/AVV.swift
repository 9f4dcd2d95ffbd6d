import ArgumentParser
import AVVKit

@main
struct AVV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avv",
        abstract: "Generates and checks German data-processing agreements (AV-Vertrag, Art. 28 DSGVO)."
    )
}
