@testable import AVVKit

/// Awkward content: umlaut-heavy text, very long words and URLs, deep nesting, wide tables,
/// characters that must be escaped or replaced, duplicate anchors.
enum StressDocument {
    /// Characters neither XML nor HTML allows (Swift rejects some of them in literals).
    static let forbidden = String(
        String.UnicodeScalarView(
            [0x0, 0x1, 0x8, 0xB, 0xC, 0x1F, 0x7F, 0x80, 0x9F, 0xFFFE, 0xFFFF, 0xFDD0, 0x1FFFF]
                .compactMap(Unicode.Scalar.init)))

    static func make() -> Document {
        let umlauts = String(
            repeating: "Öffentliche Übermittlungsbefugnisse für Äußerungen über Größenordnungen "
                + "süßer Grüße ändern Maßnahmen, Prüfpflichten und Verschlüsselungsverfahren. ", count: 4)
        let longWord = String(repeating: "Grundstücksverkehrsgenehmigungszuständigkeit", count: 2)
        let longURL = "https://example.com/" + String(repeating: "verzeichnis/", count: 8) + "datei.pdf?x=1&y=<2>"
        func para(_ text: String, number: String? = nil) -> Block {
            .paragraph(Paragraph(number: number, content: [.text(text)]))
        }
        var nested: Block = para(umlauts)
        for depth in (1...5).reversed() {
            nested = .list(ListBlock(ordered: depth % 2 == 0, items: [
                ListItem(label: depth % 2 == 0 ? "\(depth)." : nil, blocks: [para("Ebene \(depth): \(umlauts)"), nested]),
                ListItem(label: depth % 2 == 0 ? "\(depth + 10)." : nil, blocks: [para(longWord)]),
            ]))
        }
        return Document(
            kind: "stress", language: .de,
            title: "Ein sehr langer Titel über Übermittlungen, Äußerungen und Maßnahmen, der umbrechen muss, <script>alert('x')</script> & \"mehr\"",
            documentID: "stress-<&>\"-de", templateVersion: "0.0-'test'", date: "not a date",
            blocks: [
                .tableOfContents,
                para(umlauts, number: "(1)"),
                para("Kurz \(longWord) und \(longURL) am Ende", number: "(2)"),
                .paragraph(Paragraph(anchor: "dup", content: [
                    .text("Steuerzeichen " + forbidden + " ende; "),
                    .text("<script>alert(\"x\")</script> & 'quotes' ]]> --> "),
                    .link(href: "javascript:alert('x')", content: [.text("böser Link")]),
                    .text(" "),
                    .link(href: " https://example.com/a b?q=\"x\"&r='y'#frag#more ", content: [.text("Link mit <Sonderzeichen> & \"Anführung\"")]),
                    .text(" "),
                    .link(href: "https://example.com/x", content: [.text("äußerer "), .link(href: "https://example.com/y", content: [.text("innerer")]), .reference(label: "§ 1", anchor: "eins")]),
                    .text(" "), .reference(label: "nirgendwo", anchor: "gibt es nicht"),
                ])),
                .paragraph(Paragraph(anchor: "dup", content: [.text("Zweiter Anker gleichen Namens.")])),
                .clause(Section(id: "eins", number: "§ 1", title: [.text(umlauts)], blocks: [nested])),
                .clause(Section(id: "zwei", number: "§ 2", title: [.text("Tabellen")], blocks: [
                    .table(Table(rows: [
                        TableRow(cells: [
                            TableCell(isHeader: true, content: [.text("Eine sehr lange Spaltenüberschrift, die nicht passt")]),
                            TableCell(isHeader: true, content: [.text("Wert")]),
                        ]),
                        TableRow(cells: [
                            TableCell(isHeader: false, content: [.text(umlauts)]),
                            TableCell(isHeader: false, content: [.text(longWord)]),
                            TableCell(isHeader: false, content: [.text("überzählige Zelle")]),
                        ]),
                    ])),
                    .table(Table(rows: [
                        TableRow(cells: [TableCell(isHeader: false, content: [.text("ohne Kopf")]), TableCell(isHeader: false, content: [.text(umlauts)])]),
                    ])),
                    .table(Table(rows: [])),
                    .list(ListBlock(ordered: true, items: [])),
                    .heading(Heading(level: 5, content: [.text("Tiefe Überschrift")], anchor: "dup")),
                    .clause(Section(id: "zwei-a", number: "§ 2a", title: [.text("Eingebettet")], blocks: [para("Text.")])),
                ])),
                .signatures(Signatures(parties: [
                    Party(role: "Auftraggeber <Verantwortlicher>", name: [.text(umlauts)], place: umlauts, signatory: longWord, function: "Geschäftsführerin & \"Prokuristin\""),
                    Party(role: "Auftragnehmer", name: [.strong([.text("X & Y")])]),
                    Party(role: "Dritter", name: [.text("Z")]),
                ])),
                .annex(Section(id: "eins", number: "Anlage 1", title: [.text("Gleiche Id wie § 1")], blocks: [para(umlauts)])),
                .annex(Section(id: "lang", number: "Anlage 2 mit einer außergewöhnlich langen Nummer", title: [.text(umlauts)], blocks: [])),
            ])
    }
}
