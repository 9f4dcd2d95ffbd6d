import Foundation
import Testing
@testable import AVVKit

/// Validates YAML `text` against the fixture schema; the diagnostics in document order.
private func validate(_ text: String, file: String = "customer.yaml", format: DataFormat = .yaml) throws -> [Diagnostic] {
    let data = try DataLoader.load(text: text, file: file, format: format)
    return SchemaValidator.validate(data, against: try DataFixtures.schema())
}

/// A complete, valid customer whose lines the tests below replace.
private let validCustomer = DataFixtures.text("customer.yaml")

// MARK: What users see

@Test func messagesSayWhatWasExpected() throws {
    let text = """
        controller:
          name: Müller & Söhne GmbH
          adress: Königstraße 1
          address: {street: Königstraße 1, postcode: "1234", city: Dresden, country: DE}
        processor:
          name: Beispiel IT-Service GmbH
          hourlyRate: "84,50"
        contract:
          date: 2026-02-30
        remote:
          tool: TeamViewer
          priceModel: per-minute
        subprocessors: []

        """
    #expect(try validate(text).map(\.description) == [
        "customer.yaml:3:3: error: controller.adress: unknown field; did you mean 'address'? [AVV203]",
        "customer.yaml:4:46: error: controller.address.postcode: expected a string matching '^[0-9]{5}$', found '1234' [AVV205]",
        "customer.yaml:7:15: error: processor.hourlyRate: expected a number, found a string '84,50' [AVV201]",
        "customer.yaml:9:9: error: contract.date: expected a date YYYY-MM-DD, found '2026-02-30' [AVV206]",
        "customer.yaml:12:15: error: remote.priceModel: expected one of 'included', 'perMinute', 'baseFeePlusSteps', found 'per-minute'; did you mean 'perMinute'? [AVV204]",
        "customer.yaml:13:16: error: subprocessors: expected at least 1 item, found 0 [AVV209]",
    ])
}

@Test func missingFieldPointsAtTheObjectThatLacksIt() throws {
    let text = validCustomer.replacingOccurrences(of: "  name: Müller & Söhne GmbH\n", with: "")
    let diagnostics = try validate(text)
    #expect(diagnostics.map(\.description) == [
        "customer.yaml:3:3: error: controller: missing required field 'name' [AVV202]",
    ])
    #expect(diagnostics.first?.fieldPath == "controller.name")
}

@Test func wholeDiagnosticsArePinnedWithUmlautsBeforeTheColumn() throws {
    let text = """
        controller: {name: Müller & Söhne, address: {street: Königstraße 1, postcode: "1234", city: Köln, country: DE}}
        processor: {name: Beispiel IT-Service GmbH, hourlyRate: 84.5, emial: info@beispiel.de}
        contract: {date: "2026-11-21"}
        remote: {tool: TeamViewer, priceModel: perMinute}
        subprocessors: [{name: Nordic Backup AS, country: NO}, {name: Größe & Co, country: Österreich}]

        """
    let diagnostics = try validate(text)
    #expect(formatted(diagnostics, source: text) == """
        customer.yaml:1:79: error: controller.address.postcode: expected a string matching '^[0-9]{5}$', found '1234' [AVV205]
         1 | controller: {name: Müller & Söhne, address: {street: Königstraße 1, postcode: "1234", city: Köln, country: DE}}
           |                                                                               ^~~~~~
        customer.yaml:2:63: error: processor.emial: unknown field; did you mean 'email'? [AVV203]
         2 | processor: {name: Beispiel IT-Service GmbH, hourlyRate: 84.5, emial: info@beispiel.de}
           |                                                               ^~~~~
        customer.yaml:5:84: error: subprocessors[1].country: expected a string matching '^[A-Z]{2}$', found 'Österreich' [AVV205]
         5 | subprocessors: [{name: Nordic Backup AS, country: NO}, {name: Größe & Co, country: Österreich}]
           |                                                                                    ^~~~~~~~~~

        """)
    #expect(diagnostics.map(\.fieldPath) == ["controller.address.postcode", "processor.emial", "subprocessors[1].country"])
    #expect(diagnostics.map(\.length) == [6, 5, 10])
}

@Test func invalidFixtureReportsEverythingInDocumentOrder() throws {
    let data = try DataLoader.load(path: DataFixtures.path("invalid-customer.yaml"), displayPath: "invalid-customer.yaml")
    let diagnostics = SchemaValidator.validate(data, against: try DataFixtures.schema())
    #expect(formatted(diagnostics, source: DataFixtures.text("invalid-customer.yaml")) == """
        invalid-customer.yaml:2:3: error: controller: missing required field 'name' [AVV202]
         2 |   adress:
           |   ^
        invalid-customer.yaml:2:3: error: controller.adress: unknown field; did you mean 'address'? [AVV203]
         2 |   adress:
           |   ^~~~~~
        invalid-customer.yaml:6:15: error: controller.address.postcode: expected a string, found the number 1234; put it in quotes to keep it as text: "1234" [AVV201]
         6 |     postcode: 1234
           |               ^~~~
        invalid-customer.yaml:11:15: error: processor.hourlyRate: expected a number, found a string '84,50' [AVV201]
         11 |   hourlyRate: "84,50"
            |               ^~~~~~~
        invalid-customer.yaml:13:9: error: contract.date: expected a date YYYY-MM-DD, found '2026-02-30' [AVV206]
         13 |   date: 2026-02-30
            |         ^~~~~~~~~~
        invalid-customer.yaml:16:15: error: remote.priceModel: expected one of 'included', 'perMinute', 'baseFeePlusSteps', found 'per-minute'; did you mean 'perMinute'? [AVV204]
         16 |   priceModel: per-minute
            |               ^~~~~~~~~~
        invalid-customer.yaml:17:16: error: subprocessors: expected at least 1 item, found 0 [AVV209]
         17 | subprocessors: []
            |                ^

        """)
}

@Test func jsonDataIsValidatedWithJSONPositions() throws {
    let text = #"{"controller": {"name": "Müller", "address": {"street": "x", "postcode": "01069", "city": "y", "country": "de"}}}"#
    #expect(try validate(text, file: "c.json", format: .json).map(\.description) == [
        "c.json:1:1: error: missing required field 'processor' [AVV202]",
        "c.json:1:1: error: missing required field 'contract' [AVV202]",
        "c.json:1:1: error: missing required field 'remote' [AVV202]",
        "c.json:1:1: error: missing required field 'subprocessors' [AVV202]",
        #"c.json:1:107: error: controller.address.country: expected a string matching '^[A-Z]{2}$', found 'de' [AVV205]"#,
    ])
}

@Test func emptyValueSaysNothingWasFound() throws {
    let text = validCustomer.replacingOccurrences(of: "  tool: TeamViewer QuickSupport\n", with: "  tool:\n")
    #expect(try validate(text).map(\.description) == [
        "customer.yaml:17:8: error: remote.tool: expected a string, found nothing [AVV201]",
    ])
}

// MARK: Customer data

@Test func validCustomerFilesLoad() throws {
    let schema = try DataFixtures.schema()
    let yaml = try CustomerData.load(path: DataFixtures.path("customer.yaml"), displayPath: "customer.yaml", schema: schema)
    #expect(yaml.file == "customer.yaml")
    #expect(yaml.value["subprocessors"].map { if case .array(let a) = $0 { a.count } else { 0 } } == 2)
    #expect(yaml.sourceMap.location(of: "subprocessors[1].country") == SourceLocation(file: "customer.yaml", line: 25, column: 14))
    let json = try CustomerData.load(path: DataFixtures.path("customer.json"), schema: schema)
    #expect(json.value["remote"]?["priceModel"] == .string("perMinute"))
}

@Test func invalidCustomerFileThrowsEveryProblem() throws {
    let schema = try DataFixtures.schema()
    do {
        _ = try CustomerData.load(path: DataFixtures.path("invalid-customer.yaml"), displayPath: "x.yaml", schema: schema)
        Issue.record("invalid data was accepted")
    } catch {
        #expect(error.diagnostics.count == 7)
        #expect(error.diagnostics.allSatisfy { $0.location?.file == "x.yaml" && $0.fieldPath != nil })
    }
}

@Test func syntaxErrorsComeThroughCustomerData() throws {
    let schema = try DataFixtures.schema()
    do {
        _ = try CustomerData.load(path: DataFixtures.path("latin1.yaml"), schema: schema)
        Issue.record("invalid UTF-8 was accepted")
    } catch {
        #expect(error.diagnostics.map(\.code) == [.invalidEncoding])
    }
}

// MARK: Every keyword, valid and invalid

/// One schema for the field `v`, one YAML value for it, the codes expected (none: valid).
struct KeywordCase: CustomTestStringConvertible, Sendable {
    var schema: String
    var value: String
    var codes: [DiagnosticCode]
    /// Python's jsonschema agrees (its `email` check only looks for an "@").
    var crossCheck = true

    var testDescription: String { "\(schema) ← \(value)" }

    /// The whole schema: `v` inside an object, with a definition to refer to.
    var fullSchema: String {
        #"{"type": "object", "properties": {"v": \#(schema)}, "$defs": {"postcode": {"type": "string", "pattern": "^[0-9]{5}$"}}}"#
    }
}

let keywordCases: [KeywordCase] = [
    .init(schema: #"{"type": "string"}"#, value: "Müller", codes: []),
    .init(schema: #"{"type": "string"}"#, value: "12", codes: [.wrongType]),
    .init(schema: #"{"type": "integer"}"#, value: "12", codes: []),
    .init(schema: #"{"type": "integer"}"#, value: "1.0", codes: []),
    .init(schema: #"{"type": "integer"}"#, value: "1.5", codes: [.wrongType]),
    .init(schema: #"{"type": "integer"}"#, value: "'12'", codes: [.wrongType]),
    .init(schema: #"{"type": "number"}"#, value: "12", codes: []),
    .init(schema: #"{"type": "number"}"#, value: "-0.5", codes: []),
    .init(schema: #"{"type": "number"}"#, value: "true", codes: [.wrongType]),
    .init(schema: #"{"type": "boolean"}"#, value: "false", codes: []),
    .init(schema: #"{"type": "boolean"}"#, value: "yes", codes: [.wrongType]),
    .init(schema: #"{"type": "null"}"#, value: "~", codes: []),
    .init(schema: #"{"type": "null"}"#, value: "''", codes: [.wrongType]),
    .init(schema: #"{"type": "array"}"#, value: "[1]", codes: []),
    .init(schema: #"{"type": "array"}"#, value: "{}", codes: [.wrongType]),
    .init(schema: #"{"type": "object"}"#, value: "{}", codes: []),
    .init(schema: #"{"type": "object"}"#, value: "[]", codes: [.wrongType]),
    .init(schema: #"{"type": ["string", "null"]}"#, value: "", codes: []),
    .init(schema: #"{"type": ["string", "null"]}"#, value: "x", codes: []),
    .init(schema: #"{"type": ["string", "null"]}"#, value: "1", codes: [.wrongType]),
    .init(schema: #"{"enum": ["a", "b"]}"#, value: "a", codes: []),
    .init(schema: #"{"enum": ["a", "b"]}"#, value: "c", codes: [.notAllowedValue]),
    .init(schema: #"{"enum": [1, 2]}"#, value: "2.0", codes: []),
    .init(schema: #"{"enum": [1, 2]}"#, value: "'2'", codes: [.notAllowedValue]),
    .init(schema: #"{"enum": [{"a": [1]}]}"#, value: "{a: [1.0]}", codes: []),
    .init(schema: #"{"const": "DE"}"#, value: "DE", codes: []),
    .init(schema: #"{"const": "DE"}"#, value: "AT", codes: [.notAllowedValue]),
    .init(schema: #"{"pattern": "^[0-9]{5}$"}"#, value: "'01069'", codes: []),
    .init(schema: #"{"pattern": "^[0-9]{5}$"}"#, value: "'1234'", codes: [.patternMismatch]),
    .init(schema: #"{"pattern": "[0-9]"}"#, value: "ab1", codes: []),
    .init(schema: #"{"pattern": "[0-9]"}"#, value: "ab", codes: [.patternMismatch]),
    .init(schema: #"{"pattern": "^[0-9]+$"}"#, value: "12", codes: []),
    .init(schema: #"{"format": "date"}"#, value: "2024-02-29", codes: []),
    .init(schema: #"{"format": "date"}"#, value: "2026-02-30", codes: [.formatMismatch]),
    .init(schema: #"{"format": "date"}"#, value: "2023-02-29", codes: [.formatMismatch]),
    .init(schema: #"{"format": "date"}"#, value: "1900-02-29", codes: [.formatMismatch]),
    .init(schema: #"{"format": "date"}"#, value: "2000-02-29", codes: []),
    .init(schema: #"{"format": "date"}"#, value: "2026-1-5", codes: [.formatMismatch]),
    .init(schema: #"{"format": "date"}"#, value: "2026-13-01", codes: [.formatMismatch]),
    .init(schema: #"{"format": "date"}"#, value: "21.11.2026", codes: [.formatMismatch]),
    .init(schema: #"{"format": "email"}"#, value: "info@mueller-soehne.de", codes: []),
    .init(schema: #"{"format": "email"}"#, value: "info@müller.de", codes: []),
    .init(schema: #"{"format": "email"}"#, value: "info@mueller", codes: [.formatMismatch], crossCheck: false),
    .init(schema: #"{"format": "email"}"#, value: "'in fo@mueller.de'", codes: [.formatMismatch], crossCheck: false),
    .init(schema: #"{"format": "email"}"#, value: "mueller.de", codes: [.formatMismatch]),
    .init(schema: #"{"format": "uri"}"#, value: "not a uri", codes: [], crossCheck: false),
    .init(schema: #"{"minLength": 2}"#, value: "ab", codes: []),
    .init(schema: #"{"minLength": 2}"#, value: "a", codes: [.lengthOutOfRange]),
    .init(schema: #"{"maxLength": 3}"#, value: "Müh", codes: []),
    .init(schema: #"{"maxLength": 3}"#, value: "\"Mu\\u0308h\"", codes: [.lengthOutOfRange]),
    .init(schema: #"{"maxLength": 3, "minLength": 1}"#, value: "7", codes: []),
    .init(schema: #"{"minimum": 0}"#, value: "0", codes: []),
    .init(schema: #"{"minimum": 0}"#, value: "-0.5", codes: [.numberOutOfRange]),
    .init(schema: #"{"maximum": 10}"#, value: "10", codes: []),
    .init(schema: #"{"maximum": 10}"#, value: "10.5", codes: [.numberOutOfRange]),
    .init(schema: #"{"maximum": 10}"#, value: "elf", codes: []),
    .init(schema: #"{"exclusiveMinimum": 0}"#, value: "0", codes: [.numberOutOfRange]),
    .init(schema: #"{"exclusiveMinimum": 0}"#, value: "0.01", codes: []),
    .init(schema: #"{"exclusiveMaximum": 10}"#, value: "10", codes: [.numberOutOfRange]),
    .init(schema: #"{"items": {"type": "integer"}}"#, value: "[1, 2]", codes: []),
    .init(schema: #"{"items": {"type": "integer"}}"#, value: "[1, x, y]", codes: [.wrongType, .wrongType]),
    .init(schema: #"{"minItems": 1}"#, value: "[a]", codes: []),
    .init(schema: #"{"minItems": 1}"#, value: "[]", codes: [.itemCount]),
    .init(schema: #"{"maxItems": 2}"#, value: "[1, 2, 3]", codes: [.itemCount]),
    .init(schema: #"{"required": ["a"]}"#, value: "{a: 1}", codes: []),
    .init(schema: #"{"required": ["a", "b"]}"#, value: "{c: 1}", codes: [.missingField, .missingField]),
    .init(schema: #"{"properties": {"a": {"type": "string"}}, "additionalProperties": false}"#, value: "{a: x}", codes: []),
    .init(schema: #"{"properties": {"a": {"type": "string"}}, "additionalProperties": false}"#, value: "{b: x}", codes: [.unknownField]),
    .init(schema: #"{"properties": {"a": {"type": "string"}}}"#, value: "{b: 1}", codes: []),
    .init(schema: #"{"additionalProperties": {"type": "integer"}}"#, value: "{x: 1}", codes: []),
    .init(schema: #"{"additionalProperties": {"type": "integer"}}"#, value: "{x: eins}", codes: [.wrongType]),
    .init(schema: ##"{"$ref": "#/$defs/postcode"}"##, value: "'50667'", codes: []),
    .init(schema: ##"{"$ref": "#/$defs/postcode"}"##, value: "'5066'", codes: [.patternMismatch]),
    .init(schema: ##"{"$ref": "#/$defs/postcode", "description": "PLZ"}"##, value: "50667", codes: [.wrongType]),
    .init(schema: "true", value: "anything", codes: []),
    .init(schema: "false", value: "anything", codes: [.notAllowedValue]),
    .init(schema: #"{"title": "t", "description": "d", "default": 1, "$comment": "c"}"#, value: "x", codes: []),
]

@Test(arguments: keywordCases)
func everyKeywordIsChecked(_ row: KeywordCase) throws {
    try checkKeywordRow(row)
}

/// Validates one table row: the codes as listed, each diagnostic located and about `v`.
func checkKeywordRow(_ row: KeywordCase) throws {
    let schema = try JSONSchema.parse(text: row.fullSchema, file: "s.json")
    let data = try DataLoader.load(text: "v: \(row.value)\n", file: "d.yaml", format: .yaml)
    let diagnostics = SchemaValidator.validate(data, against: schema)
    #expect(diagnostics.map(\.code) == row.codes)
    #expect(diagnostics.allSatisfy { $0.location != nil && $0.fieldPath?.hasPrefix("v") == true })
}

// MARK: Cross-check with Python's jsonschema

enum PythonJSONSchema {
    /// Whether `python3` with the `jsonschema` package can be run here.
    static let available: Bool = (try? run(script: "import jsonschema", input: "")) != nil

    static func run(script: String, input: String) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: output, as: UTF8.self) : nil
    }
}

/// JSON text of a value, for handing data to Python.
func jsonText(_ value: DataValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let b): return "\(b)"
    case .integer(let i): return "\(i)"
    case .number(let d): return "\(d)"
    case .string(let s):
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    case .array(let items): return "[" + items.map(jsonText).joined(separator: ",") + "]"
    case .object(let members):
        return "{" + members.keys.sorted().map { jsonText(.string($0)) + ":" + jsonText(members[$0]!) }
            .joined(separator: ",") + "}"
    }
}

@Test(.enabled(if: PythonJSONSchema.available, "needs python3 with jsonschema"))
func keywordTableAgreesWithPythonJSONSchema() throws {
    let rows = (keywordCases + applicatorCases).filter(\.crossCheck)
    var pairs: [String] = []
    for row in rows {
        let data = try DataLoader.load(text: "v: \(row.value)\n", file: "d.yaml", format: .yaml)
        pairs.append("[\(row.fullSchema), \(jsonText(data.root))]")
    }
    let script = """
        import json, sys, jsonschema
        cases = json.load(sys.stdin)
        checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
        print(json.dumps([jsonschema.Draft202012Validator(s, format_checker=checker).is_valid(i) for s, i in cases]))
        """
    let output = try #require(try PythonJSONSchema.run(script: script, input: "[" + pairs.joined(separator: ",") + "]"))
    let verdicts = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Bool])
    #expect(verdicts.count == rows.count)
    for (row, valid) in zip(rows, verdicts) {
        #expect(row.codes.isEmpty == valid, "\(row.testDescription)")
    }
}

/// `minLength` and `maxLength` count Unicode scalars, not bytes: ä is two bytes of UTF-8, 😀
/// four, and e with a combining accent is two scalars in one character.
@Test(arguments: [
    ("ab", [String]()),
    ("äöü", []),
    ("äöüß", ["d.json:1:7: error: s: expected at most 3 characters, found 4 [AVV207]"]),
    ("abcd", ["d.json:1:7: error: s: expected at most 3 characters, found 4 [AVV207]"]),
    ("😀😀", []),
    ("😀😀😀", []),
    ("😀", ["d.json:1:7: error: s: expected at least 2 characters, found 1 [AVV207]"]),
    ("e\u{301}", []),
    ("", ["d.json:1:7: error: s: expected at least 2 characters, found 0 [AVV207]"]),
])
func lengthsCountUnicodeScalars(_ text: String, _ expected: [String]) throws {
    let schema = try JSONSchema.parse(
        text: #"{"type": "object", "properties": {"s": {"type": "string", "minLength": 2, "maxLength": 3}}}"#,
        file: "s.json")
    let data = try DataLoader.load(text: "{\"s\": \"\(text)\"}", file: "d.json", format: .json)
    #expect(SchemaValidator.validate(data, against: schema).map(\.description) == expected)
}
