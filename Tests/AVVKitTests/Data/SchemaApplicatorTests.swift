import Foundation
import Testing
@testable import AVVKit

// MARK: allOf, anyOf, oneOf, not, if/then/else, uniqueItems, contains: valid and invalid

/// Rows in the style of `keywordCases` (and cross-checked with Python's jsonschema with them).
let applicatorCases: [KeywordCase] = [
    // allOf: every part applies, and reports as if written in place; equal reports appear once.
    .init(schema: #"{"allOf": [{"type": "string"}, {"minLength": 2}]}"#, value: "ab", codes: []),
    .init(schema: #"{"allOf": [{"type": "string"}, {"minLength": 2}]}"#, value: "a", codes: [.lengthOutOfRange]),
    .init(schema: #"{"allOf": [{"type": "string"}, {"minLength": 2}]}"#, value: "12", codes: [.wrongType]),
    .init(schema: #"{"allOf": [{"minimum": 1}, {"maximum": 5}]}"#, value: "7", codes: [.numberOutOfRange]),
    .init(schema: #"{"allOf": [{"type": "string"}, {"type": "string"}]}"#, value: "1", codes: [.wrongType]),
    .init(schema: #"{"allOf": [{"required": ["a"]}, {"required": ["b"]}]}"#, value: "{c: 1}",
          codes: [.missingField, .missingField]),
    .init(schema: #"{"allOf": [true]}"#, value: "x", codes: []),
    // anyOf: one matching alternative is enough; none gives one diagnostic.
    .init(schema: #"{"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 1}]}"#, value: "x", codes: []),
    .init(schema: #"{"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 1}]}"#, value: "3", codes: []),
    .init(schema: #"{"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 1}]}"#, value: "0",
          codes: [.notAllowedValue]),
    .init(schema: #"{"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 1}]}"#, value: "true",
          codes: [.notAllowedValue]),
    .init(schema: #"{"anyOf": [{"required": ["email"]}, {"required": ["phone"]}]}"#, value: "{phone: 1}", codes: []),
    .init(schema: #"{"anyOf": [{"required": ["email"]}, {"required": ["phone"]}]}"#, value: "{fax: 1}",
          codes: [.notAllowedValue]),
    // oneOf: exactly one.
    .init(schema: #"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#, value: "1", codes: []),
    .init(schema: #"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#, value: "2.5", codes: []),
    .init(schema: #"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#, value: "3", codes: [.notAllowedValue]),
    .init(schema: #"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#, value: "1.5", codes: [.notAllowedValue]),
    .init(schema: #"{"oneOf": [{"const": 1}, {"const": 1.0}]}"#, value: "1", codes: [.notAllowedValue]),
    // not
    .init(schema: #"{"not": {"type": "null"}}"#, value: "x", codes: []),
    .init(schema: #"{"not": {"type": "null"}}"#, value: "~", codes: [.notAllowedValue]),
    .init(schema: #"{"not": {"const": "DE"}}"#, value: "AT", codes: []),
    .init(schema: #"{"not": {"const": "DE"}}"#, value: "DE", codes: [.notAllowedValue]),
    .init(schema: #"{"not": {"required": ["a"]}}"#, value: "{b: 1}", codes: []),
    .init(schema: #"{"not": {"required": ["a"]}}"#, value: "{a: 1}", codes: [.unknownField]),
    .init(schema: #"{"not": {"required": ["a"]}}"#, value: "[a]", codes: [.notAllowedValue]),
    .init(schema: #"{"not": {"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}}"#, value: "{c: 1}", codes: []),
    .init(schema: #"{"not": {"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}}"#, value: "{a: 1, b: 2}",
          codes: [.unknownField, .unknownField]),
    .init(schema: #"{"not": {"required": ["a", "b"]}}"#, value: "{a: 1}", codes: []),
    .init(schema: #"{"not": {"required": ["a", "b"]}}"#, value: "{a: 1, b: 1}", codes: [.notAllowedValue]),
    .init(schema: #"{"not": {"not": {"type": "string"}}}"#, value: "1", codes: [.notAllowedValue]),
    // if/then/else: the `if` itself never reports; an absent field satisfies `properties`.
    .init(schema: #"{"if": {"properties": {"kind": {"const": "m"}}}, "then": {"required": ["date"]}}"#,
          value: "{kind: m}", codes: [.missingField]),
    .init(schema: #"{"if": {"properties": {"kind": {"const": "m"}}}, "then": {"required": ["date"]}}"#,
          value: "{kind: m, date: x}", codes: []),
    .init(schema: #"{"if": {"properties": {"kind": {"const": "m"}}}, "then": {"required": ["date"]}}"#,
          value: "{kind: i}", codes: []),
    .init(schema: #"{"if": {"properties": {"kind": {"const": "m"}}}, "then": {"required": ["date"]}}"#,
          value: "{other: 1}", codes: [.missingField]),
    .init(schema: #"{"if": {"properties": {"kind": {"const": "m"}}}, "then": {"required": ["date"]}}"#,
          value: "text", codes: []),
    .init(schema: #"{"if": {"properties": {"on": {"const": true}}}, "then": {"required": ["p"]}, "else": {"not": {"required": ["p"]}}}"#,
          value: "{on: true}", codes: [.missingField]),
    .init(schema: #"{"if": {"properties": {"on": {"const": true}}}, "then": {"required": ["p"]}, "else": {"not": {"required": ["p"]}}}"#,
          value: "{on: false, p: 1}", codes: [.unknownField]),
    .init(schema: #"{"if": {"properties": {"on": {"const": true}}}, "then": {"required": ["p"]}, "else": {"not": {"required": ["p"]}}}"#,
          value: "{on: false}", codes: []),
    .init(schema: #"{"if": {"type": "string"}}"#, value: "1", codes: []),
    .init(schema: #"{"if": {"minLength": 3}, "then": {"pattern": "^a"}, "else": {"maxLength": 1}}"#, value: "abc", codes: []),
    .init(schema: #"{"if": {"minLength": 3}, "then": {"pattern": "^a"}, "else": {"maxLength": 1}}"#, value: "xyz",
          codes: [.patternMismatch]),
    .init(schema: #"{"if": {"minLength": 3}, "then": {"pattern": "^a"}, "else": {"maxLength": 1}}"#, value: "xy",
          codes: [.lengthOutOfRange]),
    .init(schema: #"{"if": {"required": ["a"]}, "then": false}"#, value: "{a: 1}", codes: [.notAllowedValue]),
    .init(schema: #"{"if": {"required": ["a"]}, "then": false}"#, value: "{b: 1}", codes: []),
    .init(schema: #"{"if": true, "else": false}"#, value: "x", codes: []),
    .init(schema: #"{"if": false, "else": {"type": "integer"}}"#, value: "x", codes: [.wrongType]),
    // `$ref` inside `if`.
    .init(schema: ##"{"if": {"properties": {"zip": {"$ref": "#/$defs/postcode"}}}, "then": {"required": ["city"]}}"##,
          value: "{zip: '50667'}", codes: [.missingField]),
    .init(schema: ##"{"if": {"properties": {"zip": {"$ref": "#/$defs/postcode"}}}, "then": {"required": ["city"]}}"##,
          value: "{zip: '5066'}", codes: []),
    // Two conditions in one allOf, a nested condition looking into a child object.
    .init(schema: #"{"allOf": [{"if": {"properties": {"a": {"const": 1}}}, "then": {"required": ["b"]}}, {"if": {"properties": {"a": {"const": 1}}}, "then": {"required": ["c"]}}]}"#,
          value: "{a: 1}", codes: [.missingField, .missingField]),
    .init(schema: #"{"if": {"properties": {"c": {"properties": {"t": {"const": "b2c"}}}}, "required": ["c"]}, "then": {"properties": {"p": {"required": ["gross"]}}}}"#,
          value: "{c: {t: b2c}, p: {net: 1}}", codes: [.missingField]),
    .init(schema: #"{"if": {"properties": {"c": {"properties": {"t": {"const": "b2c"}}}}, "required": ["c"]}, "then": {"properties": {"p": {"required": ["gross"]}}}}"#,
          value: "{c: {t: b2b}, p: {net: 1}}", codes: []),
    .init(schema: #"{"if": {"properties": {"c": {"properties": {"t": {"const": "b2c"}}}}, "required": ["c"]}, "then": {"properties": {"p": {"required": ["gross"]}}}}"#,
          value: "{p: {net: 1}}", codes: []),
    // Objects in a yes/no walk: other members count where `additionalProperties` checks or forbids them.
    .init(schema: #"{"if": {"properties": {"a": {"const": 1}}, "additionalProperties": false}, "then": {"required": ["b"]}}"#,
          value: "{a: 1}", codes: [.missingField]),
    .init(schema: #"{"if": {"properties": {"a": {"const": 1}}, "additionalProperties": false}, "then": {"required": ["b"]}}"#,
          value: "{a: 1, c: 2}", codes: []),
    .init(schema: #"{"if": {"properties": {"a": {"const": 1}}, "additionalProperties": {"type": "string"}}, "then": {"required": ["b"]}}"#,
          value: "{a: 1, c: x}", codes: [.missingField]),
    .init(schema: #"{"if": {"properties": {"a": {"const": 1}}, "additionalProperties": {"type": "string"}}, "then": {"required": ["b"]}}"#,
          value: "{a: 1, c: 2}", codes: []),
    .init(schema: #"{"anyOf": [{"properties": {"a": {"type": "string"}}}, {"properties": {"a": {"type": "integer"}}}]}"#,
          value: "{a: true, b: 1}", codes: [.notAllowedValue]),
    .init(schema: #"{"anyOf": [{"properties": {"a": {"type": "string"}}}, {"properties": {"a": {"type": "integer"}}}]}"#,
          value: "{a: 1, b: true}", codes: []),
    .init(schema: #"{"not": {"properties": {"a": {"const": 1}}, "additionalProperties": false}}"#,
          value: "{a: 1}", codes: [.notAllowedValue]),
    .init(schema: #"{"not": {"properties": {"a": {"const": 1}}, "additionalProperties": false}}"#,
          value: "{a: 1, b: 2}", codes: []),
    // uniqueItems: JSON equality, so 1 and 1.0 are equal and 1 and '1' are not.
    .init(schema: #"{"uniqueItems": true}"#, value: "[a, b]", codes: []),
    .init(schema: #"{"uniqueItems": true}"#, value: "[a, b, a]", codes: [.notAllowedValue]),
    .init(schema: #"{"uniqueItems": true}"#, value: "[1, 1.0]", codes: [.notAllowedValue]),
    .init(schema: #"{"uniqueItems": true}"#, value: "[1, '1', true]", codes: []),
    .init(schema: #"{"uniqueItems": true}"#, value: "[{x: 1, y: [2]}, {y: [2.0], x: 1}]", codes: [.notAllowedValue]),
    .init(schema: #"{"uniqueItems": true}"#, value: "[[1], [1, 2]]", codes: []),
    .init(schema: #"{"uniqueItems": true}"#, value: "[a, a, a]", codes: [.notAllowedValue, .notAllowedValue]),
    .init(schema: #"{"uniqueItems": false}"#, value: "[a, a]", codes: []),
    .init(schema: #"{"uniqueItems": true}"#, value: "aa", codes: []),
    // contains
    .init(schema: #"{"contains": {"const": "x"}}"#, value: "[a, x]", codes: []),
    .init(schema: #"{"contains": {"const": "x"}}"#, value: "[a]", codes: [.itemCount]),
    .init(schema: #"{"contains": {"const": "x"}}"#, value: "[]", codes: [.itemCount]),
]

@Test(arguments: applicatorCases)
func everyApplicatorIsChecked(_ row: KeywordCase) throws {
    try checkKeywordRow(row)
}

// MARK: What users see

/// Validates YAML `text` against the JSON schema `schema`; the diagnostics as printed.
private func messages(_ schema: String, _ text: String) throws -> [String] {
    let data = try DataLoader.load(text: text, file: "d.yaml", format: .yaml)
    return SchemaValidator.validate(data, against: try JSONSchema.parse(text: schema, file: "s.json")).map(\.description)
}

@Test func alternativesSayWhatEachExpected() throws {
    let anyOf = #"{"properties": {"v": {"anyOf": [{"type": "string", "pattern": "^[0-9]{5}$"}, {"type": "integer", "minimum": 1}, {"type": "object", "required": ["zip"]}]}}}"#
    let none = try messages(anyOf, "v: true\n")
    #expect(none == [
        "d.yaml:1:4: error: v: none of the alternatives matched: expected (1) a string matching '^[0-9]{5}$', "
            + "(2) an integer at least 1 or (3) an object with 'zip', found true [AVV204]",
    ])
    let oneOf = #"{"properties": {"v": {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 2}, {"enum": ["a", "b"]}]}}}"#
    let two = try messages(oneOf, "v: 3\n")
    #expect(two == [
        "d.yaml:1:4: error: v: more than one alternative matched (1 and 2): expected exactly one of "
            + "(1) an integer, (2) a number at least 2 or (3) one of 'a', 'b' [AVV204]",
    ])
    let neither = try messages(oneOf, "v: c\n")
    #expect(neither == [
        "d.yaml:1:4: error: v: none of the alternatives matched: expected exactly one of "
            + "(1) an integer, (2) a number at least 2 or (3) one of 'a', 'b', found a string 'c' [AVV204]",
    ])
}

@Test func notSaysWhatMustNotHold() throws {
    let schema = #"{"properties": {"v": {"not": {"enum": ["TBD", "n/a"]}}, "w": {"not": {"required": ["a", "b"]}}}}"#
    #expect(try messages(schema, "v: TBD\nw: {a: 1, b: 2}\n") == [
        "d.yaml:1:4: error: v: must not be one of 'TBD', 'n/a' [AVV204]",
        "d.yaml:2:4: error: w: must not be an object with 'a' and 'b' [AVV204]",
    ])
}

@Test func duplicatesNameTheValueAndBothItemsAtTheSecond() throws {
    let schema = #"{"properties": {"tags": {"type": "array", "uniqueItems": true}}}"#
    let text = "tags: [Lohn, Mandanten, Lohn, 2, 2.0]\n"
    let diagnostics = SchemaValidator.validate(
        try DataLoader.load(text: text, file: "d.yaml", format: .yaml), against: try JSONSchema.parse(text: schema, file: "s.json"))
    #expect(formatted(diagnostics, source: text) == """
        d.yaml:1:25: error: tags[2]: expected every item only once, found 'Lohn' as items 0 and 2 [AVV204]
         1 | tags: [Lohn, Mandanten, Lohn, 2, 2.0]
           |                         ^~~~
        d.yaml:1:34: error: tags[4]: expected every item only once, found 2 as items 3 and 4 [AVV204]
         1 | tags: [Lohn, Mandanten, Lohn, 2, 2.0]
           |                                  ^~~

        """)
    #expect(diagnostics.map(\.fieldPath) == ["tags[2]", "tags[4]"])
}

@Test func conditionalRulesSayWhy() throws {
    let schema = """
        {"properties": {"contract": {
          "properties": {"kind": {"enum": ["maintenance", "individual"]}, "date": {"type": "string"}, "number": {}},
          "if": {"properties": {"kind": {"const": "maintenance"}}},
          "then": {"required": ["date"]},
          "else": {"not": {"required": ["date"]}, "properties": {"number": {"type": "integer"}}}
        }}}
        """
    #expect(try messages(schema, "contract: {kind: maintenance}\n") == [
        "d.yaml:1:11: error: contract: missing required field 'date' (required because contract.kind is 'maintenance') [AVV202]",
    ])
    #expect(try messages(schema, "contract: {kind: individual, date: '2026-01-01', number: x}\n") == [
        "d.yaml:1:30: error: contract.date: not allowed here (only when contract.kind is 'maintenance'; contract.kind is 'individual') [AVV203]",
        "d.yaml:1:58: error: contract.number: expected an integer, found a string 'x' (because contract.kind is 'individual') [AVV201]",
    ])
    // The `if` is vacuously true without `kind`: the plain message, no reason to give.
    #expect(try messages(schema, "contract: {number: 1}\n") == [
        "d.yaml:1:11: error: contract: missing required field 'date' [AVV202]",
    ])
}

@Test func conditionsThatAreNotAboutFieldValuesFallBackToPlainMessages() throws {
    let schema = #"{"properties": {"v": {"if": {"minLength": 3}, "then": {"pattern": "^a"}, "else": {"not": {"required": ["x"]}}}, "w": {"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}}}"#
    #expect(try messages(schema, "v: xyz\nw: {a: 1}\n") == [
        "d.yaml:1:4: error: v: expected a string matching '^a', found 'xyz' [AVV205]",
        "d.yaml:2:4: error: w: missing required field 'b' (required because w.a is given) [AVV202]",
    ])
    #expect(try messages(schema, "w: {}\n") == [
        "d.yaml:1:4: error: w: missing required field 'c' (required because w.a is not given) [AVV202]",
    ])
}

@Test func rootConditionLooksIntoChildObjects() throws {
    let schema = """
        {"type": "object",
         "properties": {"controller": {"type": "object"}, "processor": {"type": "object"}},
         "allOf": [{
           "if": {"properties": {"controller": {"properties": {"customerType": {"const": "b2c"}}}}, "required": ["controller"]},
           "then": {"properties": {"processor": {"properties": {"price": {"required": ["gross"]}}}}}
         }]}
        """
    let text = """
        controller:
          customerType: b2c
        processor:
          price:
            net: 1.40

        """
    let data = try DataLoader.load(text: text, file: "d.yaml", format: .yaml)
    let diagnostics = SchemaValidator.validate(data, against: try JSONSchema.parse(text: schema, file: "s.json"))
    #expect(formatted(diagnostics, source: text) == """
        d.yaml:5:5: error: processor.price: missing required field 'gross' (required because controller.customerType is 'b2c') [AVV202]
         5 |     net: 1.40
           |     ^

        """)
    #expect(diagnostics.map(\.fieldPath) == ["processor.price.gross"])
    let b2b = try DataLoader.load(text: text.replacingOccurrences(of: "b2c", with: "b2b"), file: "d.yaml", format: .yaml)
    #expect(SchemaValidator.validate(b2b, against: try JSONSchema.parse(text: schema, file: "s.json")).isEmpty)
}

// MARK: The query API describes plain `properties` only

@Test func queriesIgnoreConditionalBranches() throws {
    let schema = try JSONSchema.parse(text: """
        {"type": "object",
         "properties": {"kind": {"enum": ["a", "b"]}},
         "required": ["kind"],
         "if": {"properties": {"kind": {"const": "a"}}},
         "then": {"properties": {"extra": {"type": "string"}}, "required": ["extra"]},
         "allOf": [{"properties": {"more": {"type": "integer"}}}],
         "anyOf": [{"properties": {"kind": {"const": "a"}}}, true]}
        """, file: "s.json")
    #expect(schema.root.propertyNames == ["kind"])
    #expect(schema.root.requiredNames == ["kind"])
    #expect(schema.root.property("extra") == nil)
    #expect(schema.root.property("more") == nil)
    #expect(schema.root.node(atPath: ["kind"])?.enumValues == [.string("a"), .string("b")])
    #expect(schema.root.types == ["object"])
}

// MARK: Malformed uses are schema errors

@Test(arguments: [
    (#"{"allOf": {}}"#, "s.json:1:11: error: 'allOf' must be a list of at least one schema [AVV210]"),
    (#"{"anyOf": []}"#, "s.json:1:11: error: 'anyOf' must be a list of at least one schema [AVV210]"),
    (#"{"oneOf": [{}, 3]}"#, "s.json:1:16: error: a schema must be an object or true/false, found 3 [AVV210]"),
    (#"{"not": [{}]}"#, "s.json:1:9: error: 'not' must be a schema (an object or true/false), found a list [AVV210]"),
    (#"{"if": "kind", "then": {}}"#, "s.json:1:8: error: 'if' must be a schema (an object or true/false), found 'kind' [AVV210]"),
    (#"{"if": {}, "then": 1}"#, "s.json:1:20: error: 'then' must be a schema (an object or true/false), found 1 [AVV210]"),
    (#"{"then": {"required": ["a"]}}"#, "s.json:1:2: error: 'then' without 'if' has no effect; add the 'if' it belongs to [AVV210]"),
    (#"{"else": false}"#, "s.json:1:2: error: 'else' without 'if' has no effect; add the 'if' it belongs to [AVV210]"),
    (#"{"if": {"properties": {"a": {"type": "strin"}}}, "then": {}}"#, "s.json:1:38: error: unknown type 'strin'; did you mean 'string'? [AVV210]"),
    (#"{"uniqueItems": "yes"}"#, "s.json:1:17: error: 'uniqueItems' must be true or false, found 'yes' [AVV210]"),
    (#"{"contains": 1}"#, "s.json:1:14: error: 'contains' must be a schema (an object or true/false), found 1 [AVV210]"),
    (##"{"$ref": "#/$defs/a", "allOf": [], "$defs": {"a": {}}}"##, "s.json:1:23: error: 'allOf' beside '$ref' is not supported; put it into the definition [AVV210]"),
    (##"{"$defs": {"a": {"allOf": [{"$ref": "#/$defs/a"}]}}}"##, "s.json:1:28: error: '$ref' leads back to a schema for the same value without stepping into a field; checking would never end [AVV210]"),
    (##"{"anyOf": [{"not": {"$ref": "#"}}]}"##, "s.json:1:20: error: '$ref' leads back to a schema for the same value without stepping into a field; checking would never end [AVV210]"),
    (#"{"minContains": 1}"#, "s.json:1:2: error: 'minContains' is not supported by avv; the schema would check less than it says [AVV210]"),
    (#"{"unevaluatedProperties": false}"#, "s.json:1:2: error: 'unevaluatedProperties' is not supported by avv; the schema would check less than it says [AVV210]"),
    (#"{"dependentRequired": {}}"#, "s.json:1:2: error: 'dependentRequired' is not supported by avv; the schema would check less than it says [AVV210]"),
])
func malformedApplicatorsAreAVV210(text: String, expected: String) {
    let errors = schemaErrors(text, file: "s.json")
    #expect(errors.first?.description == expected)
    #expect(errors.allSatisfy { $0.code == .schemaInvalid })
}

@Test func recursionThroughPropertiesIsFine() throws {
    // Stepping into a field each time ends with the data; only same-value loops are refused.
    let schema = try JSONSchema.parse(text: ##"{"properties": {"child": {"allOf": [{"$ref": "#"}]}}, "required": ["name"]}"##,
                                      file: "s.json")
    let data = try DataLoader.load(text: "name: a\nchild: {child: {}}\n", file: "d.yaml", format: .yaml)
    #expect(SchemaValidator.validate(data, against: schema).map(\.description) == [
        "d.yaml:2:8: error: child: missing required field 'name' [AVV202]",
        "d.yaml:2:16: error: child.child: missing required field 'name' [AVV202]",
    ])
}
