import ArgumentParser
import AVVKit
import AVVServer
import Foundation

/// `avv-server`: the web form for sales, over the same library as `avv`.
@main
struct AVVServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avv-server",
        abstract: "Serve the web form that fills in a customer and renders the AV-Vertrag and Fernwartungsbedingungen.",
        discussion: """
            Open http://HOST:PORT/ in a browser (?lang=en for English labels). Listens on
            127.0.0.1 unless --host says otherwise; any other address needs HTTP basic-auth
            credentials in \(Credentials.environmentVariable)=user:password. Nothing is written
            on the server unless --out names a folder.
            """
    )

    @Option(help: "The template set folder.")
    var templates = "Templates"

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port = 8080

    @Option(help: "A data file whose provider part (processor) is used for every customer and shown read-only.")
    var provider: String?

    @Option(help: "Also write every generated result below this folder (default: nothing is written).")
    var out: String?

    func run() async throws {
        let credentials = ProcessInfo.processInfo.environment[Credentials.environmentVariable].flatMap(Credentials.init)
        if ProcessInfo.processInfo.environment[Credentials.environmentVariable] != nil, credentials == nil {
            FileHandle.standardError.write(Data("avv-server: \(Credentials.environmentVariable) must be user:password\n".utf8))
            throw ExitCode(64)
        }
        if let refusal = BindPolicy.refusal(host: host, credentials: credentials) {
            FileHandle.standardError.write(Data("avv-server: \(refusal)\n".utf8))
            throw ExitCode(64)
        }
        let setup: ServerSetup
        do {
            setup = try ServerSetup.load(templates: templates, provider: provider, outputDirectory: out)
        } catch {
            let formatter = DiagnosticFormatter { path in try? String(contentsOfFile: path, encoding: .utf8) }
            let text = formatter.format(error.diagnostics)
            FileHandle.standardError.write(Data((text + "\n").utf8))
            throw ExitCode(1)
        }
        let host = self.host
        let app = AVVServerApp.application(setup: setup, host: host, port: port, credentials: credentials) { port in
            let shown = host.contains(":") ? "[\(host)]" : host
            // Unbuffered, so that a script waiting for this line sees it at once.
            FileHandle.standardOutput.write(Data("avv-server: open http://\(shown):\(port)/ (English: http://\(shown):\(port)/?lang=en)\n".utf8))
        }
        try await app.runService()
    }
}
