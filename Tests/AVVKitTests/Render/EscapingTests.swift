import Foundation
import Testing

@testable import AVVKit

/// Every hostile value in every free-text field: the HTML keeps the element structure of a
/// plain value (nothing injected), links keep safe schemes, and both the HTML and the text
/// show the value literally. Forbidden characters are refused at load time, naming the field.
@Suite struct EscapingTests {
    @Test(arguments: Array(HostileValues.table.indices))
    func hostileValueInEveryField(index: Int) throws {
        let value = HostileValues.table[index]
        for harness in try EscapingHarness.all() {
            for field in harness.fields {
                harness.check(value, in: field)
            }
        }
    }

    @Test func theTableIsLargeAndCoversEveryKind() {
        #expect(HostileValues.table.count >= 100)
        #expect(Set(HostileValues.table).count == HostileValues.table.count, "no value twice")
    }

    @Test func everyFreeTextFieldOfTheFixturesIsExercised() throws {
        let harnesses = try EscapingHarness.all()
        #expect(harnesses[0].fields == ["kunde", "vertrag", "text", "ort", "url", "liste[0]", "liste[1]"])
        #expect(harnesses[1].fields == [
            "controller.name", "controller.city", "processor.name", "processor.city", "processor.signatory",
            "contract.number", "remote.tool", "dataCategories[0]", "dataCategories[1]", "dataCategories[2]",
            "subprocessors[0].name", "subprocessors[0].service", "subprocessors[1].name", "subprocessors[1].service",
        ])
    }

    @Test func aBidiOverrideIsIsolatedInBothWriters() throws {
        let harness = try EscapingHarness.all()[0]
        guard case .generated(let html, let text, _) = harness.outcome(harness.replacing("text", with: "abc\u{202E}def")) else {
            Issue.record("the value should render")
            return
        }
        #expect(html.contains("<strong>\u{2068}abc\u{202E}def\u{2069}</strong>"))
        #expect(text.contains("\u{2068}abc\u{202E}def\u{2069}"))
        #expect(!html.contains("abc\u{202E}def<"), "the override is closed before any markup")
    }
}

/// One template set and customer whose free-text fields the escaping test fills.
struct EscapingHarness: Sendable {
    enum Outcome {
        case rejected([Diagnostic])
        case generated(html: String, text: String, paths: [String])
    }

    let name: String
    let templates: TemplateSet
    let base: DataValue
    let language: Language
    /// Paths of string values in the customer whose schema allows any text.
    let fields: [String]
    /// The HTML structure with the plain value "Wert" in each field.
    private(set) var references: [String: XMLStructure] = [:]

    /// The generated hostile set and the "everything" fixture.
    static func all() throws -> [EscapingHarness] { try shared.get() }

    private static let shared: Result<[EscapingHarness], any Error> = Result {
        let hostile = try HostileFixture.write()
        // Everything is read into memory here, so the directory goes at once.
        defer { hostile.remove() }
        return [
            try EscapingHarness(
                name: "hostile", directory: hostile.path, customer: hostile.path + "/customer.json", language: .de),
            try EscapingHarness(
                name: "everything", directory: Fixtures.path("Everything"),
                customer: Fixtures.path("Everything/customer.yaml"), language: .de),
        ]
    }

    init(name: String, directory: String, customer: String, language: Language) throws {
        self.name = name
        self.language = language
        templates = try TemplateSet.load(directory: directory)
        base = try CustomerData.load(path: customer, schema: templates.schema).value
        var fields: [String] = []
        Self.collectFields(base, templates.schema.root, path: "", into: &fields)
        self.fields = fields
        var references: [String: XMLStructure] = [:]
        for field in fields {
            let plain = field == "url" ? "https://example.de/" : "Wert"
            guard case .generated(let html, _, _) = outcome(replacing(field, with: plain)) else {
                throw DiagnosticsError([Diagnostic(.error, .missingValue, "\(name): '\(field)' does not render with a plain value")])
            }
            references[field] = Self.structure(html)
        }
        self.references = references
    }

    /// The structure the test compares: links and the URL shown after a link are left out,
    /// because a value that is not a safe link (`javascript:…`) is rightly not linked.
    static func structure(_ html: String) -> XMLStructure {
        XMLStructure.parse(html) { name, className in name == "a" || (name == "span" && className == "url") }
    }

    private static func collectFields(_ value: DataValue, _ schema: SchemaNode, path: String, into fields: inout [String]) {
        switch value {
        case .object(let members):
            let declared = schema.propertyNames.filter { members[$0] != nil }
            for key in declared + members.keys.sorted().filter({ !declared.contains($0) }) {
                if let child = schema.property(key) { collectFields(members[key]!, child, path: FieldPath.join(path, key), into: &fields) }
            }
        case .array(let items):
            guard let itemSchema = schema.items else { return }
            for (index, item) in items.enumerated() {
                collectFields(item, itemSchema, path: FieldPath.join(path, index: index), into: &fields)
            }
        case .string:
            let rules = schema.rules
            if (rules.types.isEmpty || rules.types.contains("string")), rules.enumValues == nil, rules.format == nil,
               rules.pattern == nil, rules.maxLength == nil {
                fields.append(path)
            }
        default:
            break
        }
    }

    func replacing(_ path: String, with text: String) -> DataValue {
        func set(_ value: DataValue, _ steps: ArraySlice<FieldPath.Step>) -> DataValue {
            guard let step = steps.first else { return .string(text) }
            switch (step, value) {
            case (.key(let key), .object(var members)):
                members[key] = set(members[key] ?? .null, steps.dropFirst())
                return .object(members)
            case (.index(let index), .array(var items)):
                items[index] = set(items[index], steps.dropFirst())
                return .array(items)
            default:
                return value
            }
        }
        return set(base, FieldPath.steps(path)[...])
    }

    /// Writes `value` as JSON text (control characters as `\u` escapes, everything else as
    /// it is), loads, validates and generates it as `avv generate` does.
    func outcome(_ value: DataValue) -> Outcome {
        do throws(DiagnosticsError) {
            let loaded = try DataLoader.load(text: Self.json(value), file: "customer.json", format: .json)
            let data = try CustomerData.validated(loaded, schema: templates.schema)
            let result = try Generator.generate(templates: templates, data: data, language: language, date: "2026-11-22")
            let html = result.files.first { $0.relativePath.hasSuffix(".html") }.map { String(decoding: $0.contents, as: UTF8.self) } ?? ""
            let text = result.files.first { $0.relativePath.hasSuffix(".txt") }.map { String(decoding: $0.contents, as: UTF8.self) } ?? ""
            return .generated(html: html, text: text, paths: result.files.map(\.relativePath))
        } catch {
            return .rejected(error.diagnostics)
        }
    }

    static func json(_ value: DataValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d): return "\(d)"
        case .string(let s):
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20:
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        case .array(let items): return "[" + items.map(json).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { json(.string($0)) + ": " + json(members[$0]!) }.joined(separator: ", ") + "}"
        }
    }

    /// Whether a browser reads `href` as a link to a fragment, to `http`, `https`, `mailto`
    /// or `tel`, or relative to the file: no `javascript:`, `data:` or other scheme. (Browsers
    /// drop tabs and line breaks and trim spaces first; a scheme is `[A-Za-z][A-Za-z0-9+.-]*:`.)
    static func isSafeLink(_ href: String) -> Bool {
        let url = String(href.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" })
            .trimmingCharacters(in: CharacterSet(charactersIn: " \u{0}\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{B}\u{C}\u{E}\u{F}"))
        guard let colon = url.firstIndex(of: ":") else { return true }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return true }
        return ["http", "https", "mailto", "tel"].contains(scheme.lowercased())
    }

    static func isSubsequence(_ small: [String], of large: [String]) -> Bool {
        var index = large.startIndex
        for element in small {
            guard let found = large[index...].firstIndex(of: element) else { return false }
            index = found + 1
        }
        return true
    }

    /// Whitespace as the writers treat it: any run of breaking spaces is one space.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: TextLayout.isBreakingSpace).joined(separator: " ")
    }

    func check(_ value: String, in field: String) {
        let shown = value.count > 40 ? String(value.prefix(40)) + "… (\(value.count) characters)" : value
        let context = "\(name) \(language.rawValue), \(field) = \(shown.debugDescription)"
        switch outcome(replacing(field, with: value)) {
        case .rejected(let diagnostics):
            if HostileValues.isForbidden(value) {
                #expect(diagnostics.contains { $0.code == .forbiddenCharacter && $0.fieldPath == field
                    && $0.message.hasPrefix("\(field): contains ") && $0.location != nil }, "\(context): \(diagnostics)")
                return
            }
            // Only a field's own rules may refuse a value (an empty name, say).
            let allowed: Set<DiagnosticCode> = [.lengthOutOfRange, .missingField]
            #expect(!diagnostics.isEmpty && diagnostics.allSatisfy { allowed.contains($0.code) && $0.fieldPath == field },
                    "\(context): \(diagnostics)")
        case .generated(let html, let text, let paths):
            #expect(!HostileValues.isForbidden(value), "\(context): a forbidden character was not refused")
            let structure = Self.structure(html)
            let reference = references[field]!
            #expect(structure.error == nil, "\(context): \(structure.error ?? "")")
            if Self.collapse(value).isEmpty {
                // A blank value may leave an element empty and so drop it; it may not add one.
                #expect(Self.isSubsequence(structure.elements, of: reference.elements), "\(context): an element was added")
            } else {
                #expect(structure.elements == reference.elements, "\(context): the element structure changed")
            }
            #expect(structure.hrefs.count <= reference.hrefs.count, "\(context): a link was added")
            for href in structure.hrefs {
                #expect(Self.isSafeLink(href), "\(context): unsafe link \(href.prefix(60))")
            }
            let literal = Self.collapse(value)
            let upper = Self.collapse((try? Filter.apply(.upper, to: .string(value), language: language).get()) ?? value)
            let textShown = Self.collapse(text), htmlShown = Self.collapse(structure.text)
            // A value of only spaces and invisible format characters (U+200B) may vanish.
            let visible = value.unicodeScalars.contains { !$0.properties.isWhitespace && $0.properties.generalCategory != .format }
            if visible {
                #expect(textShown.contains(literal) || textShown.contains(upper), "\(context): the text does not show the value")
                #expect(htmlShown.contains(literal) || htmlShown.contains(upper), "\(context): the HTML does not show the value")
            }
            if value.unicodeScalars.contains(where: { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) }) {
                #expect(htmlShown.contains("\u{2068}" + literal + "\u{2069}") || htmlShown.contains("\u{2068}" + upper + "\u{2069}"),
                        "\(context): the value is not isolated")
                #expect(textShown.contains("\u{2068}" + literal + "\u{2069}") || textShown.contains("\u{2068}" + upper + "\u{2069}"),
                        "\(context): the value is not isolated in the text")
            }
            for path in paths {
                let parts = path.split(separator: "/", omittingEmptySubsequences: false)
                #expect(parts.count == 3 && parts.dropLast().allSatisfy { part in
                    !part.isEmpty && part.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
                }, "\(context): output path \(path)")
            }
        }
    }
}

/// A small template set written for the escaping test: every field in text, in headings,
/// lists, tables, the title, link text, and in attributes (signature fields, link targets
/// after a fixed scheme, and a whole link target).
enum HostileFixture {
    static func write() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write("templates.json", """
            {"version": "1.0.0", "schema": "schema.json", "languages": ["de", "en"], "documents": ["vertrag"],
             "output": {"customer": "kunde", "contract": "vertrag"}}
            """)
        try dir.write("schema.json", """
            {"type": "object", "additionalProperties": false, "required": ["kunde", "vertrag", "text", "ort", "url", "liste"],
             "properties": {"kunde": {"type": "string"}, "vertrag": {"type": "string"}, "text": {"type": "string"},
               "ort": {"type": "string"}, "url": {"type": "string"}, "liste": {"type": "array", "items": {"type": "string"}}}}
            """)
        try dir.write("customer.json", """
            {"kunde": "Kunde", "vertrag": "V-1", "text": "Text", "ort": "Ort", "url": "https://example.de/", "liste": ["A", "B"]}
            """)
        for language in ["de", "en"] {
            try dir.write("vertrag/vertrag.\(language).xhtml", """
                <html xmlns="http://www.w3.org/1999/xhtml" xmlns:avv="urn:avv:template" lang="\(language)">
                <head><title>Vertrag {{ kunde }}</title></head>
                <body>
                  <h1>Vertrag mit {{ kunde }}</h1>
                  <p>Kunde: {{ kunde }}, Vertrag {{ vertrag }}, <strong>{{ text }}</strong> <em>{{ ort }}</em>, {{ url }}, {{ text | upper }}.</p>
                  <avv:toc/>
                  <section avv:clause="gegenstand">
                    <h2>Gegenstand {{ text }}</h2>
                    <p>Text: {{ text }} in {{ ort }} für {{ vertrag }}.</p>
                    <p>Portal: <a href="https://example.de/kunden?name={{ kunde }}&amp;ort={{ ort }}">Kundenportal</a>,
                       Post: <a href="mailto:{{ text }}">{{ text }}</a>, Web: <a href="{{ url }}">{{ url }}</a>,
                       Seite: <a href="{{ url }}">Seite</a>, siehe <avv:ref to="tabelle"/>.</p>
                    <ol>
                      <li>{{ text }} <em>{{ ort }}</em></li>
                      <li avv:each="x in liste">{{ x }} ({{ loop.index }})</li>
                    </ol>
                    <p>Liste: {{ liste | list }}.</p>
                  </section>
                  <section avv:annex="tabelle">
                    <h2>Tabelle {{ ort }}</h2>
                    <table>
                      <tr><th>{{ ort }}</th><th>Wert</th></tr>
                      <tr avv:each="x in liste"><td>{{ x }}</td><td>{{ text }} {{ kunde }}</td></tr>
                    </table>
                  </section>
                  <avv:signatures>
                    <avv:party role="{{ text }}" place="{{ ort }}" signatory="{{ kunde }}" function="{{ vertrag }}">{{ kunde }}</avv:party>
                    <avv:party role="Auftragsverarbeiter" signatory="{{ url }}">{{ text }}</avv:party>
                  </avv:signatures>
                </body>
                </html>
                """)
        }
        return dir
    }
}
