import AVVKit
import Foundation
import Testing
@testable import AVVServer

@Suite struct FormModelTests {
    @Test(arguments: [
        ("controller.address.city", "controller.address.city", "controller-address-city"),
        ("processor.subprocessors[0].name", "processor.subprocessors[0].name", "processor-subprocessors-0-name"),
        ("controller.dataCategories[12]", "controller.dataCategories[12]", "controller-dataCategories-12"),
    ])
    func fieldPathsRoundTrip(name: String, description: String, identifier: String) throws {
        let path = try #require(FieldPath(parsing: name))
        #expect(path.description == description)
        #expect(path.identifier == identifier)
    }

    @Test(arguments: ["", ".", "a..b", "a[", "a[]", "a[x]", "a[1000]", "a[-1]", "a]b", "a[1]b",
                      Array(repeating: "a", count: 20).joined(separator: ".")])
    func malformedFieldNamesAreRefused(name: String) {
        #expect(FieldPath(parsing: name) == nil)
    }

    @Test func formValuesBecomeDataTypedByTheSchema() throws {
        let schema = Repo.setup.templates.schema.root
        let tree = FormTree(fields: [
            ("controller.company", "  Muster GmbH  "),
            ("controller.legalForm", ""),
            ("controller.professionalSecrecy", "true"),
            ("controller.dataCategories[0]", ""),
            ("controller.dataCategories[3]", "Lohndaten"),
            ("controller.register.court", ""),
            ("controller.register.number", ""),
            ("processor.breachNoticeHours", "24"),
            ("processor.priceModel.perMinute.net", "1,40"),
            ("processor.priceModel.baseFee.net", "12"),
            ("processor.priceModel.vatRatePercent", "neunzehn"),
            ("processor.subprocessors[5].name", "Relay Inc."),
            ("processor.subprocessors[2].name", ""),
            ("_csrf", "ignored"), ("bogus[", "ignored"),
        ])
        let result = FormConverter.convert(tree, schema: schema)
        let controller = try #require(result.data["controller"])
        #expect(controller["company"] == .string("Muster GmbH"))
        #expect(controller["legalForm"] == nil)
        #expect(controller["register"] == nil)          // an optional group left empty is left out
        #expect(controller["professionalSecrecy"] == .bool(true))
        #expect(controller["dataCategories"] == .array([.string("Lohndaten")]))
        let processor = try #require(result.data["processor"])
        #expect(processor["breachNoticeHours"] == .integer(24))
        #expect(processor["priceModel"]?["perMinute"]?["net"] == .number(1.4))
        #expect(processor["priceModel"]?["baseFee"]?["net"] == .integer(12))
        #expect(processor["priceModel"]?["vatRatePercent"] == .string("neunzehn")) // the validator says why
        #expect(processor["recording"]?["enabled"] == .bool(false))               // an unticked box
        #expect(processor["subprocessors"]?.arrayCount == 1)
        // The form tree lost its empty rows too, so row numbers match the data's.
        #expect(result.tree.value(at: FieldPath(parsing: "processor.subprocessors[0].name")!)?.text == "Relay Inc.")
        #expect(result.tree.value(at: FieldPath(parsing: "controller.dataCategories[0]")!)?.text == "Lohndaten")
    }

    @Test func yamlRoundTripsThroughTheCLIsLoader() throws {
        let data = DataValue.object([
            "controller": .object([
                "company": .string("Müller & Söhne \"Praxis\" GmbH"),
                "tricky": .array([.string("no"), .string("0049 6151"), .string("2026-11-21"), .string("a: b # c"),
                                  .string("line\nbreak\ttab"), .string(""), .string("- dash"), .string("\u{1F600} emoji")]),
                "flag": .bool(false), "count": .integer(-3), "price": .number(1.4), "whole": .number(12),
                "empty": .array([]), "nothing": .object([:]),
                "rows": .array([.object(["name": .string("A"), "address": .object(["city": .string("B")])]),
                                .object(["name": .string("C")])]),
            ]),
            "true": .string("key that looks like a boolean"),
        ])
        let yaml = YAMLWriter.write(data, schema: nil, header: ["a comment"])
        #expect(yaml.hasPrefix("# a comment\n"))
        let loaded = try DataLoader.load(text: yaml, file: "t.yaml", format: .yaml)
        #expect(loaded.root == data, "\(yaml)")
    }

    @Test func yamlKeysFollowTheSchemaOrder() throws {
        let data = try DataLoader.load(path: Repo.example("intellekta")).root
        let yaml = YAMLWriter.write(data, schema: Repo.setup.templates.schema.root)
        let controller = try #require(yaml.range(of: "controller:")).lowerBound
        let processor = try #require(yaml.range(of: "\nprocessor:")).lowerBound
        #expect(controller < processor)
        #expect(yaml.contains("\n  company: \"Hartmann & Kollegen Steuerberatungsgesellschaft mbH\"\n  legalForm:"))
        #expect(yaml.contains("  subprocessors:\n    - name: "))
    }

    @Test func crc32AndTheZIPLayout() throws {
        #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926)
        let zip = try ZIPWriter.archive([
            .init(name: "a/ü.txt", contents: Data("hello\n".utf8)), .init(name: "a/b.json", contents: Data()),
        ], date: "2026-11-21")
        let entries = try zipEntries(zip)
        #expect(entries == ["a/ü.txt": Data("hello\n".utf8), "a/b.json": Data()])
        // Same input, same bytes: the date is the document date, not the clock.
        #expect(try ZIPWriter.archive([.init(name: "x", contents: Data("1".utf8))], date: "2026-11-21")
            == ZIPWriter.archive([.init(name: "x", contents: Data("1".utf8))], date: "2026-11-21"))
        #expect(ZIPWriter.dosDateTime("2026-11-21").date == UInt16((2026 - 1980) << 9 | 11 << 5 | 21))
    }

    @Test func pythonReadsTheZIP() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/python3")
            || ProcessInfo.processInfo.environment["PATH"]?.contains("pyenv") == true else { return }
        let zip = try ZIPWriter.archive([.init(name: "d/x.txt", contents: Data("Grüße\n".utf8))], date: "2026-11-21")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("avv-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: file) }
        try zip.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            assert z.namelist() == ['d/x.txt'], z.namelist()
            assert z.read('d/x.txt').decode() == 'Grüße\\n'
            assert z.getinfo('d/x.txt').date_time[:3] == (2026, 11, 21)
            """, file.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func multipartBodiesAreParsedAndBounded() {
        let body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"data\"; filename=\"c.yaml\"\r\nContent-Type: application/yaml\r\n\r\na: 1\r\n--XyZ--\r\n".utf8)
        let parts = FormBody.multipart(body, contentType: "multipart/form-data; boundary=XyZ")
        #expect(parts?.map(\.name) == ["_csrf", "data"])
        #expect(parts?.last?.filename == "c.yaml")
        #expect(parts?.last.map { String(decoding: $0.contents, as: UTF8.self) } == "a: 1")
        #expect(FormBody.multipart(Array("garbage".utf8), contentType: "multipart/form-data; boundary=XyZ") == nil)
        #expect(FormBody.multipart(body, contentType: "text/plain") == nil)
    }

    @Test func urlEncodedBodies() {
        let fields = FormBody.urlEncoded(Array("a=1+2&b=%C3%BC%26&c&=x&d=%zz".utf8))
        #expect(fields.map(\.name) == ["a", "b", "c", "", "d"])
        #expect(fields.map(\.value) == ["1 2", "ü&", "", "x", "%zz"])
        let many = Array(String(repeating: "a=1&", count: FormBody.maxFields + 10).utf8)
        #expect(FormBody.urlEncoded(many).count == FormBody.maxFields)
    }

    @Test(arguments: [("127.0.0.1", true), ("127.1.2.3", true), ("localhost", true), ("::1", true), ("[::1]", true),
                      ("0.0.0.0", false), ("192.168.1.5", false), ("::", false), ("127.0.0", false), ("example.org", false)])
    func onlyLoopbackStartsWithoutCredentials(host: String, loopback: Bool) {
        #expect(BindPolicy.isLoopback(host) == loopback)
        #expect((BindPolicy.refusal(host: host, credentials: nil) == nil) == loopback)
        #expect(BindPolicy.refusal(host: host, credentials: Credentials(user: "a", password: "b")) == nil)
    }

    @Test func credentialsFromTheEnvironmentVariable() {
        #expect(Credentials("sales:pa:ss") == Credentials(user: "sales", password: "pa:ss"))
        #expect(Credentials("nopassword") == nil)
        #expect(Credentials(":x") == nil)
        #expect(Credentials("x:") == nil)
    }

    @Test func theValidatorIgnoresTheEnglishAnnotationsAndTheFormReadsThem() throws {
        let schema = Repo.setup.templates.schema.root
        let address = try #require(schema.node(atPath: ["controller", "address"]))
        #expect(address.title == "Anschrift des Kunden")
        #expect(address.annotation("x-title-en") == "Customer's address")   // beside the $ref, not the definition's
        #expect(schema.node(atPath: ["controller", "address", "city"])?.annotation("x-title-en") == "City")
        #expect(FormSchema.title(address, name: "address", language: .en) == "Customer's address")
        #expect(FormSchema.title(address, name: "address", language: .de) == "Anschrift des Kunden")
        // Every example is still valid with the annotated schema.
        for example in ["intellekta", "lenze", "massoth", "netzbutler", "plantec", "english-customer"] {
            let loaded = try DataLoader.load(path: Repo.example(example))
            #expect(SchemaValidator.validate(loaded, against: Repo.setup.templates.schema).filter { $0.severity == .error }.isEmpty)
        }
    }
}

extension DataValue {
    var arrayCount: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }
}
