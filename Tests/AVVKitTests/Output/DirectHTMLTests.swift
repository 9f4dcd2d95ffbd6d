import Foundation
import Testing

@testable import AVVKit

/// The direct HTML path (``DirectHTML``) must give the very bytes of the general one
/// (``TemplateSet/render`` then ``HTMLWriter/write``): for every shipped example, every variant
/// `avv check` renders, and odd values in every free-text field. Where it declines (nil), the
/// general path is used, so a decline is never wrong, only slower: the tests also pin that
/// the shipped documents do take the direct path.
@Suite struct DirectHTMLTests {
    static let hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    static let date = "2026-11-22"

    static let shipped: Result<TemplateSet, DiagnosticsError> = Result { () throws(DiagnosticsError) in
        try TemplateSet.load(directory: ShippedTemplates.directory)
    }

    /// The general path's HTML, or nil when it reports errors for this data.
    static func general(_ set: TemplateSet, _ kind: String, _ language: Language, _ data: DataValue) -> String? {
        do throws(DiagnosticsError) {
            let document = try set.render(kind, language: language, data: data, date: date, documentID: "x-\(kind)")
            return HTMLWriter.write(document, textHash: hash)
        } catch {
            return nil
        }
    }

    static func direct(_ set: TemplateSet, _ kind: String, _ language: Language, _ data: DataValue) -> String? {
        set.renderHTML(kind, language: language, data: data, date: date, documentID: "x-\(kind)", textHash: hash)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// Where the two differ first, for a readable failure.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        let index = (0..<min(x.count, y.count)).first { x[$0] != y[$0] } ?? min(x.count, y.count)
        let from = max(0, index - 80)
        return "at byte \(index):\n general: \(String(decoding: x[from..<min(x.count, index + 80)], as: UTF8.self))\n direct:  \(String(decoding: y[from..<min(y.count, index + 80)], as: UTF8.self))"
    }

    @Test func everyShippedExampleTakesTheDirectPathWithTheSameBytes() throws {
        let set = try Self.shipped.get()
        let examples = try ShippedTemplates.examples(for: set)
        #expect(examples.count >= 6)
        for (name, data) in examples {
            for kind in set.kinds {
                for language in set.languages {
                    let general = try #require(Self.general(set, kind, language, data), "\(name) \(kind) \(language)")
                    let direct = try #require(Self.direct(set, kind, language, data), "direct path declined \(name) \(kind) \(language)")
                    let same = direct == general
                    #expect(same, "\(name) \(kind).\(language.rawValue) \(Self.firstDifference(general, direct))")
                }
            }
        }
    }

    @Test func everyVariantGivesTheSameBytes() throws {
        let set = try Self.shipped.get()
        let examples = try ShippedTemplates.examples(for: set)
        let catalog = try ShippedTemplates.catalog()
        var compared = 0
        for (name, data) in ShippedTemplates.variants(of: set, catalog: catalog, examples: examples, date: Self.date) {
            for kind in set.kinds {
                for language in set.languages {
                    guard let general = Self.general(set, kind, language, data) else { continue }
                    let direct = Self.direct(set, kind, language, data)
                    #expect(direct != nil, "declined: \(name) \(kind) \(language)")
                    if let direct {
                        let same = direct == general
                        #expect(same, "\(name) \(kind).\(language.rawValue) \(Self.firstDifference(general, direct))")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared >= 40, "variants compared: \(compared)")
    }

    /// Values that test the white-space rules where values meet static text, escaping, bidi
    /// isolation, and characters that join a neighbouring space.
    static let oddValues = [
        "", " ", "   ", " leading", "trailing ", "  both  ", "a  b", "\nnewline", "newline\n", " \n ",
        " \u{301}combining after a space", "\u{301}combining first", "space then joiner \u{200D}",
        "\u{600} prepended", "ends with prepend \u{600}", "\u{600}", "Zoë", "ë ", " ë",
        "\u{00A0}no-break\u{00A0}", "tab\tinside", "&amp;", "§ 3", "„Zitat“ ",
        // Punctuation of U+2000–U+20BF, written as it is, and what is near it but is not.
        "Preis: 5 € – „Angebot“ … ‰", "a\u{200F}rlm", "a\u{202E}override", "a\u{2066}isolate\u{2069}",
        "a\u{2028}line separator", "a\u{20DD}enclosing", "a\u{200D}joiner", "Zoë „Zitat“",
        // Longer than the blocks of 16 bytes the direct path checks at once: what needs
        // escaping, isolating or replacing just inside, across and after a block's edge.
        "Verschlüsselung über TLS 1.3 & AES-256 <GCM> \"Ende\"", String(repeating: "a", count: 15) + "\u{85}x",
        String(repeating: "a", count: 16) + "\u{9F}", String(repeating: "ä", count: 8) + "\u{7F}" + String(repeating: "b", count: 20),
        String(repeating: "c", count: 17) + "§ 5 Abs. 2 €", String(repeating: "d", count: 20) + " שלום",
    ]

    enum Step: Hashable { case key(String), index(Int) }

    /// The path of every string in `value`.
    static func stringPaths(_ value: DataValue, _ path: [Step] = []) -> [[Step]] {
        switch value {
        case .string: [path]
        case .object(let members): members.keys.sorted().flatMap { stringPaths(members[$0]!, path + [.key($0)]) }
        case .array(let items): items.indices.flatMap { stringPaths(items[$0], path + [.index($0)]) }
        default: []
        }
    }

    static func replacing(_ path: ArraySlice<Step>, in value: DataValue, with text: String) -> DataValue {
        guard let step = path.first else { return .string(text) }
        switch (step, value) {
        case (.key(let key), .object(var members)):
            members[key] = replacing(path.dropFirst(), in: members[key] ?? .null, with: text)
            return .object(members)
        case (.index(let index), .array(var items)):
            items[index] = replacing(path.dropFirst(), in: items[index], with: text)
            return .array(items)
        default:
            return value
        }
    }

    @Test func oddValuesInEveryStringFieldGiveTheSameBytes() throws {
        let set = try Self.shipped.get()
        let base = try ShippedTemplates.examples(for: set).first { $0.name == "intellekta.yaml" }!.data
        let paths = Self.stringPaths(base)
        #expect(paths.count >= 30)
        var direct = 0
        var declined = 0
        for (number, path) in paths.enumerated() {
            // Every odd value in every field; the long hostile table spread over the fields.
            let hostile = HostileValues.table.indices.filter { ($0 + number) % 10 == 0 }.map { HostileValues.table[$0] }
            // German for every field, English for every third (the numbering and labels
            // differ; the white-space rules do not).
            let languages: [Language] = number % 3 == 0 ? [.de, .en] : [.de]
            for value in Self.oddValues + hostile {
                let data = Self.replacing(path[...], in: base, with: value)
                for kind in set.kinds {
                    for language in languages {
                        // Values a field's filter or condition cannot take make the general path fail.
                        guard let general = Self.general(set, kind, language, data) else { continue }
                        guard let fast = Self.direct(set, kind, language, data) else {
                            declined += 1
                            continue
                        }
                        direct += 1
                        let same = fast == general
                        #expect(same, "\(path) = \(value.debugDescription) in \(kind).\(language.rawValue): \(Self.firstDifference(general, fast))")
                    }
                }
            }
        }
        // Declining is right only for the rare characters that join a space next to them.
        #expect(direct > 2_000)
        #expect(declined * 100 < direct, "declined \(declined) of \(direct + declined)")
    }

    /// The direct path writes into room estimated from the program and starts again with
    /// more when a document outgrows it: a value far longer than the template itself does.
    @Test func aDocumentLongerThanItsEstimateGivesTheSameBytes() throws {
        let set = try Self.shipped.get()
        guard case .object(var root) = try ShippedTemplates.examples(for: set)[0].data, case .object(var controller)? = root["controller"]
        else { throw DiagnosticsError([]) }
        controller["company"] = .string(String(repeating: "Lange Firma & Söhne ", count: 20_000) + "GmbH")
        root["controller"] = .object(controller)
        for language in set.languages {
            let general = try #require(Self.general(set, "av-vertrag", language, .object(root)))
            let direct = try #require(Self.direct(set, "av-vertrag", language, .object(root)))
            #expect(general.utf8.count > 400_000)
            #expect(direct == general, "\(language) \(Self.firstDifference(general, direct))")
        }
    }

    /// What ``DirectHTML/scan(_:)`` must say, read byte by byte: no control character (C0,
    /// DEL, C1 as 0xC2 0x80–0x9F), no byte from 0xD6 on except the three of a character of
    /// U+2000–U+20BF that is no bidi control; special when `&`, `<`, `>` or `"`.
    static func scanReference(_ bytes: [UInt8]) -> (plain: Bool, special: Bool) {
        var previous: UInt8 = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0xE2, index + 2 < bytes.count, (0x80...0x82).contains(bytes[index + 1]),
                (0x80...0xBF).contains(bytes[index + 2]) {
                // U+2000–U+20BF, but not the bidi controls among them.
                let scalar = 0x2000 + (UInt32(bytes[index + 1] & 0x3F) << 6) + UInt32(bytes[index + 2] & 0x3F)
                if [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069].contains(scalar) {
                    return (false, false)
                }
                previous = bytes[index + 2]
                index += 3
                continue
            }
            if byte < 0x20 || byte == 0x7F || byte >= 0xD6 || (previous == 0xC2 && byte <= 0x9F) { return (false, false) }
            previous = byte
            index += 1
        }
        return (true, bytes.contains { [0x26, 0x3C, 0x3E, 0x22].contains($0) })
    }

    /// The scan reads eight bytes at a time: every telling byte, and 0xC2 before each of them,
    /// at every place of texts of 1 to 26 bytes, on ASCII, on umlauts, on `§`, and on dashes,
    /// quotation marks and `€` (whose second and third bytes, replaced, make the bidi
    /// controls among them, characters just outside U+2000–U+20BF, and broken sequences).
    @Test func theWordScanAgreesWithAByteByByteReading() {
        let telling: [UInt8] = [0x00, 0x09, 0x1F, 0x20, 0x22, 0x26, 0x3C, 0x3E, 0x41, 0x7E, 0x7F, 0x80, 0x81, 0x82, 0x83,
                                0x85, 0x8D, 0x8E, 0x8F, 0x9F, 0xA0, 0xA4, 0xA5, 0xA6, 0xA7, 0xA9, 0xAA, 0xAE, 0xAF, 0xBF,
                                0xC2, 0xC3, 0xD5, 0xD6, 0xD7, 0xE2, 0xEF, 0xFF]
        let fillers: [[UInt8]] = [Array("a".utf8), Array("ä".utf8), Array("§".utf8), Array("aä§ b".utf8),
                                  Array("„a€".utf8), Array("–".utf8), Array("x\u{2066}".utf8)]
        var checked = 0
        var plainOnes = 0
        for filler in fillers {
            for length in 1...26 {
                let text = (0..<length).map { filler[$0 % filler.count] }
                var cases = [text]
                for place in 0..<length {
                    for byte in telling {
                        var one = text
                        one[place] = byte
                        cases.append(one)
                        if place + 1 < length {
                            one[place] = 0xC2
                            one[place + 1] = byte
                            cases.append(one)
                        }
                    }
                }
                for bytes in cases {
                    let expected = Self.scanReference(bytes)
                    let found = bytes.withUnsafeBufferPointer { DirectHTML.scan($0) }
                    #expect(found.plain == expected.plain && (!found.plain || found.special == expected.special),
                            "\(bytes.map { String($0, radix: 16) })")
                    checked += 1
                    if expected.plain { plainOnes += 1 }
                }
            }
        }
        #expect(checked > 30_000)
        #expect(plainOnes > 10_000)
    }

    /// References to list items: their labels come from the pre-pass, which walks only the
    /// lists that hold a reference's target. Targets at the first and second level of ordered
    /// lists, one only inside a list inside an unordered list, items that come and go with the
    /// data before them, and lists without targets around them.
    @Test func referencesIntoListsGiveTheSameBytes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.writeEverythingSet { _ in """
            <section avv:clause="eins"><h2>Eins</h2>
            <p>Erster Absatz, mit Verweisen auf <avv:ref to="punkt"/>, <avv:ref to="innen"/> und <avv:ref to="tief"/>.</p>
            <ul><li>Ohne Ziel.</li><li avv:each="s in subprocessors">{{ s.name }}</li></ul>
            <ol>
            <li avv:if="controller.dpo">Nur mit Datenschutzbeauftragtem.</li>
            <li avv:each="s in subprocessors">Unterauftrag {{ s.name }}</li>
            <li avv:id="punkt">Ziel erster Ebene.<ol><li avv:if="controller.email">Innen, nur mit E-Mail.</li><li avv:id="innen">Ziel zweiter Ebene.</li></ol></li>
            </ol>
            <p>Zweiter Absatz.</p>
            <ul><li>Außen.<ol><li>Eins.</li><li avv:id="tief">Tief, in einer Liste ohne eigenes Ziel.</li></ol></li></ul>
            <p avv:if="controller.signatory">Dritter Absatz.</p>
            </section>
            <section avv:clause="zwei"><h2>Zwei</h2>
            <ol><li>Verweis aus einer Liste ohne Ziel auf <avv:ref to="innen"/>.</li></ol>
            <p>Nur ein Absatz.</p>
            </section>
            """ }
        let set = try TemplateSet.load(directory: dir.path)
        let party: [String: DataValue] = ["name": .string("Kunde GmbH"), "city": .string("Köln")]
        let base: [String: DataValue] = [
            "processor": .object(["name": .string("Dienst KG"), "city": .string("Bonn")]),
            "contract": .object(["number": .string("W-1"), "date": .string("2026-02-01")]),
            "remote": .object(["priceModel": .string("included"), "recording": .bool(false), "tool": .string("TV")]),
        ]
        let subprocessor: DataValue = .object(["name": .string("Rechenzentrum AG"), "country": .string("DE"), "service": .string("Hosting")])
        var compared = 0
        for extra in [[:], ["dpo": DataValue.string("Frau D"), "email": .string("a@b.de"), "signatory": .string("Herr S")]] {
            for subprocessors in [[], [subprocessor, subprocessor]] {
                var root = base
                root["controller"] = .object(party.merging(extra) { $1 })
                root["subprocessors"] = .array(subprocessors)
                let data = DataValue.object(root)
                for language in set.languages {
                    let general = Self.general(set, "everything", language, data) ?? "general path failed"
                    let direct = Self.direct(set, "everything", language, data) ?? "declined"
                    let same = direct == general
                    #expect(same, "\(language) \(extra.keys.sorted()) \(Self.firstDifference(general, direct))")
                    compared += 1
                }
            }
        }
        #expect(compared == 8)
        // A template without an `h1` gets the title as one after `<main>`, not inside `<title>`.
        let data = DataValue.object(base.merging(["controller": .object(party), "subprocessors": .array([])]) { $1 })
        let html = Self.direct(set, "everything", .de, data) ?? ""
        #expect(html.contains("<title>T</title>"))
        #expect(html.contains("<main class=\"document\">\n<header class=\"title\">\n<h1>T</h1>"))
    }

    /// The "everything" fixture uses every construct of the template language once; only its
    /// link keeps it off the direct path. Without the link (the address printed as a value),
    /// it must take the direct path and give the general path's bytes: a title with a value,
    /// the table of contents, nested ordered lists with references into them, `avv:elif`,
    /// inline conditions and line breaks, an included clause, a conditional clause, an annex
    /// with a table over a loop (`loop.index`, `loop.last`), and signatures with attributes.
    @Test func theEverythingTemplateWithoutItsLinkGivesTheSameBytes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let fixture = Fixtures.path("Everything")
        for file in ["templates.json", "schema.json", "clauses/haftung.de.xhtml", "clauses/haftung.en.xhtml"] {
            try dir.write(file, String(contentsOfFile: fixture + "/" + file, encoding: .utf8))
        }
        for language in ["de", "en"] {
            let file = "everything/everything.\(language).xhtml"
            let source = try String(contentsOfFile: fixture + "/" + file, encoding: .utf8)
            let link = #"<a href="mailto:{{ processor.email }}">{{ processor.email }}</a>"#
            #expect(source.contains(link))
            try dir.write(file, source.replacingOccurrences(of: link, with: "{{ processor.email }}"))
        }
        let set = try TemplateSet.load(directory: dir.path)
        let customer = try CustomerData.load(path: fixture + "/customer.yaml", schema: set.schema).value
        guard case .object(let root) = customer, case .object(let remote)? = root["remote"] else {
            throw DiagnosticsError([])
        }
        var variants: [(String, DataValue)] = [("customer.yaml", customer)]
        for (name, model) in [("included", "included"), ("base fee", "baseFeePlusSteps")] {
            var changed = root
            var r = remote
            r["priceModel"] = .string(model)
            r["recording"] = .bool(false)
            changed["remote"] = .object(r)
            variants.append((name, .object(changed)))
        }
        var without = root
        without["subprocessors"] = .array([])
        variants.append(("no subprocessors", .object(without)))
        for (name, data) in variants {
            for language in set.languages {
                let general = Self.general(set, "everything", language, data) ?? "general path failed"
                let direct = Self.direct(set, "everything", language, data) ?? "declined"
                let same = direct == general
                #expect(same, "\(name) \(language) \(Self.firstDifference(general, direct))")
            }
        }
    }

    @Test func aTemplateWithALinkHasNoDirectProgram() throws {
        let set = try TemplateSet.load(directory: Fixtures.path("Everything"))
        let data = try CustomerData.load(path: Fixtures.path("Everything/customer.yaml"), schema: set.schema).value
        #expect(Self.direct(set, "everything", .de, data) == nil)
        #expect(Self.general(set, "everything", .de, data) != nil)
    }

    @Test func missingDataDeclinesSoThatTheGeneralPathReportsIt() throws {
        let set = try Self.shipped.get()
        guard case .object(var root) = try ShippedTemplates.examples(for: set)[0].data, case .object(var controller)? = root["controller"]
        else { throw DiagnosticsError([]) }
        controller["company"] = nil
        root["controller"] = .object(controller)
        #expect(Self.direct(set, "av-vertrag", .de, .object(root)) == nil)
        #expect(Self.general(set, "av-vertrag", .de, .object(root)) == nil)
    }
}
