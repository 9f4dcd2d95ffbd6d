import Foundation
import Testing

@testable import AVVKit

@Test func sha256OfKnownValues() {
    #expect(Hashing.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(Hashing.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(Hashing.sha256Hex("Grüße") == Hashing.sha256Hex(Data("Grüße".utf8)))
    #expect(Hashing.sha256Hex(Data([0xFF, 0x00])).count == 64)
}

@Test func manifestEncodingIsDeterministicAndPinned() throws {
    let html = Data("<html/>".utf8)
    let manifest = Manifest(
        toolVersion: "0.1.0", date: "2026-11-21", language: .de, templateSetVersion: "2026.1",
        inputs: [Manifest.Input(path: "kunden/müller.yaml", contents: Data("a: 1\n".utf8))],
        outputs: [Manifest.Output(path: "mueller/av-vertrag.de.html", contents: html)])
    let json = String(decoding: manifest.encoded(), as: UTF8.self)
    #expect(json == """
        {
          "date" : "2026-11-21",
          "inputs" : [
            {
              "path" : "kunden/müller.yaml",
              "sha256" : "\(Hashing.sha256Hex("a: 1\n"))"
            }
          ],
          "language" : "de",
          "outputs" : [
            {
              "bytes" : 7,
              "path" : "mueller/av-vertrag.de.html",
              "sha256" : "\(Hashing.sha256Hex(html))"
            }
          ],
          "schemaVersion" : 1,
          "templateSetVersion" : "2026.1",
          "toolVersion" : "0.1.0"
        }

        """)
    #expect(manifest.encoded() == manifest.encoded())
    let decoded = try JSONDecoder().decode(Manifest.self, from: manifest.encoded())
    #expect(decoded == manifest)
}

@Test func manifestCarriesFindingsWhenGiven() throws {
    let manifest = Manifest(
        toolVersion: "0.1.0", date: "2026-11-21", language: .en, templateSetVersion: "1", inputs: [],
        outputs: [], findings: [Manifest.Finding(code: "AVV500", severity: "warning", message: "a/b \"c\"")])
    let json = String(decoding: manifest.encoded(), as: UTF8.self)
    #expect(json.contains("\"message\" : \"a/b \\\"c\\\"\""))
    #expect(try JSONDecoder().decode(Manifest.self, from: manifest.encoded()) == manifest)
}
