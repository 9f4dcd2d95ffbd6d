import Foundation
import Testing
@testable import AVVKit

// MARK: Scalars: YAML 1.2 core schema

@Test(arguments: [
    ("true", DataValue.bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
    ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
    // YAML 1.1 booleans stay text (the Norway problem).
    ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")), ("off", .string("off")),
    ("NO", .string("NO")), ("Yes", .string("Yes")), ("y", .string("y")), ("tRUE", .string("tRUE")),
    ("null", .null), ("Null", .null), ("NULL", .null), ("~", .null), ("", .null), ("nULL", .string("nULL")),
    ("12", .integer(12)), ("-3", .integer(-3)), ("+7", .integer(7)), ("0", .integer(0)),
    ("01069", .integer(1069)), ("0o17", .integer(15)), ("0x1F", .integer(31)),
    ("1.5", .number(1.5)), ("-0.25", .number(-0.25)), ("1e3", .number(1000)), (".5", .number(0.5)),
    ("2.", .number(2)), ("99999999999999999999", .number(1e20)),
    // YAML 1.1 forms that the core schema does not know stay text.
    ("1_000", .string("1_000")), ("0b101", .string("0b101")), ("12:30", .string("12:30")),
    ("017", .integer(17)), ("1,40", .string("1,40")),
    // Dates are strings; so is everything quoted or in a block.
    ("2026-11-21", .string("2026-11-21")), ("'12'", .string("12")), ("\"true\"", .string("true")),
    ("'NO'", .string("NO")), ("\"\"", .string("")), ("'~'", .string("~")),
    ("|\n  zwei\n  Zeilen", .string("zwei\nZeilen\n")), (">-\n  gefaltet\n  Text", .string("gefaltet Text")),
    // Explicit tags.
    ("!!str 12", .string("12")), ("!!int '12'", .integer(12)), ("!!float 1", .number(1)),
    ("!!bool 'true'", .bool(true)), ("!!null ''", .null),
])
func scalarsResolveByTheYAML12CoreSchema(literal: String, expected: DataValue) throws {
    let data = try DataLoader.load(text: "v: \(literal)\n", file: "t.yaml", format: .yaml)
    #expect(data.root["v"] == expected)
}

@Test func floatSpecialsResolveAsNumbers() throws {
    let data = try DataLoader.load(text: "a: .inf\nb: -.Inf\nc: .NaN\n", file: "t.yaml", format: .yaml)
    #expect(data.root["a"] == .number(.infinity))
    #expect(data.root["b"] == .number(-.infinity))
    guard case .number(let nan) = data.root["c"] else { Issue.record("not a number"); return }
    #expect(nan.isNaN)
}

@Test func norwayStaysACountryCode() throws {
    let data = try DataLoader.load(text: "subprocessor:\n  country: NO\n  active: yes\n", file: "t.yaml", format: .yaml)
    #expect(data.root["subprocessor"]?["country"] == .string("NO"))
    #expect(data.root["subprocessor"]?["active"] == .string("yes"))
}

@Test func wrongTagIsASyntaxError() {
    #expect(formattedLoadErrors("a: !!int zwölf\nb: !custom x\n") == """
        customer.yaml:1:4: error: 'zwölf' is not an integer (tagged !!int) [AVV200]
         1 | a: !!int zwölf
           |    ^~~~~~~~~~~

        """)
}

// MARK: Positions

@Test func locationsAreOneBasedLinesAndCharacterColumns() throws {
    let text = "controller:\n  name: Müller & Söhne\n  address: {city: Köln, street: Straße 1}\n"
    let data = try DataLoader.load(text: text, file: "c.yaml", format: .yaml)
    let map = data.sourceMap
    #expect(map.location(of: "") == SourceLocation(file: "c.yaml", line: 1, column: 1))
    #expect(map.keyLocation(of: "controller") == SourceLocation(file: "c.yaml", line: 1, column: 1))
    #expect(map.location(of: "controller.name") == SourceLocation(file: "c.yaml", line: 2, column: 9))
    #expect(map.location(of: "controller.address") == SourceLocation(file: "c.yaml", line: 3, column: 12))
    // Umlauts before the value on the same line count one column each.
    #expect(map.keyLocation(of: "controller.address.street") == SourceLocation(file: "c.yaml", line: 3, column: 25))
    #expect(map.location(of: "controller.address.street") == SourceLocation(file: "c.yaml", line: 3, column: 33))
    #expect(map.location(of: "controller.missing") == nil)
    #expect(map.keyLocation(of: "controller") != nil && map.keyLocation(of: "") == nil)
}

@Test func decomposedUmlautIsOneColumn() throws {
    // "u" + COMBINING DIAERESIS is two Unicode scalars (libyaml's count) but one character.
    let text = "x: {name: Mu\u{308}ller, city: Ko\u{308}ln}\n"
    let data = try DataLoader.load(text: text, file: "c.yaml", format: .yaml)
    // 25 characters precede "Köln"; libyaml counts 26 scalars.
    #expect(data.sourceMap.location(of: "x.city")?.column == 25)
    #expect(data.sourceMap.entry("x.name")?.valueLength == 6)
}

/// Columns count characters on every line: those where punctuation and currency signs
/// stand one to a scalar are counted by scalars; any line that may join scalars into one
/// character (marks, joiners, variation selectors, flags, Hangul jamo) is counted by characters.
@Test(arguments: [
    "„Zitat“ – 5 € … ‰ ›a‹", "e\u{301}", "👩\u{200D}💻", "🇩🇪", "한국", "\u{1100}\u{1161}", "✌\u{FE0F}",
    "‼\u{FE0F}", "\u{2049}\u{200D}\u{2049}", "„\u{20DD}“",
])
func columnsCountCharacters(prefix: String) throws {
    let before = "b: [\"\(prefix)\", "
    let text = "a: 1\n" + before + "x]\n"
    let data = try DataLoader.load(text: text, file: "c.yaml", format: .yaml)
    #expect(data.sourceMap.location(of: "b[1]") == SourceLocation(file: "c.yaml", line: 2, column: before.count + 1))
    #expect(data.sourceMap.entry("b[0]")?.valueLength == prefix.count + 2)
}

@Test func listItemsHaveIndexedPaths() throws {
    let text = "subprocessors:\n  - name: A\n  - name: B\n    country: NO\n"
    let data = try DataLoader.load(text: text, file: "c.yaml", format: .yaml)
    #expect(data.sourceMap.location(of: "subprocessors[1].country") == SourceLocation(file: "c.yaml", line: 4, column: 14))
    #expect(data.sourceMap.location(of: "subprocessors[1]") == SourceLocation(file: "c.yaml", line: 3, column: 5))
    #expect(data.sourceMap.keyLocation(of: "subprocessors[1]") == nil)
    #expect(data.value(at: "subprocessors[1].name") == .string("B"))
    #expect(data.value(at: "subprocessors[2].name") == nil)
}

@Test func emptyValueIsNullAtTheEndOfItsKey() throws {
    let data = try DataLoader.load(text: "notes:\nname: x\n", file: "c.yaml", format: .yaml)
    #expect(data.root["notes"] == .null)
    #expect(data.sourceMap.location(of: "notes") == SourceLocation(file: "c.yaml", line: 1, column: 7))
}

@Test func aliasesResolveAndPointAtTheAnchoredValue() throws {
    let text = "base: &addr\n  city: Köln\nbranch:\n  address: *addr\n"
    let data = try DataLoader.load(text: text, file: "c.yaml", format: .yaml)
    #expect(data.root["branch"]?["address"]?["city"] == .string("Köln"))
    #expect(data.sourceMap.location(of: "branch.address.city") == SourceLocation(file: "c.yaml", line: 2, column: 9))
    #expect(data.sourceMap.keyLocation(of: "branch.address") == SourceLocation(file: "c.yaml", line: 4, column: 3))
}

// MARK: Encodings and line ends

@Test func byteOrderMarkIsSkipped() throws {
    let data = try DataLoader.load(path: DataFixtures.path("bom.yaml"), displayPath: "bom.yaml")
    #expect(data.root["controller"]?["name"] == .string("Müller"))
    #expect(data.sourceMap.keyLocation(of: "controller") == SourceLocation(file: "bom.yaml", line: 1, column: 1))
    let fromText = try DataLoader.load(text: "\u{FEFF}a: 1\n", file: "t.yaml", format: .yaml)
    #expect(fromText.sourceMap.keyLocation(of: "a")?.column == 1)
}

@Test func crlfLineEndsWork() throws {
    let data = try DataLoader.load(path: DataFixtures.path("crlf.yaml"), displayPath: "crlf.yaml")
    #expect(data.root["controller"]?["name"] == .string("Müller"))
    #expect(data.root["controller"]?["note"] == .string("line one\nline two\n"))
    #expect(data.sourceMap.location(of: "controller.name") == SourceLocation(file: "crlf.yaml", line: 2, column: 9))
    #expect(data.sourceMap.entry("controller.name")?.valueLength == 8)
}

@Test func invalidUTF8IsRefusedWithItsPosition() {
    #expect(throws: DiagnosticsError.self) {
        try DataLoader.load(path: DataFixtures.path("latin1.yaml"), displayPath: "latin1.yaml")
    }
    do {
        _ = try DataLoader.load(path: DataFixtures.path("latin1.yaml"), displayPath: "latin1.yaml")
    } catch {
        #expect(error.diagnostics.map(\.description) == [
            "latin1.yaml:2:10: error: controller.name: invalid UTF-8 (byte 0xFC); save the file as UTF-8 [AVV002]",
        ])
    }
}

@Test func controlCharactersAreRefusedNamingTheField() {
    #expect(loadErrors("a: \"x\u{7}\"\n").map(\.description) == [
        "customer.yaml:1:6: error: a: contains the control character U+0007, which a document cannot show; remove it [AVV212]",
    ])
}

// MARK: Syntax errors

@Test func yamlSyntaxErrorPointsAtTheProblem() {
    let text = "controller:\n  name: Müller & Söhne\n  address: [Köln, Bonn\nprocessor: x\n"
    #expect(formattedLoadErrors(text) == """
        customer.yaml:4:10: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 3) in 'controller.address' [AVV200]
         4 | processor: x
           |          ^

        """)
}

@Test func badIndentationIsASyntaxError() {
    let text = "controller:\n  name: Müller\n address: x\n"
    #expect(loadErrors(text).map(\.description) == [
        "customer.yaml:3:2: error: invalid YAML: did not find expected key (while parsing a block mapping at line 1) [AVV200]",
    ])
}

@Test func duplicateKeyIsReportedAtTheSecondKey() {
    let text = "controller:\n  name: Müller & Söhne\n  city: Köln\n  name: Schmidt\n"
    #expect(formattedLoadErrors(text) == """
        customer.yaml:4:3: error: controller.name: duplicate key 'name' [AVV211]
         4 |   name: Schmidt
           |   ^~~~
        customer.yaml:2:3: note: 'name' is first given here

        """)
}

@Test func everyDuplicateKeyIsReported() {
    let text = "a: 1\nb: {x: 1, x: 2}\na: 3\n"
    #expect(loadErrors(text).map(\.description) == [
        "customer.yaml:2:11: error: b.x: duplicate key 'x' [AVV211]",
        "customer.yaml:3:1: error: a: duplicate key 'a' [AVV211]",
    ])
}

@Test func topLevelMustBeAMapping() {
    #expect(loadErrors("- a\n- b\n").map(\.description) == [
        "customer.yaml:1:1: error: expected a mapping of fields at the top level, found a list [AVV201]",
    ])
    #expect(loadErrors("Müller\n").map(\.description) == [
        "customer.yaml:1:1: error: expected a mapping of fields at the top level, found a single value [AVV201]",
    ])
    #expect(loadErrors("# nothing yet\n").map(\.description) == [
        "customer.yaml:1:1: error: expected a mapping of fields at the top level, found an empty file [AVV201]",
    ])
}

@Test func secondDocumentIsRefused() {
    #expect(loadErrors("a: 1\n---\nb: 2\n").map(\.description) == [
        "customer.yaml:2:1: error: expected one document, found a second one [AVV200]",
    ])
}

@Test func unknownAliasIsRefused() {
    #expect(loadErrors("a: *nirgends\n").map(\.description) == [
        "customer.yaml:1:4: error: unknown alias '*nirgends'; define '&nirgends' before using it [AVV200]",
    ])
}

@Test func collectionAsKeyIsRefused() {
    #expect(loadErrors("? [a, b]\n: c\n").map(\.code) == [.dataSyntax])
}

// MARK: JSON

@Test func jsonLoadsWithPositions() throws {
    let text = "{\n\t\"controller\": {\"name\": \"Müller & Söhne\", \"rate\": 1.5e1, \"n\": -0, \"ok\": true},\n\t\"list\": [null, \"\\u00fc\\/\"]\n}\n"
    let data = try DataLoader.load(text: text, file: "c.json", format: .json)
    #expect(data.root["controller"]?["rate"] == .number(15))
    #expect(data.root["controller"]?["n"] == .integer(0))
    #expect(data.root["controller"]?["ok"] == .bool(true))
    #expect(data.root["list"] == .array([.null, .string("ü/")]))
    #expect(data.sourceMap.location(of: "controller.rate") == SourceLocation(file: "c.json", line: 2, column: 51))
    #expect(data.sourceMap.keyLocation(of: "list") == SourceLocation(file: "c.json", line: 3, column: 2))
}

@Test(arguments: [
    ("{\"a\": yes}", "c.json:1:7: error: invalid JSON: yes is not a JSON value; put text in double quotes [AVV200]"),
    ("{\"a\": 'x'}", "c.json:1:7: error: invalid JSON: strings need double quotes [AVV200]"),
    ("{a: 1}", "c.json:1:2: error: invalid JSON: keys must be strings in double quotes [AVV200]"),
    ("{\"a\": 01}", "c.json:1:7: error: invalid JSON: 01 is not a JSON value; put text in double quotes [AVV200]"),
    ("a: 1", "c.json:1:1: error: invalid JSON: expected '{' [AVV200]"),
    ("{\"a\": &x 1}", "c.json:1:7: error: invalid JSON: anchors and tags are YAML, not JSON [AVV200]"),
    ("{\"a\": [1, 2}", "c.json:1:12: error: invalid JSON: did not find expected ',' or ']' (while parsing a flow sequence at line 1) in 'a' [AVV200]"),
    ("{\"a\": 1, \"a\": 2}", "c.json:1:10: error: a: duplicate key 'a' [AVV211]"),
])
func jsonIsHeldToJSONRules(text: String, expected: String) {
    #expect(loadErrors(text, format: .json, file: "c.json").map(\.description) == [expected])
}

// MARK: Limits

@Test func aliasBombFailsFast() {
    var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1...9 {
        let previous = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(level - 1)))
        let name = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(level)))
        text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
    }
    let clock = ContinuousClock()
    var diagnostics: [Diagnostic] = []
    let elapsed = clock.measure { diagnostics = loadErrors(text) }
    #expect(diagnostics.map(\.code) == [.inputTooLarge])
    #expect(diagnostics.first?.message.contains(": aliases expand to more than 100000 values") == true)
    #expect(diagnostics.first?.fieldPath?.hasPrefix("f[") == true)
    #expect(diagnostics.first?.location?.line == 6)
    #expect(elapsed < .seconds(1))
}

@Test func aliasesWithinTheBudgetExpand() throws {
    var text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n"
    text += "b: &b [" + Array(repeating: "*a", count: 10).joined(separator: ", ") + "]\n"
    text += "c: [" + Array(repeating: "*b", count: 10).joined(separator: ", ") + "]\n"
    let data = try DataLoader.load(text: text, file: "t.yaml", format: .yaml)
    guard case .array(let c) = data.root["c"] else { Issue.record("c is not a list"); return }
    #expect(c.count == 10)
    #expect(data.value(at: "c[9][9][8]") == .integer(9))
}

@Test func nestingDepthIsLimited() {
    func nested(_ depth: Int) -> String {
        // The top-level mapping is level 1; each flow list adds one.
        "a: " + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "\n"
    }
    #expect(loadErrors(nested(DataLoader.maxNestingDepth)).isEmpty)
    #expect(loadErrors(nested(DataLoader.maxNestingDepth + 1)).map(\.description) == [
        "customer.yaml:1:67: error: a[0][0][0][0][0][0][0][0]…[0][0][0][0][0][0][0][0][0]: values nest deeper than 64 levels [AVV003]",
    ])
    // Far beyond: fails at the limit instead of recursing.
    #expect(loadErrors(nested(100_000)).map(\.code) == [.inputTooLarge])
}

@Test func aliasCannotNestBeyondTheLimit() {
    let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
    let text = "a: &d \(deep)\nb: " + String(repeating: "[", count: 30) + "*d" + String(repeating: "]", count: 30) + "\n"
    #expect(loadErrors(text).map(\.code) == [.inputTooLarge])
}

@Test func listLengthIsLimited() {
    func list(_ count: Int) -> String { "a: [" + Array(repeating: "0", count: count).joined(separator: ",") + "]\n" }
    #expect(loadErrors(list(DataLoader.maxArrayLength)).isEmpty)
    let errors = loadErrors(list(DataLoader.maxArrayLength + 1))
    #expect(errors.map(\.description) == ["customer.yaml:1:20005: error: a: more than 10000 items in a list [AVV003]"])
}

@Test func fileSizeIsLimited() {
    let big = "a: \"" + String(repeating: "x", count: DataLoader.maxFileSize) + "\"\n"
    #expect(loadErrors(big).map(\.description) == [
        "error: 'customer.yaml' is larger than 1024 KiB (1048582 bytes) [AVV003]",
    ])
}

// MARK: Files

@Test func yamlAndJSONFixturesLoadAlike() throws {
    let yaml = try DataLoader.load(path: DataFixtures.path("customer.yaml"), displayPath: "customer.yaml")
    let json = try DataLoader.load(path: DataFixtures.path("customer.json"), displayPath: "customer.json")
    #expect(yaml.file == "customer.yaml")
    #expect(yaml.root["controller"]?["address"] == json.root["controller"]?["address"])
    #expect(yaml.root["controller"]?["address"]?["postcode"] == .string("01069"))
    #expect(yaml.root["processor"]?["hourlyRate"] == .number(84.5))
    #expect(yaml.root["subprocessors"]?.typeName == "array")
    #expect(json.sourceMap.location(of: "subprocessors[0].country")?.line == 9)
}

@Test func unreadableFilesAreReported() {
    func errors(_ path: String, _ display: String? = nil) -> [String] {
        do {
            _ = try DataLoader.load(path: path, displayPath: display)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }
    #expect(errors("/nonexistent/customer.yaml", "customer.yaml") == [
        "error: cannot read 'customer.yaml': no such file [AVV001]",
    ])
    #expect(errors(DataFixtures.directory.path + "/", "Data.yaml").first?.contains("[AVV001]") == true)
    #expect(errors(DataFixtures.path("schema.txt")) == [
        "error: cannot read '\(DataFixtures.path("schema.txt"))': expected a .yaml, .yml or .json file [AVV001]",
    ])
}

@Test(arguments: [("a.yaml", DataFormat.yaml), ("b.YML", .yaml), ("dir.v2/c.json", .json)])
func formatFollowsTheExtension(path: String, format: DataFormat) {
    #expect(DataFormat(path: path) == format)
}

@Test func noExtensionHasNoFormat() {
    #expect(DataFormat(path: "customer") == nil)
    #expect(DataFormat(path: "dir.yaml/customer") == nil)
}
