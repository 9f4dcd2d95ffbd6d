import Testing
@testable import AVVKit

// Characters a document cannot show are refused when the data loads, with the field and the
// exact column, whether written literally or as an escape; JSON strings follow JSON's rules.

@Test(arguments: [
    // A literal BEL in a plain scalar: libyaml alone would say "control characters are not allowed".
    ("controller:\n  name: Mü\u{7}ller\n", "customer.yaml:2:11: error: controller.name: contains the control character U+0007, which a document cannot show; remove it [AVV212]"),
    // NEL is a line break to libyaml; here it is a character in the name.
    ("controller:\n  name: Mü\u{85}ller\n", "customer.yaml:2:11: error: controller.name: contains the control character U+0085, which a document cannot show; remove it [AVV212]"),
    ("a: \"x\\ey\"\n", "customer.yaml:1:6: error: a: contains the control character U+001B, which a document cannot show; remove it [AVV212]"),
    ("a: \"x\\x7F\"\n", "customer.yaml:1:6: error: a: contains the control character U+007F, which a document cannot show; remove it [AVV212]"),
    ("a: \"\\uFFFE\"\n", "customer.yaml:1:5: error: a: contains the noncharacter U+FFFE, which a document cannot show; remove it [AVV212]"),
    ("list:\n  - ok\n  - \"\\0\"\n", "customer.yaml:3:6: error: list[1]: contains the control character U+0000, which a document cannot show; remove it [AVV212]"),
    ("a: |\n  Zeile\u{C}\n", "customer.yaml:2:8: error: a: contains the control character U+000C, which a document cannot show; remove it [AVV212]"),
    ("na\u{1}me: x\n", "customer.yaml:1:3: error: a key contains the control character U+0001, which a document cannot show; remove it [AVV212]"),
    ("a: x # Kommentar \u{2}\n", "customer.yaml:1:18: error: the control character U+0002 is not allowed in a data file; remove it [AVV212]"),
])
func forbiddenCharacterInYAMLNamesTheFieldAndColumn(text: String, expected: String) {
    #expect(loadErrors(text).map(\.description) == [expected])
}

@Test func everyForbiddenCharacterIsReportedOnce() {
    let text = "a: &x \"\\a\"\nb: *x\nc: \"\\b\"\n"
    #expect(loadErrors(text).map(\.description) == [
        "customer.yaml:1:8: error: a: contains the control character U+0007, which a document cannot show; remove it [AVV212]",
        "customer.yaml:3:5: error: c: contains the control character U+0008, which a document cannot show; remove it [AVV212]",
    ])
}

@Test func tabsLineBreaksAndOtherCharactersAreFine() throws {
    let text = "a: \"x\\ty\\nz\"\nb: \"\\u202Eabc\"\nc: \"😀 \\U0001F600 \\u00A0\"\nd: \"\\N\"\n"
    // Only d is refused: NEL (U+0085) is a C1 control.
    #expect(loadErrors(text).map(\.fieldPath) == ["d"])
    let data = try DataLoader.load(text: "a: \"x\\ty\\nz\"\nb: \"\\u202Eabc\"\n", file: "c.yaml", format: .yaml)
    #expect(data.root["a"] == .string("x\ty\nz"))
    #expect(data.root["b"] == .string("\u{202E}abc"))
}

@Test func aForbiddenCharacterIsShownVisiblyInTheSnippet() {
    let text = "controller:\n  name: Mü\u{1B}[31mller\n"
    #expect(formattedLoadErrors(text) == """
        customer.yaml:2:11: error: controller.name: contains the control character U+001B, which a document cannot show; remove it [AVV212]
         2 |   name: Mü␛[31mller
           |           ^

        """)
}

// MARK: JSON strings

@Test func jsonSurrogatePairsDecodeToOneCharacter() throws {
    // As Python's json.dumps writes non-ASCII by default.
    let text = "{\"name\": \"M\\u00fcller \\ud83d\\ude00\", \"stadt\": \"K\\u00f6ln\", \"\\ud83d\\udc4d\": true}"
    let data = try DataLoader.load(text: text, file: "c.json", format: .json)
    #expect(data.root["name"] == .string("Müller 😀"))
    #expect(data.root["stadt"] == .string("Köln"))
    #expect(data.root["👍"] == .bool(true))
    #expect(data.sourceMap.location(of: "stadt") == SourceLocation(file: "c.json", line: 1, column: 47))
}

@Test(arguments: [
    ("{\"a\": \"x\\ud800\"}", "c.json:1:9: error: a: contains the lone surrogate \\ud800, which is no character; a character above U+FFFF is written as a pair such as \\ud83d\\ude00 [AVV212]"),
    ("{\"a\": \"\\ude00x\"}", "c.json:1:8: error: a: contains the lone surrogate \\ude00, which is no character; a character above U+FFFF is written as a pair such as \\ud83d\\ude00 [AVV212]"),
    ("{\"a\": \"\\u0007\"}", "c.json:1:8: error: a: contains the control character U+0007, which a document cannot show; remove it [AVV212]"),
    ("{\"a\": \"x\u{7}\"}", "c.json:1:9: error: a: contains the control character U+0007, which a document cannot show; remove it [AVV212]"),
    ("{\"a\": \"x\\f\"}", "c.json:1:9: error: a: contains the control character U+000C, which a document cannot show; remove it [AVV212]"),
    ("{\"a\": \"\\e\"}", "c.json:1:8: error: a: invalid JSON: '\\e' is not a JSON escape; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX [AVV200]"),
    ("{\"a\": \"\\U0001F600\"}", "c.json:1:8: error: a: invalid JSON: '\\U' is not a JSON escape; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX [AVV200]"),
    ("{\"a\": \"x\ty\"}", "c.json:1:9: error: a: invalid JSON: a tab inside a string; write it as an escape such as \\n or \\t [AVV200]"),
    ("{\"a\": \"\\u12\"}", "c.json:1:10: error: invalid JSON: did not find expected hexdecimal number (while parsing a quoted scalar at line 1) [AVV200]"),
    ("{\"a\": [1, 2,]}", "c.json:1:12: error: a: invalid JSON: a comma before ']'; remove it [AVV200]"),
])
func jsonStringsFollowJSONRules(text: String, expected: String) {
    #expect(loadErrors(text, format: .json, file: "c.json").map(\.description) == [expected])
}

@Test func aBackslashBeforeAQuoteIsNoSurrogateEscape() throws {
    // `\\ud800` is a backslash and the text "ud800", not an escape.
    let data = try DataLoader.load(text: "{\"a\": \"\\\\ud800\"}", file: "c.json", format: .json)
    #expect(data.root["a"] == .string("\\ud800"))
}
