@testable import AVVKit

/// A hand-built document that uses every `Block` and `Inline` case, in German and English:
/// the input of the writers' golden files.
enum EverythingDocument {
    static func german() -> Document {
        Document(
            kind: "av-vertrag", language: .de,
            title: "Vertrag über die Auftragsverarbeitung gemäß Art. 28 DSGVO",
            documentID: "av-vertrag-w-2026-0042-de", templateVersion: "2026.1", date: "2026-11-21",
            blocks: [
                .paragraph(Paragraph(content: [.text("zwischen")])),
                .paragraph(
                    Paragraph(content: [
                        .strong([.text("Müller & Söhne GmbH")]), .lineBreak,
                        .text("Hauptstraße 12, 80331 München"), .lineBreak,
                        .text("– nachstehend „Auftraggeber“ –"),
                    ])),
                .paragraph(Paragraph(content: [.text("und")])),
                .paragraph(
                    Paragraph(content: [
                        .strong([.text("Fernwartung Schäfer IT e. K.")]), .lineBreak,
                        .text("Am Bürgerpark 3, 28209 Bremen"), .lineBreak,
                        .text("– nachstehend „Auftragnehmer“ –"),
                    ])),
                .tableOfContents,
                .clause(
                    Section(
                        id: "gegenstand", number: "§ 1", title: [.text("Gegenstand und Dauer")],
                        covers: ["art28-3-subject"],
                        blocks: [
                            .paragraph(
                                Paragraph(
                                    number: "(1)", anchor: "gegenstand-1",
                                    content: [
                                        .text(
                                            "Der Auftragnehmer wartet die IT-Systeme des Auftraggebers aus der Ferne "
                                                + "(Fernwartung) und erhält dabei möglicherweise Zugriff auf personenbezogene "
                                                + "Daten. Die Einzelheiten regelt der Wartungsvertrag Nr. W-2026-0042 vom "
                                                + "21.11.2026 zu einer monatlichen Pauschale von 1.234,50\u{A0}€."),
                                    ])),
                            .paragraph(
                                Paragraph(
                                    number: "(2)", anchor: "gegenstand-2",
                                    content: [
                                        .text("Der Vertrag läuft so lange wie der Wartungsvertrag; "),
                                        .reference(label: "§ 4", anchor: "loeschung"),
                                        .text(" gilt über das Vertragsende hinaus. Die Datenschutzhinweise stehen unter "),
                                        .link(
                                            href: "https://schaefer-it.example/datenschutz?lang=de&v=2",
                                            content: [.text("Datenschutzhinweise")]),
                                        .text("; Anfragen an "),
                                        .link(
                                            href: "mailto:datenschutz@schaefer-it.example",
                                            content: [.text("datenschutz@schaefer-it.example")]),
                                        .text("."),
                                    ])),
                        ])),
                .clause(
                    Section(
                        id: "art-und-zweck", number: "§ 2",
                        title: [.text("Art und Zweck der Verarbeitung, Datenkategorien")],
                        blocks: [
                            .paragraph(
                                Paragraph(
                                    number: "(1)",
                                    content: [.text("Die Verarbeitung umfasst insbesondere:")])),
                            .list(
                                ListBlock(
                                    ordered: true,
                                    items: [
                                        ListItem(
                                            label: "1.", anchor: "art-und-zweck-1-1",
                                            blocks: [
                                                .paragraph(
                                                    Paragraph(content: [
                                                        .text(
                                                            "die Fehleranalyse an Arbeitsplatzrechnern und Servern über eine "
                                                                + "vom Auftraggeber im Einzelfall freigegebene Sitzung,"),
                                                    ]))
                                            ]),
                                        ListItem(
                                            label: "2.",
                                            blocks: [
                                                .paragraph(
                                                    Paragraph(content: [
                                                        .text("die Pflege der Software, namentlich")
                                                    ])),
                                                .list(
                                                    ListBlock(
                                                        ordered: true,
                                                        items: [
                                                            ListItem(
                                                                label: "a)",
                                                                blocks: [
                                                                    .paragraph(
                                                                        Paragraph(content: [
                                                                            .text(
                                                                                "das Einspielen von Sicherheitsaktualisierungen "
                                                                                    + "außerhalb der üblichen Geschäftszeiten und"),
                                                                        ]))
                                                                ]),
                                                            ListItem(
                                                                label: "b)",
                                                                blocks: [
                                                                    .paragraph(
                                                                        Paragraph(content: [
                                                                            .text("die Prüfung von Datensicherungen;")
                                                                        ]))
                                                                ]),
                                                        ])),
                                            ]),
                                        ListItem(
                                            label: "3.",
                                            blocks: [
                                                .paragraph(
                                                    Paragraph(content: [
                                                        .text("die "), .emphasis([.text("Protokollierung")]),
                                                        .text(" jeder Sitzung."),
                                                    ]))
                                            ]),
                                    ])),
                            .heading(Heading(level: 3, content: [.text("Kategorien betroffener Personen")], anchor: "betroffene")),
                            .list(
                                ListBlock(
                                    ordered: false,
                                    items: [
                                        ListItem(label: nil, blocks: [.paragraph(Paragraph(content: [.text("Beschäftigte des Auftraggebers")]))]),
                                        ListItem(label: nil, blocks: [.paragraph(Paragraph(content: [.text("Kunden und Interessenten")]))]),
                                        ListItem(
                                            label: nil,
                                            blocks: [
                                                .paragraph(Paragraph(content: [.text("Lieferanten, jeweils mit")])),
                                                .list(
                                                    ListBlock(
                                                        ordered: false,
                                                        items: [
                                                            ListItem(label: nil, blocks: [.paragraph(Paragraph(content: [.text("Namen und Anschrift,")]))]),
                                                            ListItem(label: nil, blocks: [.paragraph(Paragraph(content: [.text("Bankverbindung.")]))]),
                                                        ])),
                                            ]),
                                    ])),
                        ])),
                .clause(
                    Section(
                        id: "weisungen", number: "§ 3", title: [.text("Weisungen")],
                        covers: ["art28-3-a-instructions"],
                        blocks: [
                            .paragraph(
                                Paragraph(
                                    number: "(1)", anchor: "weisungen-1",
                                    content: [
                                        .text("Der Auftragnehmer verarbeitet die Daten "),
                                        .strong([.text("nur auf dokumentierte Weisung")]),
                                        .text(
                                            " des Auftraggebers, auch in Bezug auf die Übermittlung in ein "
                                                + "Drittland, sofern er nicht nach dem Recht der Union oder der "
                                                + "Mitgliedstaaten dazu verpflichtet ist (Art. 28 Abs. 3 lit. a DSGVO)."),
                                    ])),
                            .paragraph(
                                Paragraph(
                                    number: "(2)", anchor: "weisungen-2",
                                    content: [
                                        .text("Hält der Auftragnehmer eine Weisung für rechtswidrig, informiert er den "
                                            + "Auftraggeber unverzüglich; "),
                                        .reference(label: "§ 3 Abs. 1", anchor: "weisungen-1"),
                                        .text(" bleibt unberührt."),
                                    ])),
                        ])),
                .clause(
                    Section(
                        id: "loeschung", number: "§ 4", title: [.text("Löschung und Rückgabe")],
                        covers: ["art28-3-g-deletion"],
                        blocks: [
                            .paragraph(
                                Paragraph(content: [
                                    .text(
                                        "Nach Abschluss der Leistungen löscht der Auftragnehmer sämtliche Daten oder gibt "
                                            + "sie nach Wahl des Auftraggebers zurück, sofern keine Pflicht zur Speicherung "
                                            + "besteht. Näheres regelt "),
                                    .reference(label: "Anlage 1", anchor: "tom"),
                                    .text("."),
                                ]))
                        ])),
                .clause(
                    Section(
                        id: "unterauftraege", number: "§ 5", title: [.text("Unterauftragsverarbeiter")],
                        blocks: [
                            .paragraph(
                                Paragraph(
                                    number: "(1)",
                                    content: [.text("Der Auftraggeber genehmigt die folgenden Unterauftragsverarbeiter:")])),
                            .table(
                                Table(rows: [
                                    TableRow(cells: [
                                        TableCell(isHeader: true, content: [.text("Name")]),
                                        TableCell(isHeader: true, content: [.text("Anschrift")]),
                                        TableCell(isHeader: true, content: [.text("Land")]),
                                        TableCell(isHeader: true, content: [.text("Leistung")]),
                                    ]),
                                    TableRow(cells: [
                                        TableCell(isHeader: false, content: [.text("TeamViewer Germany GmbH")]),
                                        TableCell(isHeader: false, content: [.text("Bahnhofsplatz 2, 73033 Göppingen")]),
                                        TableCell(isHeader: false, content: [.text("Deutschland")]),
                                        TableCell(
                                            isHeader: false,
                                            content: [.text("Bereitstellung der Fernwartungssoftware und Vermittlung der Verbindungen")]),
                                    ]),
                                    TableRow(cells: [
                                        TableCell(isHeader: false, content: [.text("Hetzner Online GmbH")]),
                                        TableCell(isHeader: false, content: [.text("Industriestr. 25,"), .lineBreak, .text("91710 Gunzenhausen")]),
                                        TableCell(isHeader: false, content: [.text("Deutschland")]),
                                        TableCell(isHeader: false, content: [.text("Hosting des Ticketsystems")]),
                                    ]),
                                ])),
                            .paragraph(
                                Paragraph(
                                    number: "(2)",
                                    content: [.text("Ansprechpartner für den Datenschutz sind:")])),
                            .table(
                                Table(rows: [
                                    TableRow(cells: [
                                        TableCell(isHeader: true, content: [.text("Partei")]),
                                        TableCell(isHeader: true, content: [.text("Name")]),
                                        TableCell(isHeader: true, content: [.text("Telefon")]),
                                    ]),
                                    TableRow(cells: [
                                        TableCell(isHeader: false, content: [.text("Auftraggeber")]),
                                        TableCell(isHeader: false, content: [.text("Jürgen Weiß")]),
                                        TableCell(isHeader: false, content: [.text("+49 89 1234-0")]),
                                    ]),
                                    TableRow(cells: [
                                        TableCell(isHeader: false, content: [.text("Auftragnehmer")]),
                                        TableCell(isHeader: false, content: [.text("Anna Schäfer")]),
                                        TableCell(isHeader: false, content: [.text("+49 421 55 66 77")]),
                                    ]),
                                ])),
                        ])),
                .heading(Heading(level: 3, content: [.text("Unterschriften")])),
                .signatures(
                    Signatures(parties: [
                        Party(
                            role: "Auftraggeber (Verantwortlicher)", name: [.text("Müller & Söhne GmbH")],
                            place: "München", signatory: "Jürgen Weiß", function: "Geschäftsführer"),
                        Party(role: "Auftragnehmer (Auftragsverarbeiter)", name: [.text("Fernwartung Schäfer IT e. K.")]),
                    ])),
                .annex(
                    Section(
                        id: "tom", number: "Anlage 1", title: [.text("Technische und organisatorische Maßnahmen")],
                        covers: ["art32-tom"],
                        blocks: [
                            .heading(Heading(level: 3, content: [.text("1. Zutrittskontrolle")])),
                            .paragraph(
                                Paragraph(content: [
                                    .text("Büroräume sind außerhalb der Geschäftszeiten verschlossen und alarmgesichert.")
                                ])),
                            .heading(Heading(level: 3, content: [.text("2. Zugriffskontrolle")])),
                            .list(
                                ListBlock(
                                    ordered: false,
                                    items: [
                                        ListItem(label: nil, blocks: [.paragraph(Paragraph(content: [.text("Sitzungen nur nach Freigabe durch den Auftraggeber")]))]),
                                        ListItem(label: nil, blocks: [.paragraph(Paragraph(content: [.text("Zwei-Faktor-Anmeldung für alle Techniker")]))]),
                                    ])),
                        ])),
            ])
    }

    static func english() -> Document {
        Document(
            kind: "av-vertrag", language: .en,
            title: "Data Processing Agreement under Art. 28 GDPR",
            documentID: "av-vertrag-w-2026-0042-en", templateVersion: "2026.1", date: "2026-11-21",
            blocks: [
                .heading(Heading(level: 1, content: [.text("Data Processing Agreement under Art. 28 GDPR")])),
                .paragraph(
                    Paragraph(content: [
                        .text("between "), .strong([.text("Müller & Söhne GmbH")]),
                        .text(" (the “Controller”) and "), .strong([.text("Fernwartung Schäfer IT e. K.")]),
                        .text(" (the “Processor”)"),
                    ])),
                .tableOfContents,
                .clause(
                    Section(
                        id: "subject", number: "Clause 1", title: [.text("Subject matter and duration")],
                        blocks: [
                            .paragraph(
                                Paragraph(
                                    number: "(1)", anchor: "subject-1",
                                    content: [
                                        .text(
                                            "The Processor maintains the Controller's IT systems remotely for a monthly "
                                                + "fee of €1,234.50 and may thereby gain access to personal data; see "),
                                        .link(href: "https://schaefer-it.example/privacy?a=1&b=\"2\"", content: [.text("privacy notice")]),
                                        .text("."),
                                    ])),
                            .paragraph(
                                Paragraph(
                                    number: "(2)",
                                    content: [
                                        .reference(label: "Clause 2(1)", anchor: "instructions-1"),
                                        .text(" applies throughout."),
                                    ])),
                        ])),
                .clause(
                    Section(
                        id: "instructions", number: "Clause 2", title: [.text("Instructions")],
                        blocks: [
                            .paragraph(
                                Paragraph(
                                    number: "(1)", anchor: "instructions-1",
                                    content: [
                                        .text("The Processor processes the data "),
                                        .emphasis([.text("only on documented instructions")]),
                                        .text(" from the Controller, in particular:"),
                                    ])),
                            .list(
                                ListBlock(
                                    ordered: true,
                                    items: [
                                        ListItem(
                                            label: "(a)",
                                            blocks: [
                                                .paragraph(Paragraph(content: [.text("remote sessions are started by the Controller;")])),
                                                .list(
                                                    ListBlock(
                                                        ordered: true,
                                                        items: [
                                                            ListItem(label: "(i)", blocks: [.paragraph(Paragraph(content: [.text("each session is logged, and")]))]),
                                                            ListItem(label: "(ii)", blocks: [.paragraph(Paragraph(content: [.text("recordings are off by default;")]))]),
                                                        ])),
                                            ]),
                                        ListItem(label: "(b)", blocks: [.paragraph(Paragraph(content: [.text("transfers to a third country need prior consent.")]))]),
                                    ])),
                        ])),
                .clause(
                    Section(
                        id: "subprocessors", number: "Clause 3", title: [.text("Sub-processors")],
                        blocks: [
                            .table(
                                Table(rows: [
                                    TableRow(cells: [
                                        TableCell(isHeader: true, content: [.text("Name")]),
                                        TableCell(isHeader: true, content: [.text("Country")]),
                                    ]),
                                    TableRow(cells: [
                                        TableCell(isHeader: false, content: [.text("TeamViewer Germany GmbH")]),
                                        TableCell(isHeader: false, content: [.text("Germany")]),
                                    ]),
                                ]))
                        ])),
                .signatures(
                    Signatures(parties: [
                        Party(role: "Controller", name: [.text("Müller & Söhne GmbH")], place: "Munich"),
                        Party(
                            role: "Processor", name: [.text("Fernwartung Schäfer IT e. K.")], place: "Bremen",
                            signatory: "Anna Schäfer", function: "Owner"),
                    ])),
                .annex(
                    Section(
                        id: "toms", number: "Annex 1", title: [.text("Technical and organisational measures")],
                        blocks: [
                            .paragraph(Paragraph(content: [.text("See "), .reference(label: "Clause 2", anchor: "instructions"), .text(".")]))
                        ])),
            ])
    }
}
