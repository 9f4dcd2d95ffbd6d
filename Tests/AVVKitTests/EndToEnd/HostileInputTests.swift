import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Broken data files and templates through the real binary: exit 1, a compiler-style
/// diagnostic with file:line:col (and the field, where there is one), nothing written, no
/// crash and no hang.
@Suite struct HostileInputTests {
    /// A data file built from the fixture customer, and the first line `avv` must print.
    struct DataCase: CustomTestStringConvertible, Sendable {
        var file: String
        var bytes: @Sendable (String) -> [UInt8]
        var firstLine: String
        var testDescription: String { file }
    }

    static func text(_ transform: @escaping @Sendable (String) -> String) -> @Sendable (String) -> [UInt8] {
        { Array(transform($0).utf8) }
    }

    static let dataCases: [DataCase] = [
        DataCase(file: "malformed.yaml", bytes: text { $0.replacingOccurrences(of: "  city: Köln\n", with: "  city: [Köln\n") },
                 firstLine: "malformed.yaml:5:10: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 4) in 'controller.city' [AVV200]"),
        DataCase(file: "trailing-comma.json", bytes: text { _ in "{\"controller\": {\"name\": \"X\", \"city\": \"Y\",}}\n" },
                 firstLine: "trailing-comma.json:1:41: error: controller: invalid JSON: a comma before '}'; remove it [AVV200]"),
        DataCase(file: "yaml-escape.json", bytes: text { _ in "{\"controller\": {\"name\": \"M\\x41\"}}" },
                 firstLine: "yaml-escape.json:1:27: error: controller.name: invalid JSON: '\\x' is not a JSON escape; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX [AVV200]"),
        DataCase(file: "latin1.yaml", bytes: { Array($0.replacingOccurrences(of: "Köln", with: "K\u{F6}ln").data(using: .isoLatin1)!) },
                 firstLine: "latin1.yaml:3:10: error: controller.name: invalid UTF-8 (byte 0xFC); save the file as UTF-8 [AVV002]"),
        DataCase(file: "binary.yaml", bytes: { _ in [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00] },
                 firstLine: "binary.yaml:1:1: error: invalid UTF-8 (byte 0x89); save the file as UTF-8 [AVV002]"),
        DataCase(file: "bom-crlf.yaml",
                 bytes: { [0xEF, 0xBB, 0xBF] + Array($0.replacingOccurrences(of: "priceModel: perMinute", with: "priceModel: per-minute").replacingOccurrences(of: "\n", with: "\r\n").utf8) },
                 firstLine: "bom-crlf.yaml:15:15: error: remote.priceModel: expected one of 'included', 'perMinute', 'baseFeePlusSteps', found 'per-minute'; did you mean 'perMinute'? [AVV204]"),
        DataCase(file: "laughs.yaml", bytes: text { customer in
                    var text = customer + "lol0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
                    for i in 1...9 { text += "lol\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
                    return text
                 },
                 firstLine: "laughs.yaml:31:47: error: lol4[7]: aliases expand to more than 100000 values; refusing to expand '*a3' [AVV003]"),
        DataCase(file: "duplicate.yaml", bytes: text { $0.replacingOccurrences(of: "  city: Köln\n", with: "  city: Köln\n  name: Schmidt\n") },
                 firstLine: "duplicate.yaml:5:3: error: controller.name: duplicate key 'name' [AVV211]"),
        DataCase(file: "deep.yaml", bytes: text { $0 + "extra: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n" },
                 firstLine: "deep.yaml:27:9: error: extra: values nest deeper than 64 levels [AVV003]"),
        DataCase(file: "huge.yaml", bytes: text { $0 + "notes: \"" + String(repeating: "x", count: 2 << 20) + "\"\n" },
                 firstLine: "error: 'huge.yaml' is larger than 1024 KiB (2097776 bytes) [AVV003]"),
        DataCase(file: "long-list.yaml", bytes: text { $0 + "dataCategories: [" + Array(repeating: "A", count: 10_001).joined(separator: ",") + "]\n" },
                 firstLine: "long-list.yaml:27:20018: error: dataCategories: more than 10000 items in a list [AVV003]"),
        DataCase(file: "wrong-type.yaml", bytes: text { $0.replacingOccurrences(of: "number: W-2026/0042", with: "number: 42") },
                 firstLine: "wrong-type.yaml:11:11: error: contract.number: expected a string, found the number 42; put it in quotes to keep it as text: \"42\" [AVV201]"),
        DataCase(file: "missing.yaml", bytes: text { $0.replacingOccurrences(of: "remote:\n  priceModel: perMinute\n  recording: true\n  tool: TeamViewer QuickSupport\n  pricePerMinute: 1.4\n", with: "") },
                 firstLine: "missing.yaml:2:1: error: missing required field 'remote' [AVV202]"),
        DataCase(file: "unknown.yaml", bytes: text { $0.replacingOccurrences(of: "  city: Köln\n", with: "  city: Köln\n  adress: Domplatz 1\n") },
                 firstLine: "unknown.yaml:5:3: error: controller.adress: unknown field; expected one of 'name', 'city', 'email', 'signatory', 'dpo' [AVV203]"),
        DataCase(file: "many-unknown.yaml", bytes: text { customer in customer + (0..<50_000).map { "k\($0): 1\n" }.joined() },
                 firstLine: "many-unknown.yaml:27:1: error: k0: unknown field; expected one of 'controller', 'processor', 'contract', 'remote', 'dataCategories', 'subprocessors' [AVV203]"),
        DataCase(file: "escaped-nul.yaml", bytes: text { $0.replacingOccurrences(of: "name: Müller & Söhne <GmbH>", with: "name: \"Müller\\u0000 & Söhne\"") },
                 firstLine: "escaped-nul.yaml:3:16: error: controller.name: contains the control character U+0000, which a document cannot show; remove it [AVV212]"),
        DataCase(file: "raw-escape.yaml", bytes: text { $0.replacingOccurrences(of: "  city: Köln", with: "  city: Kö\u{1B}[2Jln") },
                 firstLine: "raw-escape.yaml:4:11: error: controller.city: contains the control character U+001B, which a document cannot show; remove it [AVV212]"),
        DataCase(file: "lone-surrogate.json", bytes: text { _ in "{\"controller\": {\"name\": \"M\\ud83d\\ude00ller\", \"city\": \"K\\udc00\"}}" },
                 firstLine: "lone-surrogate.json:1:56: error: controller.city: contains the lone surrogate \\udc00, which is no character; a character above U+FFFF is written as a pair such as \\ud83d\\ude00 [AVV212]"),
        DataCase(file: "tag.yaml", bytes: text { $0.replacingOccurrences(of: "name: Müller & Söhne <GmbH>", with: "name: !!python/object:os.system x") },
                 firstLine: "tag.yaml:3:9: error: unsupported tag '!!python/object:os.system' [AVV200]"),
        DataCase(file: "empty.yaml", bytes: { _ in [] },
                 firstLine: "empty.yaml:1:1: error: expected a mapping of fields at the top level, found an empty file [AVV201]"),
        DataCase(file: "list.json", bytes: text { _ in "[1, 2, 3]" },
                 firstLine: "list.json:1:1: error: expected a mapping of fields at the top level, found a list [AVV201]"),
    ]

    @Test(arguments: dataCases)
    func badDataFileExitsOneWithItsPlaceAndWritesNothing(_ dataCase: DataCase) throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        let bytes = dataCase.bytes(try HostileRunner.customer())
        #expect(FileManager.default.createFile(atPath: dir.path + "/" + dataCase.file, contents: Data(bytes)))
        let result = try HostileRunner.run(["generate", "customer.yaml", dataCase.file], in: dir.path)
        #expect(!result.hung && !result.signalled, "no crash, no hang")
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr.split(separator: "\n").first.map(String.init) == dataCase.firstLine)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/Output"), "nothing is written")
    }

    @Test func aDiagnosticFloodIsCutAfterAHundred() throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        try dir.write("flood.yaml", try HostileRunner.customer() + (0..<50_000).map { "k\($0): 1\n" }.joined())
        let result = try HostileRunner.run(["generate", "flood.yaml"], in: dir.path)
        #expect(result.status == 1)
        #expect(result.stderr.components(separatedBy: "error: ").count - 1 == 100)
        #expect(result.stderr.hasSuffix("note: 49900 more diagnostics not shown (49900 of them errors); fix the ones above first\n"))
    }

    @Test func aByteOrderMarkAndCRLFLineEndsAreFine() throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        let customer = try HostileRunner.customer().replacingOccurrences(of: "\n", with: "\r\n")
        #expect(FileManager.default.createFile(atPath: dir.path + "/windows.yaml", contents: Data([0xEF, 0xBB, 0xBF] + Array(customer.utf8))))
        let result = try HostileRunner.run(["generate", "windows.yaml", "--date", "2026-11-22"], in: dir.path)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: dir.path + "/Output/mueller-soehne-gmbh/w-2026-0042/everything.de.txt", encoding: .utf8)
        #expect(text.contains("Müller & Söhne <GmbH>"))
        #expect(!text.contains("\r"))
    }

    @Test func aControlCharacterInTheDataCannotReachTheTerminal() throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        try dir.write("ansi.yaml", try HostileRunner.customer().replacingOccurrences(of: "  city: Köln", with: "  city: K\u{1B}]0;pwned\u{7}ln"))
        let result = try HostileRunner.run(["generate", "ansi.yaml"], in: dir.path)
        #expect(result.status == 1)
        #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "stderr carries no control characters")
        #expect(result.stderr.contains(" 4 |   city: K␛]0;pwned␇ln\n"))
    }

    @Test func aDataFileThatIsADeviceIsCutAtTheLimit() throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/zero.yaml", withDestinationPath: "/dev/zero")
        let result = try HostileRunner.run(["generate", "zero.yaml"], in: dir.path)
        #expect(!result.hung)
        #expect(result.status == 1)
        #expect(result.stderr == "error: 'zero.yaml' is larger than 1024 KiB (1048577 bytes) [AVV003]\n")
    }

    // MARK: Templates

    struct TemplateCase: CustomTestStringConvertible, Sendable {
        var name: String
        var document: @Sendable (String) -> String
        var partial: (@Sendable (String) -> String)?
        var firstLine: String
        var testDescription: String { name }
    }

    static let templateCases: [TemplateCase] = [
        TemplateCase(name: "unclosed tag", document: { $0.replacingOccurrences(of: "</h1>", with: "") },
                     firstLine: "Templates/everything/everything.de.xhtml:75:8: error: malformed XML: Opening and ending tag mismatch: h1 line 10 and body [AVV100]"),
        TemplateCase(name: "unknown avv attribute", document: { $0.replacingOccurrences(of: "avv:if=\"remote.recording\"", with: "avv:iff=\"remote.recording\"") },
                     firstLine: "Templates/everything/everything.de.xhtml:44:28: error: unknown attribute 'avv:iff' on <span>; did you mean 'avv:if'? [AVV102]"),
        TemplateCase(name: "expression that does not parse", document: { $0.replacingOccurrences(of: "avv:if=\"remote.recording\"", with: "avv:if=\"remote.recording ==\"") },
                     firstLine: "Templates/everything/everything.de.xhtml:44:55: error: expected a field name, a quoted text, a number or '('; found the end of the expression [AVV103]"),
        TemplateCase(name: "include cycle", document: { $0 },
                     partial: { $0.replacingOccurrences(of: "</p>", with: "</p>\n  <div avv:include=\"haftung.de.xhtml\"/>") },
                     firstLine: "Templates/clauses/haftung.de.xhtml:6:21: error: include cycle: Templates/everything/everything.de.xhtml → Templates/clauses/haftung.de.xhtml [AVV109]"),
        TemplateCase(name: "10,000 nested elements", document: { $0.replacingOccurrences(of: "<avv:toc/>", with: String(repeating: "<div>", count: 10_000) + String(repeating: "</div>", count: 10_000)) },
                     firstLine: "Templates/everything/everything.de.xhtml:13:1278: error: elements nest deeper than 100 levels (partials included); flatten the template [AVV003]"),
        TemplateCase(name: "101 nested elements", document: { $0.replacingOccurrences(of: "<avv:toc/>", with: String(repeating: "<div>", count: 101) + String(repeating: "</div>", count: 101)) },
                     firstLine: "Templates/everything/everything.de.xhtml:13:503: error: elements nest deeper than 100 levels (partials included); flatten the template [AVV003]"),
        TemplateCase(name: "deep nesting through a partial", document: { $0.replacingOccurrences(of: "<avv:toc/>", with: String(repeating: "<div>", count: 60) + "<div avv:include=\"../clauses/haftung.de.xhtml\"/>" + String(repeating: "</div>", count: 60)).replacingOccurrences(of: "<div avv:include=\"../clauses/haftung.de.xhtml\"/>\n\n  <section avv:clause=\"unterauftrag\"", with: "<section avv:clause=\"unterauftrag\"") },
                     partial: { $0.replacingOccurrences(of: "<p>", with: String(repeating: "<div>", count: 40) + "<p>").replacingOccurrences(of: "</p>", with: "</p>" + String(repeating: "</div>", count: 40)) },
                     firstLine: "Templates/clauses/haftung.de.xhtml:5:193: error: elements nest deeper than 100 levels (partials included); flatten the template [AVV003]"),
        TemplateCase(name: "not XML at all", document: { _ in "Sehr geehrte Damen und Herren,\n\nanbei der Vertrag.\n" },
                     firstLine: "Templates/everything/everything.de.xhtml:1:1: error: malformed XML: Start tag expected, '<' not found [AVV100]"),
        TemplateCase(name: "empty", document: { _ in "" },
                     firstLine: "Templates/everything/everything.de.xhtml:1:1: error: the template is empty; expected an XHTML document [AVV100]"),
        TemplateCase(name: "a condition of 200,000 nots", document: { $0.replacingOccurrences(of: "avv:if=\"remote.recording\"", with: "avv:if=\"" + String(repeating: "not ", count: 200_000) + "remote.recording\"") },
                     firstLine: "Templates/everything/everything.de.xhtml:44:36: error: the expression has more than 1000 parts; split the condition or use a list field [AVV003]"),
        TemplateCase(name: "40 nested parentheses", document: { $0.replacingOccurrences(of: "avv:if=\"remote.recording\"", with: "avv:if=\"" + String(repeating: "(", count: 40) + "remote.recording" + String(repeating: ")", count: 40) + "\"") },
                     firstLine: "Templates/everything/everything.de.xhtml:44:68: error: the expression nests deeper than 32 levels [AVV003]"),
        TemplateCase(name: "entity declarations", document: { $0.replacingOccurrences(of: "<html xmlns", with: "<!DOCTYPE html [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<html xmlns").replacingOccurrences(of: "role=\"Verantwortlicher\"", with: "role=\"&b;\"") },
                     firstLine: "Templates/everything/everything.de.xhtml:3:1: error: declarations inside <!DOCTYPE …[ ]> (such as <!ENTITY>) are not supported; write <!DOCTYPE html> or leave it out [AVV100]"),
        TemplateCase(name: "larger than 4 MiB", document: { $0.replacingOccurrences(of: "<body>", with: "<body><!-- " + String(repeating: "x", count: 5 << 20) + " -->") },
                     firstLine: "Templates/everything/everything.de.xhtml:1:1: error: the template is larger than 4 MiB; split it into partials with avv:include [AVV003]"),
    ]

    @Test(arguments: templateCases)
    func badTemplateExitsOneWithItsPlace(_ templateCase: TemplateCase) throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        let document = dir.path + "/Templates/everything/everything.de.xhtml"
        try templateCase.document(try String(contentsOfFile: document, encoding: .utf8)).write(toFile: document, atomically: true, encoding: .utf8)
        if let partial = templateCase.partial {
            let path = dir.path + "/Templates/clauses/haftung.de.xhtml"
            try partial(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
        }
        let result = try HostileRunner.run(["generate", "customer.yaml"], in: dir.path)
        #expect(!result.hung && !result.signalled, "no crash, no hang")
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").first.map(String.init) == templateCase.firstLine)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/Output"))
    }

    @Test func aHugeAttributeValueIsStillRendered() throws {
        let dir = try HostileRunner.workspace()
        defer { dir.remove() }
        let document = dir.path + "/Templates/everything/everything.de.xhtml"
        let long = String(repeating: "V", count: 1_000_000)
        try (try String(contentsOfFile: document, encoding: .utf8))
            .replacingOccurrences(of: "role=\"Verantwortlicher\"", with: "role=\"\(long)\"")
            .write(toFile: document, atomically: true, encoding: .utf8)
        let result = try HostileRunner.run(["generate", "customer.yaml"], in: dir.path)
        #expect(!result.hung && !result.signalled)
        #expect(result.status == 0, "\(result.stderr.prefix(300))")
    }
}
