import Foundation
import Testing

@testable import AVVKit

/// `Manifest.encoded()` writes its bytes itself; they must stay those `JSONEncoder` wrote
/// before, which these tests keep as the oracle.
@Suite struct ManifestJSONTests {
    /// The encoding `Manifest.encoded()` used until it wrote bytes directly.
    static func encoderBytes(_ manifest: Manifest) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(manifest)
        data.append(0x0A)
        return data
    }

    /// Strings that JSON writers disagree about, or that are easy to get wrong.
    static let awkward: [String] = [
        "",
        "plain",
        "quote \" inside",
        "\"",
        "back\\slash \\\\ \\n",
        "a/b//c </script>",
        "\u{0}\u{1}\u{2}\u{7}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{1A}\u{1B}\u{1F}",
        "line\nbreak\r\nand\ttab",
        "\u{7F} delete, \u{80}\u{9F} C1, \u{A0} no-break space, \u{AD} soft hyphen",
        "separators \u{2028} and \u{2029}",
        "Grüße, Straße, Société, Łódź, Ελλάδα, 日本",
        "emoji 😀 👩‍👩‍👧 🇩🇪 e\u{301}",
        "\u{FEFF}byte order mark, \u{FFFD} replacement, \u{10FFFF}",
        "ends with a backslash \\",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"1234567\\\u{1F}abcdefgä\u{7F}\u{80}0123456\"",
    ]

    /// A manifest with every field, each string field set to `text`.
    static func full(_ text: String) -> Manifest {
        Manifest(
            toolVersion: text, date: text, language: .en, templateSetVersion: text,
            inputs: [Manifest.Input(path: text, sha256: text), Manifest.Input(path: "b/c.yaml", sha256: "00")],
            outputs: [Manifest.Output(path: text, sha256: text, bytes: 56_453)],
            findings: [Manifest.Finding(code: text, severity: "warning", message: text)],
            approval: ManifestApproval(
                approved: false, draft: true, file: text, sha256: text,
                clauses: [
                    .init(document: text, clause: text, file: text, sha256: text, approved: true,
                          approvedSha256: text, approvedBy: text, approvalDate: text),
                    .init(document: "av-vertrag", clause: "§ 3", file: "x.xhtml", sha256: "ab", approved: false,
                          approvedSha256: nil, approvedBy: nil, approvalDate: nil),
                ]))
    }

    @Test(arguments: awkward)
    func awkwardStringsEncodeAsJSONEncoderDid(_ text: String) throws {
        let manifest = Self.full(text)
        #expect(manifest.encoded() == (try Self.encoderBytes(manifest)))
        #expect(try JSONDecoder().decode(Manifest.self, from: manifest.encoded()) == manifest)
    }

    @Test func everyControlCharacterAndSlashIsEscapedAsBefore() throws {
        var text = ""
        for value in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        let manifest = Manifest(toolVersion: text, date: "", language: .de, templateSetVersion: "",
                                inputs: [], outputs: [])
        let json = String(decoding: manifest.encoded(), as: UTF8.self)
        #expect(manifest.encoded() == (try Self.encoderBytes(manifest)))
        #expect(json.contains(#""toolVersion" : "\u0000\u0001"#))
        #expect(json.contains(#"\b\t\n\u000b\f\r\u000e"#))
        #expect(json.contains(##"\u001f !\"#$%&'()*+,-./0123"##))
        #expect(json.contains(#"[\\]^_`"#))
    }

    @Test func emptyListsAndMissingOptionals() throws {
        let empty = Manifest(toolVersion: "1", date: "2026-11-22", language: .de, templateSetVersion: "1",
                             inputs: [], outputs: [], findings: [],
                             approval: ManifestApproval(approved: true, draft: false, file: "approvals.json",
                                                        sha256: nil, clauses: []))
        #expect(empty.encoded() == (try Self.encoderBytes(empty)))
        #expect(String(decoding: empty.encoded(), as: UTF8.self) == """
            {
              "approval" : {
                "approved" : true,
                "clauses" : [

                ],
                "draft" : false,
                "file" : "approvals.json"
              },
              "date" : "2026-11-22",
              "findings" : [

              ],
              "inputs" : [

              ],
              "language" : "de",
              "outputs" : [

              ],
              "schemaVersion" : 1,
              "templateSetVersion" : "1",
              "toolVersion" : "1"
            }

            """)
        let bare = Manifest(toolVersion: "1", date: "", language: .en, templateSetVersion: "", inputs: [],
                            outputs: [], findings: nil, approval: nil)
        #expect(bare.encoded() == (try Self.encoderBytes(bare)))
    }

    @Test(arguments: [0, 1, -1, 9, 10, 1_000_000, Int.max, Int.min])
    func integersEncodeAsJSONEncoderDid(_ number: Int) throws {
        let manifest = Manifest(schemaVersion: number, toolVersion: "1", date: "", language: .de,
                                templateSetVersion: "", inputs: [],
                                outputs: [Manifest.Output(path: "a", sha256: "b", bytes: number)])
        #expect(manifest.encoded() == (try Self.encoderBytes(manifest)))
    }

    /// Random strings drawn from the characters above, in random manifests.
    @Test func randomManifestsEncodeAsJSONEncoderDid() throws {
        var random = SplitMix64(seed: 0x4D41_4E49)
        let scalars = Array(Set(Self.awkward.joined().unicodeScalars)).sorted { $0.value < $1.value }
        func text() -> String {
            var string = ""
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                string.unicodeScalars.append(scalars.randomElement(using: &random)!)
            }
            return string
        }
        func optional() -> String? { Bool.random(using: &random) ? text() : nil }
        for _ in 0..<300 {
            let manifest = Manifest(
                toolVersion: text(), date: text(), language: Bool.random(using: &random) ? .de : .en,
                templateSetVersion: text(),
                inputs: (0..<Int.random(in: 0...3, using: &random)).map { _ in .init(path: text(), sha256: text()) },
                outputs: (0..<Int.random(in: 0...3, using: &random)).map { _ in
                    .init(path: text(), sha256: text(), bytes: Int.random(in: 0...100_000, using: &random))
                },
                findings: Bool.random(using: &random) ? nil : (0..<Int.random(in: 0...2, using: &random)).map { _ in
                    .init(code: text(), severity: text(), message: text())
                },
                approval: Bool.random(using: &random) ? nil : ManifestApproval(
                    approved: Bool.random(using: &random), draft: Bool.random(using: &random), file: text(),
                    sha256: optional(),
                    clauses: (0..<Int.random(in: 0...3, using: &random)).map { _ in
                        .init(document: text(), clause: text(), file: text(), sha256: text(),
                              approved: Bool.random(using: &random), approvedSha256: optional(),
                              approvedBy: optional(), approvalDate: optional())
                    }))
            let bytes = manifest.encoded()
            #expect(bytes == (try Self.encoderBytes(manifest)))
            if bytes != (try Self.encoderBytes(manifest)) { break }
        }
    }

    /// The approval member is written once per record and copied after (a batch's customers
    /// share it): manifests that share a record, records that differ in one field, and more
    /// records than the memo keeps, each as JSONEncoder wrote it.
    @Test func sharedApprovalRecordsEncodeAsJSONEncoderDid() throws {
        func record(_ variant: Int) -> ManifestApproval {
            ManifestApproval(
                approved: variant % 2 == 0, draft: false, file: "approvals.json", sha256: "s\(variant % 3)",
                clauses: (0..<(3 + variant % 4)).map { index in
                    .init(document: "av-vertrag", clause: "klausel-\(index)", file: "av-vertrag/av.de.xhtml",
                          sha256: "h\(index)", approved: index != variant, approvedSha256: "h\(index)",
                          approvedBy: index == variant ? nil : "Juristin", approvalDate: "2026-11-22")
                })
        }
        // Twenty records, more than the memo keeps, each met again and again, in turn.
        for round in 0..<3 {
            for variant in 0..<(ManifestJSON.ApprovalFragments.capacity + 12) {
                let manifest = Manifest(
                    toolVersion: "1", date: "2026-11-2\(round)", language: .de, templateSetVersion: "1", inputs: [],
                    outputs: [Manifest.Output(path: "kunde-\(variant)/av.html", sha256: "x\(round)", bytes: variant)],
                    findings: nil, approval: record(variant))
                let bytes = manifest.encoded()
                #expect(bytes == (try Self.encoderBytes(manifest)), "round \(round), record \(variant)")
            }
        }
    }

    /// The manifest `avv generate` writes for a shipped example, approvals included.
    @Test func shippedExampleManifestEncodesAsJSONEncoderDid() throws {
        let set = try TemplateSet.load(directory: ShippedTemplates.directory)
        let customer = try CustomerData.load(path: ShippedTemplates.directory + "/examples/intellekta.yaml",
                                             schema: set.schema)
        let approval = try ApprovalState.load(for: set)
        let result = try Generator.generate(templates: set, data: customer, language: .de, date: "2026-11-22",
                                            approval: approval, draft: true)
        let file = try #require(result.files.first { $0.relativePath.hasSuffix(".json") })
        let manifest = try JSONDecoder().decode(Manifest.self, from: file.contents)
        #expect(manifest.approval?.clauses.isEmpty == false)
        #expect(file.contents == (try Self.encoderBytes(manifest)))
    }
}
