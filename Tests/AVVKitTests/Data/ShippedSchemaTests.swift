import Foundation
import Testing
@testable import AVVKit

/// The shipped customer schema (a copy of `Templates/schema.json` with `allOf`, `if`/`then`/`else`,
/// `not`, `anyOf`, `contains` and `uniqueItems`) and copies of its example customers.
private enum Shipped {
    static func schema() throws -> JSONSchema {
        try JSONSchema.load(path: DataFixtures.path("shipped-schema.json"), displayPath: "schema.json")
    }

    static let examples = ["english-customer", "intellekta", "lenze", "massoth", "netzbutler", "plantec"]

    static func example(_ name: String) -> String { DataFixtures.text("shipped-examples/\(name).yaml") }

    /// `example`'s text with `old` replaced by `new` (which must occur exactly once).
    static func variant(_ name: String, _ old: String, _ new: String) -> String {
        let text = example(name)
        #expect(text.components(separatedBy: old).count == 2, "'\(old)' is not in \(name).yaml exactly once")
        return text.replacingOccurrences(of: old, with: new)
    }

    /// The diagnostics for `text` as the command line prints them.
    static func errors(_ text: String, file: String = "customer.yaml") throws -> String {
        let data = try DataLoader.load(text: text, file: file, format: .yaml)
        return formatted(SchemaValidator.validate(data, against: try schema()), source: text)
    }
}

@Test(arguments: Shipped.examples)
func shippedExamplesAreValid(_ name: String) throws {
    #expect(try Shipped.errors(Shipped.example(name), file: "\(name).yaml") == "")
}

// MARK: Conditional rules say why

@Test func conditionallyRequiredFieldNamesTheCondition() throws {
    let text = Shipped.variant("intellekta", "    date: '2026-01-15'\n", "")
    #expect(try Shipped.errors(text) == """
        customer.yaml:43:5: error: controller.contract: missing required field 'date' (required because controller.contract.kind is 'maintenance') [AVV202]
         43 |     kind: maintenance
            |     ^

        """)
}

@Test func fieldForbiddenByThenNotRequiredSaysWhenItIsAllowed() throws {
    let text = Shipped.variant("intellekta", "      country: DE\n    - name: Helpline",
                               "      country: DE\n      transferMechanism: dpf\n    - name: Helpline")
    #expect(try Shipped.errors(text) == """
        customer.yaml:113:7: error: processor.subprocessors[0].transferMechanism: not allowed here (only when processor.subprocessors[0].country is none of 'AT', 'BE', 'BG', 'CY', … (30 values); processor.subprocessors[0].country is 'DE') [AVV203]
         113 |       transferMechanism: dpf
             |       ^~~~~~~~~~~~~~~~~

        """)
}

/// Broken variants of the examples: (example, text to replace, replacement, the diagnostics).
let shippedVariants: [(String, String, String, [String])] = [
    // else: required (the `if` is a `$ref` to the EEA list).
    ("intellekta", "      transferMechanism: scc-2021-914\n", "", [
        "customer.yaml:113:7: error: processor.subprocessors[1]: missing required field 'transferMechanism' (required because processor.subprocessors[1].country is 'US') [AVV202]",
    ]),
    // if/then/else on `contains` with `not`: not worded as a condition, so the plain message.
    ("intellekta", "thirdCountryTransfers: true", "thirdCountryTransfers: false", [
        "customer.yaml:122:26: error: processor.thirdCountryTransfers: expected true, found false [AVV204]",
    ]),
    ("lenze", "thirdCountryTransfers: false", "thirdCountryTransfers: true", [
        "customer.yaml:93:26: error: processor.thirdCountryTransfers: expected false, found true [AVV204]",
    ]),
    // A root-level allOf whose `if` looks into controller and whose `then` into processor.
    ("netzbutler", "      gross: 1.67\n", "", [
        "customer.yaml:82:7: error: processor.priceModel.perMinute: missing required field 'gross' (required because controller.customerType is 'b2c') [AVV202]",
    ]),
    // then: not anyOf required.
    ("netzbutler", "  company: Gisela Brandt\n", "  company: Gisela Brandt\n  legalForm: Einzelunternehmen\n", [
        "customer.yaml:9:3: error: controller.legalForm: not allowed here (only when controller.customerType is not 'b2c'; controller.customerType is 'b2c') [AVV203]",
    ]),
    ("netzbutler", "customerType: b2c", "customerType: b2b", [
        "customer.yaml:8:3: error: controller: missing required field 'representedBy' (required because controller.customerType is 'b2b') [AVV202]",
    ]),
    // then: required three; else: not anyOf required.
    ("netzbutler", "    retentionDays: 30\n", "", [
        "customer.yaml:88:5: error: processor.recording: missing required field 'retentionDays' (required because processor.recording.enabled is true) [AVV202]",
    ]),
    ("lenze", "    enabled: false\n", "    enabled: false\n    purpose: des Nachweises\n    retentionDays: 30\n", [
        "customer.yaml:112:5: error: processor.recording.purpose: not allowed here (only when processor.recording.enabled is true; processor.recording.enabled is false) [AVV203]",
        "customer.yaml:113:5: error: processor.recording.retentionDays: not allowed here (only when processor.recording.enabled is true; processor.recording.enabled is false) [AVV203]",
    ]),
    // allOf of conditions in a definition, and `then: false`.
    ("lenze", "    stepMinutes: 15\n", "", [
        "customer.yaml:101:5: error: processor.priceModel: missing required field 'stepMinutes' (required because processor.priceModel.kind is 'baseFeePlusSteps') [AVV202]",
    ]),
    ("massoth", "outsideServiceHours: quoted", "outsideServiceHours: surcharge\n    surchargePercent: 20", [
        "customer.yaml:115:5: error: processor.priceModel: not allowed (because processor.priceModel.kind is 'included' and processor.priceModel.outsideServiceHours is 'surcharge') [AVV204]",
    ]),
    ("lenze", "  orderUrl: https://remote-support.lenze.example/bestellen\n", "", [
        "customer.yaml:34:3: error: processor: missing required field 'orderUrl' (required because processor.acceptance is 'onlineOrder') [AVV202]",
    ]),
    // then: properties with a pattern, in a definition used four times.
    ("intellekta", "'45131'", "'4513'", [
        "customer.yaml:18:15: error: controller.address.postcode: expected a string matching '^[0-9]{5}$', found '4513' (because controller.address.country is 'DE') [AVV205]",
    ]),
    ("intellekta", "        postcode: '94105'", "        postcode: 'CA 94105'", []),
    // uniqueItems on a list of strings.
    ("intellekta", "    - Mandantinnen und Mandanten\n", "    - Mandantinnen und Mandanten\n    - Mandantinnen und Mandanten\n", [
        "customer.yaml:41:7: error: controller.dataSubjects[1]: expected every item only once, found 'Mandantinnen und Mandanten' as items 0 and 1 [AVV204]",
    ]),
]

@Test(arguments: shippedVariants.indices)
func brokenShippedVariantsFailWithReasons(_ row: Int) throws {
    let (name, old, new, expected) = shippedVariants[row]
    let data = try DataLoader.load(text: Shipped.variant(name, old, new), file: "customer.yaml", format: .yaml)
    let actual = SchemaValidator.validate(data, against: try Shipped.schema()).map(\.description)
    #expect(actual == expected)
}

// MARK: The query API on the shipped schema

@Test func shippedSchemaQueriesSeeDeclaredFieldsOnly() throws {
    let root = try Shipped.schema().root
    #expect(root.node(atPath: ["controller", "contract", "date"])?.format == "date")
    #expect(root.node(atPath: ["controller", "contract"])?.requiredNames == ["kind", "number"])
    #expect(root.node(atPath: ["processor", "subprocessors", "[]", "transferMechanism"])?.enumValues?.count == 4)
    #expect(root.node(atPath: ["processor", "subprocessors", "[0]", "country"])?.types == ["string"])
    #expect(root.node(atPath: ["processor", "priceModel", "perMinute", "gross"])?.types == ["number"])
    #expect(root.node(atPath: ["controller", "specialCategories", "[]"])?.types == ["string"])
    #expect(root.node(atPath: ["processor", "recording"])?.propertyNames == ["enabled", "purpose", "retentionDays", "withAudio"])
    #expect(root.propertyNames == ["$schema", "controller", "processor"])
}

// MARK: Cross-check with Python's jsonschema

@Test(.enabled(if: PythonJSONSchema.available, "needs python3 with jsonschema"))
func shippedSchemaVerdictsAgreeWithPythonJSONSchema() throws {
    var texts = Shipped.examples.map(Shipped.example)
    texts += shippedVariants.map { Shipped.variant($0.0, $0.1, $0.2) }
    let expected = Array(repeating: true, count: Shipped.examples.count) + shippedVariants.map(\.3.isEmpty)
    let instances = try texts.map { jsonText(try DataLoader.load(text: $0, file: "c.yaml", format: .yaml).root) }
    let script = """
        import json, sys, jsonschema
        schema, instances = json.load(sys.stdin)
        checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
        validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
        print(json.dumps([validator.is_valid(i) for i in instances]))
        """
    let input = "[\(DataFixtures.text("shipped-schema.json")), [\(instances.joined(separator: ","))]]"
    let output = try #require(try PythonJSONSchema.run(script: script, input: input))
    let verdicts = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Bool])
    #expect(verdicts == expected)
}

// MARK: The repository's own schema, once it is there

/// The package's `Templates/` folder.
private let templates = URL(fileURLWithPath: Fixtures.repositoryRoot).appendingPathComponent("Templates")

@Test(.enabled(if: FileManager.default.fileExists(atPath: templates.appendingPathComponent("schema.json").path),
               "needs Templates/schema.json"))
func repositoryExamplesAreValidAgainstTheRepositorySchema() throws {
    let schema = try JSONSchema.load(path: templates.appendingPathComponent("schema.json").path)
    let folder = templates.appendingPathComponent("examples")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
    for name in names {
        let data = try DataLoader.load(path: folder.appendingPathComponent(name).path, displayPath: name)
        #expect(SchemaValidator.validate(data, against: schema).map(\.description) == [], "\(name)")
    }
}
