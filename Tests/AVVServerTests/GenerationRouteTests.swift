import AVVKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AVVServer

/// Runs the built `avv` binary (the tests depend on it, so `swift test` builds it first).
private func runCLI(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("avv").path), dir.path != "/" {
        dir.deleteLastPathComponent()
    }
    let process = Process()
    process.executableURL = dir.appendingPathComponent("avv")
    process.arguments = arguments
    let err = Pipe()
    process.standardError = err
    process.standardOutput = Pipe()
    try process.run()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
}

private func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("avv-server-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct GenerationRouteTests {
    static let date = "2026-11-21"

    /// Submits an example customer through the form, both languages; returns the preview page.
    private func submit(_ example: String, session: FormSession) async throws -> (TestResponse, DataValue) {
        let data = try DataLoader.load(path: Repo.example(example)).root
        let response = try await session.post(FormEncoding.fields(for: data) + [
            ("_date", Self.date), ("_doclang", "de,en"), ("_lang", "de"),
        ])
        return (response, data)
    }

    @Test(arguments: ["intellekta", "english-customer", "massoth"])
    func validInputGivesTheCLIsDocuments(example: String) async throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cli = try runCLI(["generate", Repo.example(example), "--templates", Repo.templates, "--out", out,
                              "--lang", "de", "--lang", "en", "--date", Self.date])
        #expect(cli.status == 0, "\(cli.stderr)")

        try await app().test(.router) { client in
            var session = FormSession(client)
            _ = try await session.open()
            let (response, _) = try await submit(example, session: session)
            let page = String(buffer: response.body)
            #expect(response.status == .ok, "\(page.prefix(3000))")
            let id = try #require(resultID(in: page))
            var compared = 0
            for language in ["de", "en"] {
                for kind in Repo.setup.templates.kinds {
                    for ext in ["html", "txt"] {
                        let name = "\(kind).\(language).\(ext)"
                        let served = try await session.get("/results/\(id)/\(name)?download=1")
                        #expect(served.status == .ok)
                        #expect(served.headers[.contentDisposition] == "attachment; filename=\"\(name)\"")
                        let folder = try #require(FileManager.default.enumerator(atPath: out)?
                            .compactMap { $0 as? String }.first { $0.hasSuffix("/" + name) })
                        let expected = try Data(contentsOf: URL(fileURLWithPath: out + "/" + folder))
                        #expect(Data(buffer: served.body) == expected, "\(name) differs from the CLI's")
                        compared += 1
                    }
                    // The preview shows each document in a frame.
                    #expect(page.contains("<iframe src=\"/results/\(id)/\(kind).\(language).html\""))
                }
                // The manifest is the CLI's but for the data file's name (the form has no file).
                let manifestName = "manifest.\(language).json"
                let served = try await session.get("/results/\(id)/\(manifestName)")
                let folder = try #require(FileManager.default.enumerator(atPath: out)?
                    .compactMap { $0 as? String }.first { $0.hasSuffix("/" + manifestName) })
                var expected = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/" + folder)))
                var actual = try JSONDecoder().decode(Manifest.self, from: Data(buffer: served.body))
                #expect(actual.inputs.first?.path == Generation.dataFileName)
                expected.inputs.removeFirst()
                actual.inputs.removeFirst()
                #expect(actual == expected)
            }
            #expect(compared == 8)
            #expect(page.contains("Prüfergebnis"))
        }
    }

    @Test func theZIPHoldsBothDocumentsTheManifestAndTheDataThatRegenerates() async throws {
        try await app().test(.router) { client in
            var session = FormSession(client)
            _ = try await session.open()
            let (response, original) = try await submit("intellekta", session: session)
            let page = String(buffer: response.body)
            let id = try #require(resultID(in: page))
            let zipName = try #require(page.range(of: "id=\"download-zip\" href=\"/results/\(id)/").map {
                String(page[$0.upperBound...].prefix(while: { $0 != "?" }))
            })
            let zip = try await session.get("/results/\(id)/\(zipName)")
            #expect(zip.status == .ok)
            #expect(zip.headers[.contentType] == "application/zip")
            let entries = try zipEntries(Data(buffer: zip.body))
            let names = entries.keys.map { ($0 as NSString).lastPathComponent }.sorted()
            #expect(names == [
                "av-vertrag.de.html", "av-vertrag.de.txt", "av-vertrag.en.html", "av-vertrag.en.txt", "customer.yaml",
                "fernwartung.de.html", "fernwartung.de.txt", "fernwartung.en.html", "fernwartung.en.txt",
                "manifest.de.json", "manifest.en.json",
            ])
            #expect(Set(entries.keys.map { ($0 as NSString).deletingLastPathComponent }).count == 1)

            // The YAML is the data that was submitted, and the CLI renders the same documents from it.
            let yamlEntry = try #require(entries.first { $0.key.hasSuffix("/customer.yaml") })
            let loaded = try DataLoader.load(data: yamlEntry.value, file: "customer.yaml", format: .yaml)
            guard case .object(var members) = original else { Issue.record("not an object"); return }
            members["$schema"] = nil
            // A checkbox is always an answer: the unticked "with audio" box becomes an explicit false.
            if case .object(var processor)? = members["processor"], case .object(var recording)? = processor["recording"] {
                recording["withAudio"] = recording["withAudio"] ?? .bool(false)
                processor["recording"] = .object(recording)
                members["processor"] = .object(processor)
            }
            #expect(loaded.root == .object(members))
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try yamlEntry.value.write(to: URL(fileURLWithPath: dir + "/customer.yaml"))
            let cli = try runCLI(["generate", dir + "/customer.yaml", "--templates", Repo.templates, "--out", dir + "/out",
                                  "--lang", "de", "--date", Self.date])
            #expect(cli.status == 0, "\(cli.stderr)")
            let html = try #require(entries.first { $0.key.hasSuffix("/av-vertrag.de.html") })
            let regenerated = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/" + html.key))
            #expect(regenerated == html.value)

            // The manifest's data hash is the YAML's.
            let manifestEntry = try #require(entries.first { $0.key.hasSuffix("/manifest.de.json") })
            let manifest = try JSONDecoder().decode(Manifest.self, from: manifestEntry.value)
            #expect(manifest.inputs.first == Manifest.Input(path: "customer.yaml", contents: yamlEntry.value))
        }
    }

    @Test func theUploadedYAMLFillsTheForm() async throws {
        try await app().test(.router) { client in
            var session = FormSession(client)
            _ = try await session.open()
            let yaml = try String(contentsOfFile: Repo.example("massoth"), encoding: .utf8)
            let boundary = "----avvtest7MA4YWxkTrZu0gW"
            var body = ""
            for (name, value) in [("_csrf", session.token), ("_lang", "de")] {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"data\"; filename=\"customer.yaml\"\r\n"
            body += "Content-Type: application/yaml\r\n\r\n\(yaml)\r\n--\(boundary)--\r\n"
            var headers = session.cookieHeader
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let response = try await client.execute(uri: "/upload", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.contains("name=\"controller.company\" value=\"Modellbahnstudio Kessler GmbH\""))
            #expect(page.contains("„customer.yaml“ wurde geladen"))

            // A file that is not YAML: the error is shown at the upload field.
            let broken = body.replacingOccurrences(of: yaml, with: "controller: [unclosed")
            let bad = try await client.execute(uri: "/upload", method: .post, headers: headers, body: ByteBuffer(string: broken))
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("<p class=\"error\" id=\"e-upload\">"))
        }
    }

    @Test func backToTheFormKeepsTheValues() async throws {
        try await app().test(.router) { client in
            var session = FormSession(client)
            _ = try await session.open()
            let (response, _) = try await submit("massoth", session: session)
            let id = try #require(resultID(in: String(buffer: response.body)))
            let edit = try await session.get("/results/\(id)/edit")
            let page = String(buffer: edit.body)
            #expect(page.contains("name=\"controller.company\" value=\"Modellbahnstudio Kessler GmbH\""))
            #expect(page.contains("<option value=\"de,en\" selected>"))
            let gone = try await session.get("/results/\(String(repeating: "0", count: 32))/edit")
            #expect(gone.status == .notFound)
        }
    }

    @Test func resultsAreSavedToTheConfiguredOutputFolder() async throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        var setup = Repo.setup
        setup.outputDirectory = out + "/saved"
        try await app(setup).test(.router) { client in
            var session = FormSession(client)
            _ = try await session.open()
            let (response, _) = try await submit("massoth", session: session)
            #expect(response.status == .ok)
        }
        let written = FileManager.default.enumerator(atPath: out + "/saved")?.compactMap { $0 as? String } ?? []
        #expect(written.contains { $0.hasSuffix("/customer.yaml") })
        #expect(written.contains { $0.hasSuffix("/av-vertrag.en.html") })
    }
}
