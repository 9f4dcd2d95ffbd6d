import Foundation
import Testing
@testable import AVVKit

// MARK: Query API

@Test func schemaExposesPropertiesInSchemaOrder() throws {
    let schema = try DataFixtures.schema()
    #expect(schema.file == "schema.json")
    #expect(schema.root.propertyNames == ["controller", "processor", "contract", "remote", "subprocessors", "notes"])
    #expect(schema.root.requiredNames == ["controller", "processor", "contract", "remote", "subprocessors"])
    #expect(schema.root.title == "AV-Vertrag customer data")
    #expect(schema.root.isObject && !schema.root.isArray)
    #expect(schema.root.property("controler") == nil)
}

@Test func refsAreFollowedAndKeepTheirOwnTitle() throws {
    let controller = try #require(try DataFixtures.schema().root.property("controller"))
    #expect(controller.types == ["object"])
    #expect(controller.title == "Verantwortlicher")
    #expect(controller.description == "a contracting party")
    #expect(controller.propertyNames == ["name", "address", "email"])
    let postcode = try #require(controller.node(atPath: ["address", "postcode"]))
    #expect(postcode.types == ["string"])
    #expect(postcode.location == SourceLocation(file: "schema.json", line: 65, column: 21))
}

@Test func pathsStepIntoListItems() throws {
    let schema = try DataFixtures.schema()
    let subprocessors = try #require(schema.root.property("subprocessors"))
    #expect(subprocessors.isArray && !subprocessors.isObject)
    #expect(subprocessors.items?.requiredNames == ["name", "country"])
    #expect(schema.root.node(atPath: ["subprocessors", "[]", "country"])?.types == ["string"])
    #expect(schema.root.node(atPath: ["subprocessors", "[3]", "name"])?.types == ["string"])
    #expect(schema.root.node(atPath: ["subprocessors", "country"]) == nil)
    #expect(schema.root.node(atPath: ["controller", "[]"]) == nil)
    #expect(schema.root.node(atPath: [])?.propertyNames.count == 6)
}

@Test func enumConstFormatAndDefaultAreExposed() throws {
    let schema = try DataFixtures.schema()
    #expect(schema.root.node(atPath: ["remote", "priceModel"])?.enumValues
            == [.string("included"), .string("perMinute"), .string("baseFeePlusSteps")])
    #expect(schema.root.node(atPath: ["contract", "language"])?.types == [])
    #expect(schema.root.node(atPath: ["contract", "language"])?.defaultValue == .string("de"))
    #expect(schema.root.node(atPath: ["contract", "date"])?.format == "date")
    #expect(schema.root.node(atPath: ["notes"])?.types == ["string", "null"])
    let constant = try JSONSchema.parse(text: #"{"properties": {"v": {"const": 2}}}"#, file: "s.json")
    #expect(constant.root.property("v")?.enumValues == [.integer(2)])
    #expect(constant.root.isObject)
}

@Test func recursiveRefsResolveWithoutLooping() throws {
    let schema = try JSONSchema.load(path: DataFixtures.path("tree-schema.json"))
    #expect(schema.root.requiredNames == ["name"])
    let deep = schema.root.node(atPath: ["children", "[]", "children", "[]", "children", "[]", "name"])
    #expect(deep?.types == ["string"])
}

@Test func additionalPropertiesSchemaAnswersForAnyName() throws {
    let schema = try JSONSchema.parse(
        text: #"{"properties": {"extra": {"type": "object", "additionalProperties": {"type": "integer"}}}}"#,
        file: "s.json")
    #expect(schema.root.node(atPath: ["extra", "anything"])?.types == ["integer"])
}

@Test func booleanSchemasAreAccepted() throws {
    let schema = try JSONSchema.parse(text: #"{"properties": {"any": true, "never": false}}"#, file: "s.json")
    #expect(schema.root.property("any")?.types == [])
    #expect(schema.root.property("never") != nil)
}

// MARK: Invalid schemas

@Test func schemaErrorsArePinnedWithSourceLines() {
    let text = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "strng", "minLength": "5" },
            "city": { "$ref": "#/$defs/adress" }
          },
          "$defs": { "address": { "type": "string" } }
        }
        """
    #expect(formatted(schemaErrors(text), source: text) == """
        schema.json:4:23: error: unknown type 'strng'; did you mean 'string'? [AVV210]
         4 |     "name": { "type": "strng", "minLength": "5" },
           |                       ^~~~~~~
        schema.json:4:45: error: 'minLength' must be a whole number of at least 0, found '5' [AVV210]
         4 |     "name": { "type": "strng", "minLength": "5" },
           |                                             ^~~
        schema.json:5:13: error: '$ref' names '#/$defs/adress', which is not defined; did you mean '#/$defs/address'? [AVV210]
         5 |     "city": { "$ref": "#/$defs/adress" }
           |             ^

        """)
}

@Test(arguments: [
    (#"{"type": 5}"#, "s.json:1:10: error: 'type' must be a type name or a list of type names [AVV210]"),
    (#"{"type": "text"}"#, "s.json:1:10: error: unknown type 'text'; expected one of 'string', 'integer', 'number', 'boolean', 'null', 'object', 'array' [AVV210]"),
    (#"{"type": []}"#, "s.json:1:10: error: 'type' must be a type name or a list of type names [AVV210]"),
    (#"{"properties": []}"#, "s.json:1:16: error: 'properties' must be an object of schemas [AVV210]"),
    (#"{"properties": {"a": 1}}"#, "s.json:1:22: error: a schema must be an object or true/false, found 1 [AVV210]"),
    (#"{"required": "name"}"#, "s.json:1:14: error: 'required' must be a list of property names [AVV210]"),
    (#"{"required": ["a", 2]}"#, "s.json:1:20: error: 'required' must be a list of property names [AVV210]"),
    (#"{"enum": []}"#, "s.json:1:10: error: 'enum' must be a list of at least one value [AVV210]"),
    (#"{"pattern": "[0-9"}"#, "s.json:1:13: error: 'pattern' is not a valid regular expression: '[0-9' [AVV210]"),
    (#"{"pattern": 5}"#, "s.json:1:13: error: 'pattern' must be a string, found 5 [AVV210]"),
    (#"{"maxItems": -1}"#, "s.json:1:14: error: 'maxItems' must be a whole number of at least 0, found -1 [AVV210]"),
    (#"{"maxLength": 1.5}"#, "s.json:1:15: error: 'maxLength' must be a whole number of at least 0, found 1.5 [AVV210]"),
    (#"{"minimum": "0"}"#, "s.json:1:13: error: 'minimum' must be a number, found '0' [AVV210]"),
    (#"{"title": 1}"#, "s.json:1:11: error: 'title' must be a string, found 1 [AVV210]"),
    (#"{"items": [{}]}"#, "s.json:1:11: error: 'items' must be one schema (a list of schemas is 'prefixItems', which avv does not support) [AVV210]"),
    (#"{"additionalProperties": "no"}"#, "s.json:1:26: error: a schema must be an object or true/false, found 'no' [AVV210]"),
    (#"{"patternProperties": {}}"#, "s.json:1:2: error: 'patternProperties' is not supported by avv; the schema would check less than it says [AVV210]"),
    (#"{"$ref": "other.json#/x"}"#, "s.json:1:1: error: '$ref' 'other.json#/x' is not supported; write '#/$defs/NAME' [AVV210]"),
    (##"{"$ref": "#/$defs/a", "type": "string", "$defs": {"a": {}}}"##, "s.json:1:23: error: 'type' beside '$ref' is not supported; put it into the definition [AVV210]"),
    (##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}}"##, "s.json:1:17: error: '$ref' '#/$defs/b' leads in a circle and never reaches a schema [AVV210]"),
    ("[]", "s.json:1:1: error: expected a mapping of fields at the top level, found a list [AVV210]"),
    (#"{"type": "object""#, "s.json:1:18: error: invalid JSON: did not find expected ',' or '}' (while parsing a flow mapping at line 1) [AVV210]"),
    (#"{"type": "object", "type": "string"}"#, "s.json:1:20: error: type: duplicate key 'type' [AVV210]"),
])
func invalidSchemasAreAVV210WithPositions(text: String, expected: String) {
    let errors = schemaErrors(text, file: "s.json")
    #expect(errors.first?.description == expected)
    #expect(errors.allSatisfy { $0.code == .schemaInvalid })
}

@Test func unknownKeywordsAreIgnored() throws {
    let schema = try JSONSchema.parse(
        text: #"{"$comment": "x", "examples": [1], "x-ui": {"order": 1}, "deprecated": true}"#, file: "s.json")
    #expect(schema.root.types == [])
}

@Test func schemaFileErrorsKeepIOCodes() {
    do {
        _ = try JSONSchema.load(path: "/nonexistent/schema.json", displayPath: "schema.json")
        Issue.record("loaded a missing schema")
    } catch {
        #expect(error.diagnostics.map(\.description) == ["error: cannot read 'schema.json': no such file [AVV001]"])
    }
}
